package sqlite

import (
	"context"
	"sync"
	"time"

	"isms/tracker"
)

// planCacheTTL is how long the plan in force is trusted without reading it again. Every paper drawn
// needs it; a plan saved by this process clears the cache at once, and the TTL bounds how long a
// plan saved from the command line takes to reach signed-in browsers.
const planCacheTTL = 2 * time.Second

type planCache struct {
	mu sync.Mutex
	m  map[tracker.FiscalYear]cachedPlan
}

type cachedPlan struct {
	inForce, recorded *tracker.Plan
	loaded            time.Time // wall clock: the TTL is about real staleness
}

func (c *planCache) clear() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// PlanInForce returns the plan staff follow in fy and the recorded plan (nil when none).
func (db *DB) PlanInForce(ctx context.Context, fy tracker.FiscalYear) (*tracker.Plan, *tracker.Plan, error) {
	db.plans.mu.Lock()
	if e, ok := db.plans.m[fy]; ok && time.Since(e.loaded) < planCacheTTL {
		db.plans.mu.Unlock()
		return e.inForce, e.recorded, nil
	}
	db.plans.mu.Unlock()
	recorded, err := db.FindPlan(ctx, fy)
	if tracker.ErrorCode(err) == tracker.ENOTFOUND {
		recorded, err = nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	inForce := tracker.InForce(recorded, fy)
	db.plans.mu.Lock()
	if db.plans.m == nil {
		db.plans.m = map[tracker.FiscalYear]cachedPlan{}
	}
	db.plans.m[fy] = cachedPlan{inForce: inForce, recorded: recorded, loaded: time.Now()}
	db.plans.mu.Unlock()
	return inForce, recorded, nil
}
