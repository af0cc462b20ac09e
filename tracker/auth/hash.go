// Package auth holds the password rules of the tracker: the strength rule (【07】第11条(1),
// 【04】第13条第2項(3)), argon2id hashing and temporary passwords. It knows nothing of storage.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters. The defaults are one of the settings OWASP's password
// storage guidance lists as equally strong (9 MiB, 4 passes, 1 lane; the same work as 19 MiB with 2
// passes), chosen for the smaller memory: a burst of sign-ins then costs half as much.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams is the cost used for new hashes.
var DefaultParams = Params{Memory: 9 * 1024, Time: 4, Threads: 1}

// Hasher hashes and checks passwords, never more than a few at once: each hash holds Memory KiB,
// so a burst of sign-ins would otherwise multiply the server's memory.
type Hasher struct {
	Params Params
	slots  chan struct{}
}

// NewHasher returns a Hasher running at most concurrency hashes at a time.
func NewHasher(p Params, concurrency int) *Hasher {
	if concurrency < 1 {
		concurrency = 1
	}
	return &Hasher{Params: p, slots: make(chan struct{}, concurrency)}
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash returns the PHC-format argon2id hash of password with a fresh salt.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, 16)
	rand.Read(salt)
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, h.Params.Time, h.Params.Memory, h.Params.Threads, 32)
	h.release()
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.Params.Memory, h.Params.Time,
		h.Params.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// ErrMalformedHash is returned for a stored hash this package cannot read.
var ErrMalformedHash = errors.New("auth: malformed password hash")

// tempPrefix marks a temporary password's hash. A temporary password is 16 random characters
// (about 93 bits): no one can guess it, so a slow hash adds nothing, and a single salted SHA-256
// lets a roster import issue thousands at once without holding the database for minutes.
const tempPrefix = "$sha256$"

// HashTemp hashes a temporary password made by TempPassword.
func HashTemp(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	sum := sha256.Sum256(append(salt, password...))
	enc := base64.RawStdEncoding
	return tempPrefix + enc.EncodeToString(salt) + "$" + enc.EncodeToString(sum[:])
}

// IsTemp reports whether encoded is the hash of a temporary password.
func IsTemp(encoded string) bool { return strings.HasPrefix(encoded, tempPrefix) }

// Verify reports whether password matches the encoded hash (argon2id, or a temporary password's).
// The comparison is constant-time, and a temporary password takes as long to check as a real one,
// so timing does not tell which kind an account has.
func (h *Hasher) Verify(ctx context.Context, encoded, password string) (bool, error) {
	if IsTemp(encoded) {
		parts := strings.Split(strings.TrimPrefix(encoded, tempPrefix), "$")
		enc := base64.RawStdEncoding
		if len(parts) != 2 {
			return false, ErrMalformedHash
		}
		salt, err1 := enc.DecodeString(parts[0])
		want, err2 := enc.DecodeString(parts[1])
		if err1 != nil || err2 != nil || len(want) != sha256.Size {
			return false, ErrMalformedHash
		}
		h.Dummy(ctx, password)
		got := sha256.Sum256(append(salt, password...))
		return subtle.ConstantTimeCompare(got[:], want) == 1, nil
	}
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	h.release()
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// Dummy spends the time of one verification without a real hash, so an unknown ID takes as long to
// refuse as a wrong password (【07】第9条2: the answer gives no hint either way).
func (h *Hasher) Dummy(ctx context.Context, password string) {
	if err := h.acquire(ctx); err != nil {
		return
	}
	argon2.IDKey([]byte(password), []byte("isms-dummy-salt!"), h.Params.Time, h.Params.Memory, h.Params.Threads, 32)
	h.release()
}

// NeedsRehash reports whether encoded is an argon2id hash made with other parameters than h's.
func (h *Hasher) NeedsRehash(encoded string) bool {
	if IsTemp(encoded) {
		return false
	}
	p, _, _, err := decode(encoded)
	return err != nil || p != h.Params
}

func decode(encoded string) (Params, []byte, []byte, error) {
	parts := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Params{}, nil, nil, ErrMalformedHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return Params{}, nil, nil, ErrMalformedHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		p.Memory == 0 || p.Time == 0 || p.Threads == 0 || p.Memory > 1<<21 {
		return Params{}, nil, nil, ErrMalformedHash
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return Params{}, nil, nil, ErrMalformedHash
	}
	key, err := enc.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return Params{}, nil, nil, ErrMalformedHash
	}
	return p, salt, key, nil
}

// tempAlphabet leaves out characters that are misread on paper: 0/O/o, 1/l/I.
const tempAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// TempPassword returns a random temporary password of 16 characters in four groups (about 93 bits).
func TempPassword() string {
	var b strings.Builder
	limit := byte(256 - 256%len(tempAlphabet)) // reject bytes above a multiple of the alphabet: no bias
	buf := make([]byte, 1)
	for n := 0; n < 16; {
		rand.Read(buf)
		if buf[0] >= limit {
			continue
		}
		if n > 0 && n%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(tempAlphabet[int(buf[0])%len(tempAlphabet)])
		n++
	}
	return b.String()
}
