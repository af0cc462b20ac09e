package sqlite

import (
	"sync"
	"time"
)

// briefCacheTTL is how long a small, often-read table (the amendments' settings, the question
// reviews) is trusted without reading it again. A write by this process clears it at once; the
// TTL bounds how long a write from the command line takes to show.
const briefCacheTTL = 2 * time.Second

// brief keeps one value read from the store for briefCacheTTL.
type brief[T any] struct {
	mu     sync.Mutex
	v      T
	loaded time.Time // wall clock: the TTL is about real staleness; zero when cleared
}

// get returns the value kept, or loads it.
func (c *brief[T]) get(load func() (T, error)) (T, error) {
	c.mu.Lock()
	if !c.loaded.IsZero() && time.Since(c.loaded) < briefCacheTTL {
		v := c.v
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()
	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	c.v, c.loaded = v, time.Now()
	c.mu.Unlock()
	return v, nil
}

func (c *brief[T]) clear() {
	c.mu.Lock()
	c.loaded = time.Time{}
	c.mu.Unlock()
}
