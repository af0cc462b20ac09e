package http

import (
	"sync"
	"time"

	"isms/tracker"
)

// pending keeps an upload between its preview and its confirmation, for one account, for a short
// while (as pendingRosters does for rosters); nothing is stored until confirmed.
type pending[T any] struct {
	mu      sync.Mutex
	entries map[string]pendingEntry[T]
}

type pendingEntry[T any] struct {
	account int64
	v       T
	created time.Time
}

func (p *pending[T]) put(account int64, v T) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.entries == nil {
		p.entries = map[string]pendingEntry[T]{}
	}
	for id, e := range p.entries {
		if time.Since(e.created) > pendingTTL || e.account == account {
			delete(p.entries, id)
		}
	}
	id := randomString()
	p.entries[id] = pendingEntry[T]{account: account, v: v, created: time.Now()}
	return id
}

// get returns the upload without removing it: a confirmation refused as stale can be retried.
func (p *pending[T]) get(account int64, id string) (T, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.entries[id]
	if !ok || e.account != account || time.Since(e.created) > pendingTTL {
		var zero T
		return zero, false
	}
	return e.v, true
}

func (p *pending[T]) drop(id string) {
	p.mu.Lock()
	delete(p.entries, id)
	p.mu.Unlock()
}

// errPendingGone answers a confirmation whose upload is no longer kept: it expired, was already
// used, or a newer upload of the same account replaced it (one account keeps one at a time). done
// names what using it did, newer what replaced it, again what to do now.
func errPendingGone(done, newer, again string) error {
	return tracker.Errorf(tracker.ECONFLICT, "この確認画面は使えません。有効期限（%d分）が切れたか、すでに%sか、別の画面で%sためです。%s",
		int(pendingTTL.Minutes()), done, newer, again)
}
