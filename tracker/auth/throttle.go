package auth

import (
	"net/netip"
	"sync"
	"time"
)

// Sign-in limits that someone who only knows an ID cannot turn against its owner (【09】第5条第2項,
// OWASP's Authentication Cheat Sheet). tracker/README.md ("Sign-in limits") gives the reasoning;
// in short:
//
//   - 入力回数制限 is kept per ID and client: after StaffFailures (AdminFailures) failures at an
//     ID, that client is locked out of that ID for LockFor. The owner, elsewhere, is not.
//   - A client is its browser when the browser holds the device token it got at its last
//     sign-in to that ID, else its address.
//   - Failures at an ID from clients it does not know slow every further attempt from such
//     clients (a wait that doubles, up to MaxWait) once IDFailures are reached: guessing spread
//     over many addresses is slowed, and nothing locks that anyone could trigger.
//   - Each address and each address block (/24, /64) has a budget of failures per LockFor, and
//     one sign-in at a time per address: past them a sign-in is refused at once, before any
//     password hash is computed, so a flood from one place costs the server almost nothing and
//     does not queue ahead of other people's sign-ins.
//   - Failures never end a session.
//
// The state is in memory. Each ID's state carries a tag of the ID's password (Attempt.Tag): a
// new password, such as the temporary one of `isms user reset`, forgets every failure at the ID.

// Limits are the numbers of the sign-in limits.
type Limits struct {
	StaffFailures   int           // failures at a staff ID from one client before that client is locked out of it
	AdminFailures   int           // the same for admin IDs (【09】第5条2: stricter)
	LockFor         time.Duration // how long a lock lasts, and how long failures are remembered
	AddressFailures int           // failures one address may make per LockFor
	BlockFailures   int           // failures one address block may make per LockFor
	BlockInFlight   int           // sign-ins checked at once from one block (one per address)
	IDFailures      int           // failures at one ID from clients it does not know before they must wait
	MaxWait         time.Duration // the longest of those waits
}

// Client is where a sign-in comes from.
type Client struct {
	Address netip.Addr // the client's address; the zero Addr when unknown
	// Device is the device token the browser holds for the ID it signs in with ("" when none):
	// the owner's own browser, which the limits of addresses and unknown clients do not touch.
	Device string
}

func (c Client) key() string {
	if c.Device != "" {
		return "device " + c.Device
	}
	return c.Address.String()
}

// Block is the address block an address belongs to: its /24 (IPv4) or /64 (IPv6).
func Block(a netip.Addr) netip.Prefix {
	a = a.Unmap()
	bits := 64
	if a.Is4() {
		bits = 24
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return netip.Prefix{}
	}
	return p
}

// Reason says why a sign-in was refused before its password was checked.
type Reason int

const (
	Busy         Reason = iota + 1 // a sign-in from the same address (or too many from its block) is in progress
	AddressLimit                   // the address has used its failures
	BlockLimit                     // the block has used its failures
	Locked                         // this client is locked out of this ID (入力回数制限)
	Slowed                         // the ID has failed too often from unknown clients: wait
)

// Refusal is a sign-in refused by the limits; Until is when trying again can succeed.
type Refusal struct {
	Reason Reason
	Until  time.Time
}

// Throttle keeps the state of the limits. Its methods are safe for concurrent use.
type Throttle struct {
	limits Limits

	mu        sync.Mutex
	inFlight  map[string]bool      // by client key
	blockBusy map[netip.Prefix]int // sign-ins in progress per block, clients without a device only
	addresses map[netip.Addr]*bucket
	blocks    map[netip.Prefix]*bucket
	pairs     map[pairKey]*pairState
	ids       map[string]*idState
	swept     time.Time
}

// NewThrottle returns a throttle with the limits l; zero limits take the defaults of DefaultLimits.
func NewThrottle(l Limits) *Throttle {
	d := DefaultLimits
	for _, f := range []struct {
		v   *int
		def int
	}{{&l.StaffFailures, d.StaffFailures}, {&l.AdminFailures, d.AdminFailures}, {&l.AddressFailures, d.AddressFailures},
		{&l.BlockFailures, d.BlockFailures}, {&l.BlockInFlight, d.BlockInFlight}, {&l.IDFailures, d.IDFailures}} {
		if *f.v <= 0 {
			*f.v = f.def
		}
	}
	if l.LockFor <= 0 {
		l.LockFor = d.LockFor
	}
	if l.MaxWait <= 0 {
		l.MaxWait = d.MaxWait
	}
	return &Throttle{limits: l, inFlight: map[string]bool{}, blockBusy: map[netip.Prefix]int{},
		addresses: map[netip.Addr]*bucket{}, blocks: map[netip.Prefix]*bucket{}, pairs: map[pairKey]*pairState{}, ids: map[string]*idState{}}
}

