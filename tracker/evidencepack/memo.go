package evidencepack

import (
	"context"
	"sync"

	"isms/tracker"
)

// onceReports computes each effectiveness evaluation once for the whole pack: the report and the
// effectiveness export both take the year's, and it is the most expensive figure of the year.
type onceReports struct {
	tracker.ReportService
	mu   sync.Mutex
	done map[effectivenessKey]*tracker.Effectiveness
}

type effectivenessKey struct {
	fy     tracker.FiscalYear
	module string
}

func (o *onceReports) Effectiveness(ctx context.Context, fy tracker.FiscalYear, module string) (*tracker.Effectiveness, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	k := effectivenessKey{fy, module}
	if e := o.done[k]; e != nil {
		return e, nil
	}
	e, err := o.ReportService.Effectiveness(ctx, fy, module)
	if err == nil {
		o.done[k] = e
	}
	return e, err
}
