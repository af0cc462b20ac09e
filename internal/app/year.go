package app

import (
	"context"

	"isms/tracker"
	"isms/tracker/annual"
	"isms/tracker/evidencepack"
	"isms/tracker/export"
)

// PlanFor is the plan in force in a fiscal year, as every report takes it.
func (a *App) PlanFor(ctx context.Context, fy tracker.FiscalYear) (*tracker.Plan, error) {
	plan, _, err := a.DB.PlanInForce(ctx, fy)
	return plan, err
}

// ExportSource is what the command line's exports are made from; homePage names the portal in
// xAPI statements.
func (a *App) ExportSource(homePage string) *export.Source {
	return &export.Source{Reports: a.DB, PlanFor: a.PlanFor, Modules: export.ModuleRefs(a.Banks), XAPI: &export.XAPI{HomePage: homePage}}
}

// AnnualSource is what the year report is composed from.
func (a *App) AnnualSource() *annual.Source {
	return &annual.Source{Reports: a.DB, Plans: a.DB, Proposals: a.DB, Modules: export.ModuleRefs(a.Banks)}
}

// PackSource is what an evidence pack is made from.
func (a *App) PackSource() *evidencepack.Source {
	return &evidencepack.Source{Evidence: a.DB, Reports: a.DB, Plans: a.DB, Annual: a.AnnualSource(), Exports: a.ExportSource("")}
}