// DefaultLimits are the limits the configuration starts from.
var DefaultLimits = Limits{StaffFailures: 5, AdminFailures: 3, LockFor: 15 * time.Minute, AddressFailures: 20, BlockFailures: 100,
	BlockInFlight: 8, IDFailures: 10, MaxWait: time.Minute}

// Limits returns the limits in force.
func (t *Throttle) Limits() Limits { return t.limits }

// Failures is the number of failures at an ID (admin or not) that locks a client out of it.
func (t *Throttle) Failures(admin bool) int {
	if admin {
		return t.limits.AdminFailures
	}
	return t.limits.StaffFailures
}

// bucket counts failures that leak away at limit per LockFor.
type bucket struct {
	level float64
	at    time.Time
}

func (b *bucket) drain(now time.Time, limit int, per time.Duration) {
	if b.level > 0 && now.After(b.at) {
		b.level -= float64(limit) * float64(now.Sub(b.at)) / float64(per)
		b.level = max(b.level, 0)
	}
	b.at = now
}

// until is when a full bucket has room for one more failure.
func (b *bucket) until(limit int, per time.Duration) time.Time {
	over := b.level - float64(limit) + 1
	return b.at.Add(time.Duration(over / float64(limit) * float64(per)))
}

type pairKey struct{ login, client string }

type pairState struct {
	tag      string
	failures int
	last     time.Time
	locked   time.Time // locked until
}

type idState struct {
	tag      string
	failures int // from clients without a device token for the ID
	last     time.Time
}

// A Ticket is one sign-in admitted by Enter; call Leave when it is done.
type Ticket struct {
	t      *Throttle
	client Client
	login  string
	admin  bool
	tag    string
	left   bool
}

// Enter admits a sign-in from c, or refuses it at once (Busy, AddressLimit, BlockLimit). A sign-in
// with a device token is not held to its address's limits.
func (t *Throttle) Enter(c Client, now time.Time) (*Ticket, *Refusal) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sweep(now)
	key, block := c.key(), Block(c.Address)
	if t.inFlight[key] {
		return nil, &Refusal{Reason: Busy, Until: now.Add(time.Second)}
	}
	if c.Device == "" {
		if t.blockBusy[block] >= t.limits.BlockInFlight {
			return nil, &Refusal{Reason: Busy, Until: now.Add(time.Second)}
		}
		if b := t.addresses[c.Address]; b != nil {
			if b.drain(now, t.limits.AddressFailures, t.limits.LockFor); b.level > float64(t.limits.AddressFailures)-1 {
				return nil, &Refusal{Reason: AddressLimit, Until: b.until(t.limits.AddressFailures, t.limits.LockFor)}
			}
		}
		if b := t.blocks[block]; b != nil {
			if b.drain(now, t.limits.BlockFailures, t.limits.LockFor); b.level > float64(t.limits.BlockFailures)-1 {
				return nil, &Refusal{Reason: BlockLimit, Until: b.until(t.limits.BlockFailures, t.limits.LockFor)}
			}
		}
		t.blockBusy[block]++
	}
	t.inFlight[key] = true
	return &Ticket{t: t, client: c}, nil
}

// Check applies the limits of the ID: Locked when this client is locked out of it, Slowed when the
// ID has failed too often from unknown clients and the wait is not over. admin selects the
// stricter count; tag names the ID's current password.
func (k *Ticket) Check(login string, admin bool, tag string, now time.Time) *Refusal {
	k.login, k.admin, k.tag = login, admin, tag
	t := k.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if p := t.pair(k); p != nil && now.Before(p.locked) {
		return &Refusal{Reason: Locked, Until: p.locked}
	}
	if k.client.Device != "" {
		return nil
	}
	if id := t.id(k, now); id != nil && id.failures >= t.limits.IDFailures {
		if next := id.last.Add(t.wait(id.failures)); now.Before(next) {
			return &Refusal{Reason: Slowed, Until: next}
		}
	}
	return nil
}

