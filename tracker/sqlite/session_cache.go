package sqlite

import (
	"sync"
	"time"

	"isms/tracker"
)

// sessionCacheTTL is how long a session read from the database is trusted without reading it
// again. Every change this process makes to sessions, accounts or people clears the cache at once;
// the TTL bounds how long a change made by another process (the command line) takes to reach a
// signed-in browser.
const sessionCacheTTL = 2 * time.Second

// sessionCache spares the database a read on every request: the session lookup was the largest
// share of the submit path's cost.
type sessionCache struct {
	mu sync.Mutex
	m  map[string]*cachedSession // by token hash
}

type cachedSession struct {
	session tracker.Session
	account accountRow
	loaded  time.Time // wall clock, not the store's clock: the TTL is about real staleness
}

func (c *sessionCache) get(hash string) (*cachedSession, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || time.Since(e.loaded) > sessionCacheTTL {
		return nil, false
	}
	return e, true
}

func (c *sessionCache) put(hash string, e *cachedSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 20000 {
		c.m = map[string]*cachedSession{}
	}
	c.m[hash] = e
}

// touch records a newer last-use time in a cached entry.
func (c *sessionCache) touch(hash string, seen time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[hash]; ok {
		e.session.SeenAt = seen
	}
}

// clear drops everything; called after any write that can end a session or change who it is.
func (c *sessionCache) clear() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}
