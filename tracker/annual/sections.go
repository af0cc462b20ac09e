package annual

import (
	"context"
	"strings"
	"time"

	"isms/tracker"
	"isms/tracker/export"
)

// Percent is a completion rate as the dashboard shows it: whole percent, rounded down, so 99.9%
// never shows as 100% (tracker.Counts.Percent).
type Percent int

// DefaultSections are the report's sections in the order a committee paper takes them.
func DefaultSections() []SectionBuilder {
	return []SectionBuilder{
		{Title: "年度教育計画と承認", Build: planSection},
		{Title: "実施した教育", Build: DeliverySection(ModuleDelivery)},
		{Title: "受講状況", Build: participationSection},
		{Title: "未受講者", Build: outstandingSection},
		{Title: "教育の有効性の評価", Build: effectivenessSection},
		{Title: "次年度計画への提案", Build: proposalSection},
		{Title: "課ごとの受講状況", Build: sectionAppendix},
	}
}

// Delivery adds to the section 実施した教育 the tables of one kind of delivery: the e-learning
// modules here; 集合研修, 訓練 and 周知確認 add theirs by a Delivery of their own.
type Delivery func(ctx context.Context, in *Input, s *Section) error

// DeliverySection builds 実施した教育 from the deliveries, in order.
func DeliverySection(deliveries ...Delivery) func(context.Context, *Input, *Section) error {
	return func(ctx context.Context, in *Input, s *Section) error {
		s.Say("%sに実施した情報セキュリティ教育（【01】第16条・第17条）は次のとおりである。", in.FiscalYear)
		for _, d := range deliveries {
			if err := d(ctx, in, s); err != nil {
				return err
			}
		}
		return nil
	}
}

func planSection(_ context.Context, in *Input, s *Section) error {
	p := in.Plan
	switch {
	case in.Recorded == nil:
		s.Say("%sの年度教育計画は登録されていない。このため【01】第16条の役割ごとの研修を年度の全期間で求めたものとして集計した。", in.FiscalYear)
	case !p.Approved():
		s.Say("%sの年度教育計画は登録されているが、情報セキュリティ委員会の承認は記録されていない（【01】第17条第1項）。このため【01】第16条の役割ごとの研修を年度の全期間で求めたものとして集計した。", in.FiscalYear)
	default:
		s.Say("%sの年度教育計画は、%sに%sが承認した（【01】第17条第1項・第2項）。", in.FiscalYear, p.ApprovedOn.Japanese(), p.Approver)
	}
	rows := [][]any{
		{"実施期間", p.Start.Japanese() + "〜" + p.End.Japanese()},
		{"受講期限", p.Deadline.Japanese()},
	}
	if p.Approved() {
		rows = append(rows, []any{"承認日", p.ApprovedOn.Japanese()}, []any{"承認者", p.Approver})
	} else {
		rows = append(rows, []any{"承認", "記録なし"})
	}
	if in.Recorded != nil {
		if in.Recorded.Note != "" {
			rows = append(rows, []any{"備考", in.Recorded.Note})
		}
		rows = append(rows, []any{"最終の保存", tracker.DateOf(in.Recorded.UpdatedAt).Japanese() + "　" + in.Recorded.UpdatedBy})
	}
	s.AddTable(&Table{Key: "plan", Caption: "年度教育計画の概要", Columns: []Column{{Name: "項目"}, {Name: "内容"}}, Rows: rows})
	mods := &Table{Key: "plan-modules", Caption: "役割ごとの必修の研修", Columns: []Column{{Name: "役割（【01】第16条）"}, {Name: "研修"}}}
	for _, r := range tracker.Roles() {
		var titles []string
		for _, m := range p.Modules[r] {
			titles = append(titles, in.Title(m))
		}
		mods.Rows = append(mods.Rows, []any{r.Name(), strings.Join(titles, "、")})
	}
	s.AddTable(mods)
	return nil
}

