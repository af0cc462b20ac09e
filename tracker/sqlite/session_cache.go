package sqlite

import (
	"os"
	"sync"
	"time"

	"isms/tracker"
)

// sessionCacheTTL is how long a session read from the database is trusted without reading it
// again. Every change this process makes to sessions, accounts or people clears the cache at once;
// a change made by another process (the command line: isms user reset, isms roster import) also
// touches the file sessionsStamp names, which the cache compares on every use, so a session ended
// there ends here at once too. The TTL bounds what is left: a change in the database made without
// the stamp.
const sessionCacheTTL = 2 * time.Second

// sessionCache spares the database a read on every request: the session lookup was the largest
// share of the submit path's cost.
type sessionCache struct {
	mu    sync.Mutex
	m     map[string]*cachedSession // by token hash
	stamp int64                     // the stamp file's time when m was started
}

type cachedSession struct {
	session tracker.Session
	account accountRow
	loaded  time.Time // wall clock, not the store's clock: the TTL is about real staleness
}

// get returns a cached session; stamp is the stamp file's time now.
func (c *sessionCache) get(hash string, stamp int64) (*cachedSession, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if stamp != c.stamp {
		c.m, c.stamp = nil, stamp
		return nil, false
	}
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

// sessionsStamp names the file whose modification time says when sessions were last ended by any
// process using the database.
func (db *DB) sessionsStamp() string { return db.Path + "-sessions" }

// stamp reads the stamp file's time (0 when there is none): one stat, far cheaper than reading
// the session.
func (db *DB) stamp() int64 {
	st, err := os.Stat(db.sessionsStamp())
	if err != nil {
		return 0
	}
	return st.ModTime().UnixNano()
}

// sessionsChanged is called after a commit that ends sessions or changes who they are: the cache
// of this process is dropped, and the stamp tells the others.
func (db *DB) sessionsChanged() {
	db.sessions.clear()
	now := time.Now()
	if err := os.Chtimes(db.sessionsStamp(), now, now); err != nil {
		if f, err := os.OpenFile(db.sessionsStamp(), os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
			f.Close()
			os.Chtimes(db.sessionsStamp(), now, now)
		}
	}
}
