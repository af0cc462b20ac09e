package annual_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"isms/internal/app"
	"isms/tracker"
	"isms/tracker/annual"
	"isms/tracker/export"
	"isms/tracker/reportbench"
)

// city is two fiscal years of a small synthetic city, seeded through the store.
func city(t *testing.T) (*app.App, tracker.FiscalYear) {
	t.Helper()
	now := time.Now()
	fy := tracker.FiscalYearOf(now)
	a, err := reportbench.Open(context.Background(), t.TempDir(), reportbench.City{Staff: 260, Bureaus: 2, Departments: 2, Sections: 3,
		Years: 2, Last: fy, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, fy
}

func admin() context.Context {
	return tracker.NewContext(context.Background(), tracker.SystemPrincipal("annual-test"))
}

// TestFiguresEqualDashboards: every figure of the year report is the dashboard's, the effectiveness
// evaluation's or an export's for the same year, this year and last.
func TestFiguresEqualDashboards(t *testing.T) {
	a, fy := city(t)
	ctx := admin()
	r, err := a.AnnualSource().Build(ctx, fy, "jimukyoku（事務局）")
	if err != nil {
		t.Fatal(err)
	}
	dash := func(y tracker.FiscalYear) *tracker.Dashboard {
		plan, _, err := a.DB.PlanInForce(ctx, y)
		if err != nil {
			t.Fatal(err)
		}
		d, err := a.DB.Dashboard(ctx, plan, 0)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cur, prev := dash(fy), dash(fy-1)
	if cur.Total.Targets == 0 || prev.Total.Passed == 0 {
		t.Fatalf("the synthetic city has no figures: %+v, %+v", cur.Total, prev.Total)
	}
	counts := func(c tracker.Counts) []any {
		return []any{c.Targets, c.Passed, c.InProgress, c.NotStarted, annual.Percent(c.Percent())}
	}
	same := func(t *testing.T, what string, got []any, want []any) {
		t.Helper()
		for i := range want {
			if i >= len(got) || got[i] != want[i] {
				t.Errorf("%s: got %v, want %v", what, got, want)
				return
			}
		}
	}
	t.Run("Total", func(t *testing.T) {
		row := table(t, r, "participation-total").Rows[0]
		same(t, "this year", row[1:6], counts(cur.Total))
		same(t, "last year", row[6:8], []any{prev.Total.Targets, annual.Percent(prev.Total.Percent())})
	})
	t.Run("Units", func(t *testing.T) {
		tb := table(t, r, "participation-units")
		i := 0
		for _, u := range cur.Units {
			if u.Level == tracker.LevelSection {
				continue
			}
			same(t, u.Unit.Name(), tb.Rows[i][1:6], counts(u.Counts))
			i++
		}
		if i != len(tb.Rows) || i == 0 {
			t.Errorf("%d rows, want %d 局 and 部", len(tb.Rows), i)
		}
		same(t, "total", tb.Total[1:6], counts(cur.Total))
		sections := table(t, r, "appendix-sections")
		n := 0
		for _, u := range cur.Units {
			if u.Level == tracker.LevelSection {
				same(t, u.Unit.Name(), sections.Rows[n][1:6], counts(u.Counts))
				n++
			}
		}
		if n != len(sections.Rows) {
			t.Errorf("別表: %d rows, want %d 課", len(sections.Rows), n)
		}
	})
	t.Run("RolesAndCategories", func(t *testing.T) {
		roles := table(t, r, "participation-roles")
		for i, rc := range cur.Roles {
			same(t, rc.Role.Name(), roles.Rows[i][:6], append([]any{rc.Role.Name()}, counts(rc.Counts)...))
		}
		cats := table(t, r, "participation-categories")
		for i, cc := range cur.Categories {
			same(t, string(cc.Category), cats.Rows[i][:6], append([]any{string(cc.Category)}, counts(cc.Counts)...))
		}
	})
	t.Run("Modules", func(t *testing.T) {
		mods := table(t, r, "delivery-modules")
		for i, m := range cur.Modules {
			same(t, m.Module, mods.Rows[i][1:3], []any{m.Required, m.Passed})
		}
	})
	t.Run("OutstandingEqualsExport", func(t *testing.T) {
		out := table(t, r, "outstanding")
		last := out.Rows[0]
		for _, row := range out.Rows {
			if row[0] == fy.String() {
				last = row
			}
		}
		same(t, "outstanding", last[2:6], []any{cur.Total.Targets, cur.Total.Outstanding(), cur.Total.NotStarted, cur.Total.InProgress})
		src := a.ExportSource("")
		var buf bytes.Buffer
		rec, err := src.Produce(ctx, export.Request{Report: tracker.ReportOutstanding, Format: tracker.FormatCSV, FiscalYear: fy}, "test", &buf)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Rows != cur.Total.Outstanding() {
			t.Errorf("未受講者一覧 has %d rows, the report says %d", rec.Rows, cur.Total.Outstanding())
		}
	})
	t.Run("Effectiveness", func(t *testing.T) {
		e, err := a.DB.Effectiveness(ctx, fy, "")
		if err != nil {
			t.Fatal(err)
		}
		res := table(t, r, "effectiveness-results")
		for i, mc := range e.Modules {
			c, p := mc.Current, mc.Previous
			same(t, mc.Module, res.Rows[i][1:5], []any{c.People, c.Passed, export.Ratio(c.PassRate()), export.Ratio(c.FirstPassRate())})
			same(t, mc.Module+" last year", res.Rows[i][6:7], []any{export.Ratio(p.FirstPassRate())})
		}
		items := table(t, r, "effectiveness-items")
		for i, mc := range e.Modules {
			same(t, mc.Module+" items", items.Rows[i][2:3], []any{mc.Current.Items.Attempts})
		}
	})
}

func table(t *testing.T, r *annual.Report, key string) *annual.Table {
	t.Helper()
	tb := r.Table(key)
	if tb == nil {
		t.Fatalf("no table %s", key)
	}
	return tb
}

// TestDocument: the printable document has its cover, its table of contents with the sections'
// numbers, numbered tables with totals, the proposal the 事務局 wrote, and the workbook behind it
// has a sheet per table.
func TestDocument(t *testing.T) {
	a, fy := city(t)
	ctx := admin()
	if err := a.DB.SaveProposal(ctx, &tracker.PlanProposal{FiscalYear: fy, Text: "標的型メール訓練を年2回とする。\n課長研修に事例を加える。"}); err != nil {
		t.Fatal(err)
	}
	r, err := a.AnnualSource().Build(ctx, fy, "jimukyoku（事務局）")
	if err != nil {
		t.Fatal(err)
	}
	var doc bytes.Buffer
	if err := annual.WriteHTML(&doc, r, annual.Document{}); err != nil {
		t.Fatal(err)
	}
	html := doc.String()
	for _, want := range []string{"情報セキュリティ委員会 御中", "目次", `<span class="toc-num">5</span>教育の有効性の評価`, "表3-2　局・部ごとの受講状況",
		`<tr class="total">`, "標的型メール訓練を年2回とする。", "別表1　課ごとの受講状況", tracker.ClassificationA, "@page", fy.String()} {
		if !strings.Contains(html, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	var book bytes.Buffer
	if _, err := annual.WriteXLSX(&book, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&book)
	if err != nil {
		t.Fatal(err)
	}
	tables := 0
	for _, s := range r.Sections {
		tables += len(s.Tables)
	}
	if got := len(f.GetSheetList()); got != tables+1 {
		t.Errorf("workbook has %d sheets, want %d (本文 and one per table): %v", got, tables+1, f.GetSheetList())
	}
	t.Run("ErrForbidden", func(t *testing.T) {
		staff := tracker.NewContext(context.Background(), &tracker.Principal{Account: &tracker.Account{Login: "0000010", Kind: tracker.KindStaff},
			Person: &tracker.Person{ID: 10}})
		if _, err := a.AnnualSource().Build(staff, fy, ""); tracker.ErrorCode(err) != tracker.EFORBIDDEN {
			t.Errorf("got %v, want EFORBIDDEN", err)
		}
	})
}