// ModuleDelivery is the e-learning modules with their quizzes: who had to pass each, who did, and
// how many attempts were made.
func ModuleDelivery(_ context.Context, in *Input, s *Section) error {
	attempts := map[string]*tracker.ModuleEffectiveness{}
	for _, mc := range in.Effectiveness.Modules {
		attempts[mc.Module] = mc.Current
	}
	t := &Table{Key: "delivery-modules", Caption: "研修（e-ラーニングと確認テスト）の実施状況", Columns: []Column{{Name: "研修"},
		{Name: "対象者", Numeric: true}, {Name: "合格者", Numeric: true}, {Name: "合格率", Numeric: true},
		{Name: "受験者", Numeric: true}, {Name: "受験数", Numeric: true}}}
	var required, passed, people, tries int
	for _, m := range in.Dashboard.Modules {
		var p, n int
		if e := attempts[m.Module]; e != nil {
			p, n = e.People, e.Attempts
		}
		t.Rows = append(t.Rows, []any{in.Title(m.Module), m.Required, m.Passed, export.Ratio(ratio(m.Passed, m.Required)), p, n})
		required, passed, people, tries = required+m.Required, passed+m.Passed, people+p, tries+n
	}
	t.Total = []any{"延べ", required, passed, export.Ratio(ratio(passed, required)), people, tries}
	t.Note = "対象者は研修ごとの延べ人数（一人が複数の研修の対象になる）。受験者は年度内に1回以上受験した人数。"
	s.AddTable(t)
	return nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// countColumns are the columns of every participation table after its label.
func countColumns(label string) []Column {
	return []Column{{Name: label}, {Name: "対象者", Numeric: true}, {Name: "合格者", Numeric: true}, {Name: "受講中", Numeric: true},
		{Name: "未受講", Numeric: true}, {Name: "修了率", Numeric: true}, {Name: "前年度の対象者", Numeric: true}, {Name: "前年度の修了率", Numeric: true}}
}

// countRow is a label, a group's counts and, when the group existed, the previous year's.
func countRow(label string, c tracker.Counts, prev *tracker.Counts) []any {
	row := []any{label, c.Targets, c.Passed, c.InProgress, c.NotStarted, Percent(c.Percent()), nil, nil}
	if prev != nil {
		row[6], row[7] = prev.Targets, Percent(prev.Percent())
	}
	return row
}

func participationSection(_ context.Context, in *Input, s *Section) error {
	d, prev := in.Dashboard, in.Previous
	s.Say("対象者%d人のうち、%sまでに%d人が必修の研修すべてに合格した（修了率%d%%、前年度%d%%）。集計の時点は%sである。",
		d.Total.Targets, tracker.DateOf(d.AsOf).Japanese(), d.Total.Passed, d.Total.Percent(), prev.Total.Percent(), asOfText(d.AsOf, in.FiscalYear))
	s.Say("対象者は、その時点で在職する人と年度内に受験した人である。所属・役割・区分はその時点の配置で数えるため、前年度の数値は前年度末の配置による。")

	total := &Table{Key: "participation-total", Caption: "全庁の受講状況", Columns: countColumns("")}
	total.Columns[0].Name = "範囲"
	total.Rows = [][]any{countRow("全庁", d.Total, &prev.Total)}
	s.AddTable(total)

	prevUnits := map[[3]int64]tracker.Counts{}
	for _, u := range prev.Units {
		prevUnits[unitKey(u.Unit)] = u.Counts
	}
	units := &Table{Key: "participation-units", Caption: "局・部ごとの受講状況", Columns: countColumns("局・部"), Long: true}
	for _, u := range d.Units {
		if u.Level == tracker.LevelSection {
			continue
		}
		label := u.Unit.Bureau
		if u.Level == tracker.LevelDepartment {
			label = "　" + u.Unit.Department
		}
		units.Rows = append(units.Rows, countRow(label, u.Counts, lookup(prevUnits, unitKey(u.Unit))))
	}
	units.Total = countRow("全庁", d.Total, &prev.Total)
	units.Chart, units.ChartCaption = unitChart(d), "局ごとの修了率"
	s.AddTable(units)

	prevRoles := map[tracker.Role]tracker.Counts{}
	for _, r := range prev.Roles {
		prevRoles[r.Role] = r.Counts
	}
	roles := &Table{Key: "participation-roles", Caption: "役割ごとの受講状況", Columns: countColumns("役割（【01】第16条）")}
	for _, r := range d.Roles {
		roles.Rows = append(roles.Rows, countRow(r.Role.Name(), r.Counts, lookup(prevRoles, r.Role)))
	}
	roles.Total = countRow("計", d.Total, &prev.Total)
	s.AddTable(roles)

	prevCats := map[tracker.Category]tracker.Counts{}
	for _, c := range prev.Categories {
		prevCats[c.Category] = c.Counts
	}
	cats := &Table{Key: "participation-categories", Caption: "区分ごとの受講状況", Columns: countColumns("区分")}
	for _, c := range d.Categories {
		cats.Rows = append(cats.Rows, countRow(string(c.Category), c.Counts, lookup(prevCats, c.Category)))
	}
	cats.Total = countRow("計", d.Total, &prev.Total)
	s.AddTable(cats)

	if len(d.Progress) > 0 && d.Total.Targets > 0 {
		prog := &Table{Key: "participation-progress", Caption: "修了率の推移", Columns: []Column{{Name: "日付"}, {Name: "合格者（累計）", Numeric: true},
			{Name: "修了率", Numeric: true}}, Long: len(d.Progress) > 20}
		for _, p := range d.Progress {
			label := p.Date.Japanese()
			if p.Deadline {
				label += "（受講期限）"
			}
			prog.Rows = append(prog.Rows, []any{label, p.Passed, Percent(tracker.Counts{Targets: d.Total.Targets, Passed: p.Passed}.Percent())})
		}
		prog.Chart, prog.ChartCaption = progressChart(d), "修了率の推移と受講期限"
		s.AddTable(prog)
	}
	return nil
}

func lookup[K comparable](m map[K]tracker.Counts, k K) *tracker.Counts {
	if c, ok := m[k]; ok {
		return &c
	}
	return nil
}

func unitKey(u tracker.Unit) [3]int64 { return [3]int64{u.BureauID, u.DepartmentID, u.SectionID} }

// asOfText says what the cut-off is: the year's end for a past year, the time of making otherwise.
func asOfText(asOf time.Time, fy tracker.FiscalYear) string {
	if !asOf.Before(fy.End()) {
		return "年度末"
	}
	return "作成時点（" + tracker.JapaneseTime(asOf) + "）"
}

func outstandingSection(_ context.Context, in *Input, s *Section) error {
	d := in.Dashboard
	t := &Table{Key: "outstanding", Caption: "未受講者（必修の研修のすべてには合格していない人）の数", Columns: []Column{{Name: "年度"},
		{Name: "時点"}, {Name: "対象者", Numeric: true}, {Name: "未受講者", Numeric: true}, {Name: "うち未受講", Numeric: true},
		{Name: "うち受講中", Numeric: true}, {Name: "未受講者の割合", Numeric: true}}}
	for _, y := range []*tracker.Dashboard{in.Dashboard, in.Previous} {
		if at, ok := atDeadline(y); ok {
			t.Rows = append(t.Rows, []any{y.FiscalYear.String(), "受講期限（" + y.Plan.Deadline.Japanese() + "）", y.Total.Targets,
				y.Total.Targets - at, nil, nil, export.Ratio(ratio(y.Total.Targets-at, y.Total.Targets))})
		}
		t.Rows = append(t.Rows, []any{y.FiscalYear.String(), asOfText(y.AsOf, y.FiscalYear), y.Total.Targets, y.Total.Outstanding(),
			y.Total.NotStarted, y.Total.InProgress, export.Ratio(ratio(y.Total.Outstanding(), y.Total.Targets))})
	}
	t.Note = "受講期限の時点の未受講者は、期限の日の終わりまでに合格していなかった人数（対象者は集計時点の対象者）。その内訳は集計していない。"
	if at, ok := atDeadline(d); ok {
		s.Say("受講期限（%s）の時点で%d人が未受講者であった。%sでは%d人（未受講%d人、受講中%d人）が残っている。", d.Plan.Deadline.Japanese(),
			d.Total.Targets-at, asOfText(d.AsOf, in.FiscalYear), d.Total.Outstanding(), d.Total.NotStarted, d.Total.InProgress)
	} else {
		s.Say("受講期限（%s）はまだ来ていない。%sの未受講者は%d人（未受講%d人、受講中%d人）である。", d.Plan.Deadline.Japanese(),
			asOfText(d.AsOf, in.FiscalYear), d.Total.Outstanding(), d.Total.NotStarted, d.Total.InProgress)
	}
	s.AddTable(t)
	bureaus := &Table{Key: "outstanding-bureaus", Caption: "局ごとの未受講者（" + asOfText(d.AsOf, in.FiscalYear) + "）", Columns: []Column{{Name: "局"},
		{Name: "対象者", Numeric: true}, {Name: "未受講者", Numeric: true}, {Name: "うち未受講", Numeric: true}, {Name: "うち受講中", Numeric: true}}}
	for _, u := range d.Units {
		if u.Level == tracker.LevelBureau {
			bureaus.Rows = append(bureaus.Rows, []any{u.Unit.Bureau, u.Targets, u.Outstanding(), u.NotStarted, u.InProgress})
		}
	}
	bureaus.Total = []any{"全庁", d.Total.Targets, d.Total.Outstanding(), d.Total.NotStarted, d.Total.InProgress}
	bureaus.Long = len(bureaus.Rows) > 25
	s.AddTable(bureaus)
	return nil
}

// atDeadline is the number through by the end of the deadline, when the year's figures reach it.
func atDeadline(d *tracker.Dashboard) (int, bool) {
	for _, p := range d.Progress {
		if p.Deadline {
			return p.Passed, true
		}
	}
	return 0, false
}

func sectionAppendix(_ context.Context, in *Input, s *Section) error {
	s.Appendix = true
	d := in.Dashboard
	prevUnits := map[[3]int64]tracker.Counts{}
	for _, u := range in.Previous.Units {
		prevUnits[unitKey(u.Unit)] = u.Counts
	}
	t := &Table{Key: "appendix-sections", Caption: "課ごとの受講状況", Columns: countColumns("局・部・課"), Long: true}
	for _, u := range d.Units {
		if u.Level == tracker.LevelSection {
			t.Rows = append(t.Rows, countRow(u.Unit.Name(), u.Counts, lookup(prevUnits, unitKey(u.Unit))))
		}
	}
	t.Total = countRow("全庁", d.Total, &in.Previous.Total)
	t.Note = "課に属さず局・部に直接配置された人は、この表の課には含まれず、全庁の計と局・部ごとの表にだけ含まれる。"
	s.AddTable(t)
	return nil
}
