package export

import (
	"strconv"
	"strings"

	"isms/tracker"
)

// Effectiveness is the 研修の有効性評価 (【01】第17条3) as five sections: the summary of each module
// beside the previous year, the score distribution, the results per competency, the item
// analysis with the questions to review, and the survey comments.
func Effectiveness(m Meta, e *tracker.Effectiveness) *Table {
	prevYear := (e.FiscalYear - 1).String()
	year := e.FiscalYear.String()
	summary := &Section{Name: "概要", Columns: []Column{{"研修", 22}, {"指標", 30}, {year, 22}, {prevYear, 22}},
		Rows: func(emit func(...any) error) error {
			for _, mc := range e.Modules {
				c, p := mc.Current, mc.Previous
				title := m.title(mc.Module)
				lines := []struct {
					name     string
					cur, pre any
				}{
					{"受験数", c.Attempts, p.Attempts},
					{"受験者数", c.People, p.People},
					{"合格者数", c.Passed, p.Passed},
					{"初回合格率", Ratio(c.FirstPassRate()), Ratio(p.FirstPassRate())},
					{"平均点", Fixed{c.MeanPercent, 1}, Fixed{p.MeanPercent, 1}},
					{"中央値", Fixed{c.MedianPercent, 1}, Fixed{p.MedianPercent, 1}},
					{"内部一貫性（クロンバックのα）", alpha(c.Items), alpha(p.Items)},
					{"アンケート回答数", c.Survey.Responses, p.Survey.Responses},
					{"理解度（5段階の平均）", Fixed{c.Survey.UnderstandingMean, 2}, Fixed{p.Survey.UnderstandingMean, 2}},
					{"業務への役立ち（5段階の平均）", Fixed{c.Survey.UsefulnessMean, 2}, Fixed{p.Survey.UsefulnessMean, 2}},
					{"見直しの候補の設問数", len(c.Items.Review()), len(p.Items.Review())},
				}
				for _, l := range lines {
					if err := emit(title, l.name, l.cur, l.pre); err != nil {
						return err
					}
				}
			}
			return nil
		}}
	dist := &Section{Name: "得点分布", Columns: []Column{{"研修", 22}, {"得点", 10}, {year + " 受験数", 20}, {prevYear + " 受験数", 20}},
		Rows: func(emit func(...any) error) error {
			for _, mc := range e.Modules {
				for i, b := range mc.Current.Distribution {
					prev := 0
					if i < len(mc.Previous.Distribution) {
						prev = mc.Previous.Distribution[i].Count
					}
					if err := emit(m.title(mc.Module), b.Label(), b.Count, prev); err != nil {
						return err
					}
				}
			}
			return nil
		}}
	comps := &Section{Name: "力量別の正答率", Columns: []Column{{"研修", 22}, {"力量", 40}, {year + " 正答率", 16}, {"正答数", 8},
		{"出題数", 8}, {prevYear + " 正答率", 16}},
		Rows: func(emit func(...any) error) error {
			for _, mc := range e.Modules {
				prev := map[string]tracker.CompetencyResult{}
				for _, c := range mc.Previous.Competencies {
					prev[c.Competency] = c
				}
				for _, c := range mc.Current.Competencies {
					name := c.Name
					if name == "" {
						name = c.Competency
					}
					var before any
					if p, ok := prev[c.Competency]; ok && p.Total > 0 {
						before = Ratio(p.Rate())
					}
					if err := emit(m.title(mc.Module), name, Ratio(c.Rate()), c.Correct, c.Total, before); err != nil {
						return err
					}
				}
			}
			return nil
		}}
	items := &Section{Name: "設問分析", Columns: []Column{{"研修", 22}, {"問題文", 60}, {"力量", 20}, {"回答数", 8}, {"難易度（正答率）", 10},
		{"標準偏差", 10}, {"識別指数", 10}, {"見直しの候補", 24}, {"根拠条文", 24}, {"設問ID", 14}},
		Rows: func(emit func(...any) error) error {
			for _, mc := range e.Modules {
				for _, it := range mc.Current.Items.Items {
					var facility, sd, disc any
					if it.N > 0 {
						facility, sd = Fixed{it.Facility, 2}, Fixed{it.SD, 2}
					}
					if it.HasDiscrimination {
						disc = Fixed{it.Discrimination, 2}
					}
					var flags []string
					for _, f := range it.Flags {
						flags = append(flags, f.Label)
					}
					if err := emit(m.title(mc.Module), it.Stem, m.competency(mc.Module, it.Competency), it.N, facility, sd, disc,
						strings.Join(flags, "、"), Articles(it.Cites), it.QuestionID); err != nil {
						return err
					}
				}
			}
			return nil
		}}
	comments := &Section{Name: "アンケートの感想", Columns: []Column{{"研修", 22}, {"回答日", 12}, {"感想", 80}},
		Rows: func(emit func(...any) error) error {
			for _, mc := range e.Modules {
				for _, c := range mc.Current.Survey.Comments {
					if err := emit(m.title(mc.Module), tracker.DateOf(c.At), c.Text); err != nil {
						return err
					}
				}
			}
			return nil
		}}
	t := m.table(tracker.ReportEffectiveness, summary, dist, comps, items, comments)
	t.FiscalYear = e.FiscalYear
	return t
}

func alpha(a *tracker.ItemAnalysis) any {
	if a == nil || !a.HasAlpha {
		return nil
	}
	return Fixed{a.Alpha, 2}
}

// Articles renders article IDs as the handbook names them: 04-13 → 【04】第13条.
func Articles(ids []string) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		std, art, ok := strings.Cut(id, "-")
		if n, err := strconv.Atoi(art); ok && err == nil {
			if std == "00" {
				out = append(out, "方針 取組み"+strconv.Itoa(n))
			} else {
				out = append(out, "【"+std+"】第"+strconv.Itoa(n)+"条")
			}
			continue
		}
		out = append(out, id)
	}
	return strings.Join(out, "、")
}
