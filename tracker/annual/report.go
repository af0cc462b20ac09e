// Package annual composes the year report of 【01】第17条 (情報セキュリティ教育の実施状況と有効性の
// 評価), which the 事務局 takes to the 情報セキュリティ委員会 and which feeds the マネジメントレビュー
// (第19–20条): the plan and its approval, what was delivered, participation against the plan beside
// the previous year, the 未受講者 at the deadline and after, the effectiveness evaluation and the
// changes proposed for next year's plan.
//
// The report computes no figure of its own: every number comes from the services the dashboards
// and exports use (ReportService.Dashboard, ReportService.Effectiveness), so the report, the
// dashboard and the exports of the same year agree. Sections are built by a list of builders, each
// adding paragraphs and tables, so a new kind of delivery (集合研修, 訓練, 周知確認) adds a builder.
package annual

import (
	"context"
	"fmt"
	"html/template"
	"time"

	"isms/tracker"
)

// Source is what the report is composed from.
type Source struct {
	Reports   tracker.ReportService
	Plans     tracker.PlanService
	Proposals tracker.ProposalService
	Modules   []*tracker.ModuleRef // the question banks' titles, competencies and questions
	Now       func() time.Time
	// Sections builds the report's numbered sections in order; nil takes DefaultSections.
	Sections []SectionBuilder
}

// Input is what every section builder reads, gathered once from the services.
type Input struct {
	FiscalYear tracker.FiscalYear
	Plan       *tracker.Plan // the plan in force (tracker.InForce)
	Recorded   *tracker.Plan // the plan recorded for the year; nil when none is
	// Dashboard and Previous are the dashboards of the year and the year before, over the whole city.
	Dashboard, Previous *tracker.Dashboard
	Effectiveness       *tracker.Effectiveness // described with the banks
	Proposals           []*tracker.PlanProposal
	Titles              map[string]string // module → its bank's title
}

// Title names a module by its bank's title.
func (in *Input) Title(module string) string {
	if t := in.Titles[module]; t != "" {
		return t
	}
	return module
}

// SectionBuilder builds one numbered section: its title, and what Build adds.
type SectionBuilder struct {
	Title string
	Build func(ctx context.Context, in *Input, s *Section) error
}

// Report is the composed report.
type Report struct {
	FiscalYear tracker.FiscalYear
	Title      string
	AsOf       time.Time // the figures' cut-off (Dashboard.AsOf)
	MadeAt     time.Time
	MadeBy     string
	Sections   []*Section
}

// Section is one numbered section of the report.
type Section struct {
	Number     int
	ID         string // the anchor, "s3"
	Title      string
	Paragraphs []string
	Tables     []*Table
	Appendix   bool // printed after the numbered sections as 別表
}

// Table is one numbered table, with the chart that draws it, if any.
type Table struct {
	Key          string // stable name, for tests and the workbook
	Number       string // 表3-1, or 別表1
	Caption      string
	Columns      []Column
	Rows         [][]any // values: string, int, export.Ratio, export.Fixed, tracker.Date, nil (blank)
	Total        []any   // the totals row; nil when the table has none
	Note         string  // a line under the table
	Chart        template.HTML
	ChartCaption string
	// Long tables may run over pages (their header repeats); others are kept on one page.
	Long bool
}

// Column is a column's heading; numeric columns are right-aligned, codes and short words kept on
// one line.
type Column struct {
	Name    string
	Numeric bool
	Nowrap  bool
}

// AddTable appends a table to the section.
func (s *Section) AddTable(t *Table) *Table {
	s.Tables = append(s.Tables, t)
	return t
}

// Say appends a paragraph.
func (s *Section) Say(format string, args ...any) {
	s.Paragraphs = append(s.Paragraphs, fmt.Sprintf(format, args...))
}

// Table finds a table by its key, nil when the report has none.
func (r *Report) Table(key string) *Table {
	for _, s := range r.Sections {
		for _, t := range s.Tables {
			if t.Key == key {
				return t
			}
		}
	}
	return nil
}

// Build composes the report of a fiscal year for the caller in ctx, who must see the whole city
// (the effectiveness evaluation and the proposals are for the 事務局 and the ISMS統括責任者).
// madeBy names who made it on the cover.
// EFORBIDDEN for any other caller; EINVALID for a bad fiscal year.
func (src *Source) Build(ctx context.Context, fy tracker.FiscalYear, madeBy string) (*Report, error) {
	if !fy.Valid() {
		return nil, tracker.Errorf(tracker.EINVALID, "年度が正しくありません。西暦の4桁（例: 2026）で指定してください。")
	}
	if !tracker.PrincipalFrom(ctx).Scope().All {
		return nil, tracker.Errorf(tracker.EFORBIDDEN, "年度報告は情報セキュリティ事務局とISMS統括責任者だけが作成できます。")
	}
	in, err := src.gather(ctx, fy)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if src.Now != nil {
		now = src.Now
	}
	r := &Report{FiscalYear: fy, Title: tracker.ReportAnnual.Title(), AsOf: in.Dashboard.AsOf, MadeAt: now(), MadeBy: madeBy}
	builders := src.Sections
	if builders == nil {
		builders = DefaultSections()
	}
	for _, b := range builders {
		s := &Section{Title: b.Title}
		if err := b.Build(ctx, in, s); err != nil {
			return nil, err
		}
		r.Sections = append(r.Sections, s)
	}
	r.number()
	return r, nil
}

// gather reads everything the sections need, once.
func (src *Source) gather(ctx context.Context, fy tracker.FiscalYear) (*Input, error) {
	in := &Input{FiscalYear: fy, Titles: map[string]string{}}
	for _, m := range src.Modules {
		in.Titles[m.Module] = m.Title
	}
	var err error
	if in.Plan, in.Recorded, err = src.Plans.PlanInForce(ctx, fy); err != nil {
		return nil, err
	}
	if in.Dashboard, err = src.Reports.Dashboard(ctx, in.Plan, 0); err != nil {
		return nil, err
	}
	prevPlan, _, err := src.Plans.PlanInForce(ctx, fy-1)
	if err != nil {
		return nil, err
	}
	if in.Previous, err = src.Reports.Dashboard(ctx, prevPlan, 0); err != nil {
		return nil, err
	}
	if in.Effectiveness, err = src.Reports.Effectiveness(ctx, fy, ""); err != nil {
		return nil, err
	}
	in.Effectiveness.Describe(src.Modules)
	if in.Proposals, err = src.Proposals.FindProposals(ctx, fy); err != nil {
		return nil, err
	}
	return in, nil
}

// number gives the sections their numbers and the tables theirs: 表3-1 in the numbered sections,
// 別表1 in the appendices.
func (r *Report) number() {
	n, appendix := 0, 0
	for _, s := range r.Sections {
		if s.Appendix {
			for _, t := range s.Tables {
				appendix++
				t.Number = fmt.Sprintf("別表%d", appendix)
			}
			s.ID = fmt.Sprintf("a%d", appendix)
			continue
		}
		n++
		s.Number, s.ID = n, fmt.Sprintf("s%d", n)
		for i, t := range s.Tables {
			t.Number = fmt.Sprintf("表%d-%d", n, i+1)
		}
	}
}