// wait is how long after the last failure the next attempt from an unknown client may come: one
// second at IDFailures, doubling with each failure after, up to MaxWait.
func (t *Throttle) wait(failures int) time.Duration {
	n := failures - t.limits.IDFailures
	if n >= 16 {
		return t.limits.MaxWait
	}
	return min(time.Second<<n, t.limits.MaxWait)
}

// pair returns the state of (ID, client), dropping it when the password changed or the failures
// are forgotten; nil when there is none.
func (t *Throttle) pair(k *Ticket) *pairState {
	key := pairKey{k.login, k.client.key()}
	p := t.pairs[key]
	if p != nil && p.tag != k.tag {
		delete(t.pairs, key)
		return nil
	}
	return p
}

// id returns the state of the ID as pair does.
func (t *Throttle) id(k *Ticket, now time.Time) *idState {
	s := t.ids[k.login]
	if s != nil && (s.tag != k.tag || now.Sub(s.last) >= t.limits.LockFor) {
		delete(t.ids, k.login)
		return nil
	}
	return s
}

// Fail records a failed sign-in (a wrong password, an unknown ID, one that may not sign in). It
// returns how many failures this client has left at the ID, and when the client was locked out by
// this failure, the end of the lock (else the zero time).
func (k *Ticket) Fail(now time.Time) (left int, lockedUntil time.Time) {
	t := k.t
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.pair(k)
	if p != nil && now.Sub(p.last) >= t.limits.LockFor {
		p = nil // failures that old are forgotten
	}
	if p == nil {
		p = &pairState{tag: k.tag}
		t.pairs[pairKey{k.login, k.client.key()}] = p
	}
	p.failures++
	p.last = now
	limit := t.Failures(k.admin)
	if p.failures >= limit {
		p.failures, p.locked = 0, now.Add(t.limits.LockFor)
		lockedUntil = p.locked
	}
	if k.client.Device == "" {
		id := t.id(k, now)
		if id == nil {
			id = &idState{tag: k.tag}
			t.ids[k.login] = id
		}
		id.failures++
		id.last = now
		charge(t.addresses, k.client.Address, t.limits.AddressFailures, t.limits.LockFor, now)
		charge(t.blocks, Block(k.client.Address), t.limits.BlockFailures, t.limits.LockFor, now)
	}
	return limit - p.failures, lockedUntil
}

// charge adds a failure to key's bucket.
func charge[K comparable](m map[K]*bucket, key K, limit int, per time.Duration, now time.Time) {
	b := m[key]
	if b == nil {
		b = &bucket{at: now}
		m[key] = b
	}
	b.drain(now, limit, per)
	b.level++
}

// Succeed records a sign-in whose password was right: this client's failures at the ID are
// forgotten. The ID's failures from unknown clients stay: the owner signing in does not give a
// guesser fresh tries.
func (k *Ticket) Succeed() {
	t := k.t
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.pairs, pairKey{k.login, k.client.key()})
}

// Leave ends the sign-in: the next one from the same client may start.
func (k *Ticket) Leave() {
	t := k.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if k.left {
		return
	}
	k.left = true
	delete(t.inFlight, k.client.key())
	if k.client.Device == "" {
		block := Block(k.client.Address)
		if t.blockBusy[block]--; t.blockBusy[block] <= 0 {
			delete(t.blockBusy, block)
		}
	}
}

// sweep forgets, at most once a minute, the state that no longer limits anything, so that the
// maps stay as large as the recent failures only.
func (t *Throttle) sweep(now time.Time) {
	if now.Sub(t.swept) < time.Minute {
		return
	}
	t.swept = now
	forget := t.limits.LockFor + t.limits.MaxWait
	for k, p := range t.pairs {
		if now.After(p.locked) && now.Sub(p.last) >= forget {
			delete(t.pairs, k)
		}
	}
	for k, s := range t.ids {
		if now.Sub(s.last) >= forget {
			delete(t.ids, k)
		}
	}
	for k, b := range t.addresses {
		if b.drain(now, t.limits.AddressFailures, t.limits.LockFor); b.level == 0 {
			delete(t.addresses, k)
		}
	}
	for k, b := range t.blocks {
		if b.drain(now, t.limits.BlockFailures, t.limits.LockFor); b.level == 0 {
			delete(t.blocks, k)
		}
	}
}
