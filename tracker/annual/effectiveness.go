package annual

import (
	"context"
	"fmt"
	"strings"

	"isms/tracker"
	"isms/tracker/export"
)

func effectivenessSection(_ context.Context, in *Input, s *Section) error {
	e := in.Effectiveness
	s.Say("【01】第17条第3項により、確認テストの結果、設問分析及び受講後のアンケートから教育の有効性を評価した。前年度（%s）の数値を並べて示す。", e.FiscalYear-1)
	results := &Table{Key: "effectiveness-results", Caption: "研修ごとの確認テストの結果", Columns: []Column{{Name: "研修"},
		{Name: "受験者", Numeric: true}, {Name: "合格者", Numeric: true}, {Name: "合格率", Numeric: true}, {Name: "初回合格率", Numeric: true},
		{Name: "平均点", Numeric: true}, {Name: "前年度の初回合格率", Numeric: true}, {Name: "前年度の平均点", Numeric: true}}}
	var cur, pre sums
	for _, mc := range e.Modules {
		c, p := mc.Current, mc.Previous
		results.Rows = append(results.Rows, []any{in.Title(mc.Module), c.People, c.Passed, export.Ratio(c.PassRate()),
			export.Ratio(c.FirstPassRate()), mean(c.MeanPercent, c.Attempts), export.Ratio(p.FirstPassRate()), mean(p.MeanPercent, p.Attempts)})
		cur.add(c)
		pre.add(p)
	}
	results.Total = []any{"計", cur.people, cur.passed, export.Ratio(ratio(cur.passed, cur.people)), export.Ratio(ratio(cur.first, cur.people)),
		cur.mean(), export.Ratio(ratio(pre.first, pre.people)), pre.mean()}
	results.Note = "合格率・初回合格率は受験者に対する割合、平均点は全受験の得点（100点満点）の平均。計の平均点は受験数で重み付けした平均。"
	s.AddTable(results)

	items := &Table{Key: "effectiveness-items", Caption: "設問分析の概要（各職員の年度最初の受験）", Columns: []Column{{Name: "研修"},
		{Name: "設問数", Numeric: true}, {Name: "分析した受験", Numeric: true}, {Name: "内部一貫性（α）", Numeric: true},
		{Name: "易しすぎる", Numeric: true}, {Name: "難しすぎる", Numeric: true}, {Name: "識別力が低い", Numeric: true}, {Name: "見直す設問", Numeric: true}}}
	review := &Table{Key: "effectiveness-review", Caption: "見直す設問と根拠条文", Columns: []Column{{Name: "研修"}, {Name: "設問", Nowrap: true},
		{Name: "力量"}, {Name: "正答率", Numeric: true}, {Name: "識別指数", Numeric: true}, {Name: "理由", Nowrap: true}, {Name: "根拠条文"}}}
	var nq, na, reviewN int
	flagTotals := map[string]int{}
	for _, mc := range e.Modules {
		a := mc.Current.Items
		flags := map[string]int{}
		for _, it := range a.Items {
			var labels []string
			for _, f := range it.Flags {
				flags[f.Code]++
				flagTotals[f.Code]++
				labels = append(labels, f.Label)
			}
			if len(it.Flags) > 0 {
				var disc any
				if it.HasDiscrimination {
					disc = export.Fixed{V: it.Discrimination, Places: 2}
				}
				review.Rows = append(review.Rows, []any{in.Title(mc.Module), it.QuestionID, competencyName(mc.Current, it.Competency),
					export.Fixed{V: it.Facility, Places: 2}, disc, strings.Join(labels, "・"), export.Articles(it.Cites)})
			}
		}
		var alpha any
		if a.HasAlpha {
			alpha = export.Fixed{V: a.Alpha, Places: 2}
		}
		n := len(a.Review())
		items.Rows = append(items.Rows, []any{in.Title(mc.Module), len(a.Items), a.Attempts, alpha, flags["too_easy"], flags["too_hard"],
			flags["low_discrimination"], n})
		nq, na, reviewN = nq+len(a.Items), na+a.Attempts, reviewN+n
	}
	items.Total = []any{"計", nq, na, nil, flagTotals["too_easy"], flagTotals["too_hard"], flagTotals["low_discrimination"], reviewN}
	items.Note = "正答率（難易度）が0.95を超える設問は易しすぎる、0.3未満は難しすぎる、識別指数が0.1未満は識別力が低いとして見直す。"
	s.AddTable(items)
	if len(review.Rows) > 0 {
		s.Say("設問分析により%d問を見直しの対象とした。次の問題集の改訂で、根拠条文に照らして問題文・選択肢・解説を見直す。", reviewN)
		review.Long = len(review.Rows) > 15
		s.AddTable(review)
	} else {
		s.Say("設問分析で見直しの対象になった設問はない。")
	}

	survey := &Table{Key: "effectiveness-survey", Caption: "受講後のアンケート（5段階）", Columns: []Column{{Name: "研修"},
		{Name: "回答数", Numeric: true}, {Name: "理解度の平均", Numeric: true}, {Name: "業務への役立ちの平均", Numeric: true},
		{Name: "感想の件数", Numeric: true}, {Name: "前年度の回答数", Numeric: true}, {Name: "前年度の理解度", Numeric: true},
		{Name: "前年度の役立ち", Numeric: true}}}
	var curS, preS surveySums
	for _, mc := range e.Modules {
		c, p := mc.Current.Survey, mc.Previous.Survey
		survey.Rows = append(survey.Rows, []any{in.Title(mc.Module), c.Responses, avg(c.UnderstandingMean, c.Responses),
			avg(c.UsefulnessMean, c.Responses), len(c.Comments), p.Responses, avg(p.UnderstandingMean, p.Responses), avg(p.UsefulnessMean, p.Responses)})
		curS.add(c)
		preS.add(p)
	}
	survey.Total = []any{"計", curS.n, curS.understanding(), curS.usefulness(), curS.comments, preS.n, preS.understanding(), preS.usefulness()}
	survey.Note = "感想は件数だけを示す（本文は「研修の有効性評価」の出力にある）。回答は無記名で集計している。"
	s.AddTable(survey)

	dist := &Table{Key: "effectiveness-survey-answers", Caption: "アンケートの回答の分布", Columns: []Column{{Name: "研修"}, {Name: "設問"},
		{Name: "1", Numeric: true}, {Name: "2", Numeric: true}, {Name: "3", Numeric: true}, {Name: "4", Numeric: true}, {Name: "5", Numeric: true},
		{Name: "計", Numeric: true}}}
	for _, mc := range e.Modules {
		c := mc.Current.Survey
		for _, q := range []struct {
			name   string
			counts [5]int
		}{{"理解度", c.Understanding}, {"業務への役立ち", c.Usefulness}} {
			row := []any{in.Title(mc.Module), q.name}
			sum := 0
			for _, n := range q.counts {
				row, sum = append(row, n), sum+n
			}
			dist.Rows = append(dist.Rows, append(row, sum))
		}
	}
	dist.Long = len(dist.Rows) > 20
	s.AddTable(dist)
	return nil
}

// mean is a mean score, blank without attempts.
func mean(v float64, n int) any {
	if n == 0 {
		return nil
	}
	return export.Fixed{V: v, Places: 1}
}

// avg is a survey mean, blank without answers.
func avg(v float64, n int) any {
	if n == 0 {
		return nil
	}
	return export.Fixed{V: v, Places: 2}
}

type sums struct {
	people, passed, first, attempts int
	total                           float64
}

func (s *sums) add(m *tracker.ModuleEffectiveness) {
	s.people, s.passed, s.first, s.attempts = s.people+m.People, s.passed+m.Passed, s.first+m.FirstPassed, s.attempts+m.Attempts
	s.total += m.MeanPercent * float64(m.Attempts)
}

func (s *sums) mean() any { return mean(s.total/float64(max(s.attempts, 1)), s.attempts) }

type surveySums struct {
	n, comments int
	u, f        float64
}

func (s *surveySums) add(m tracker.SurveySummary) {
	s.n, s.comments = s.n+m.Responses, s.comments+len(m.Comments)
	s.u += m.UnderstandingMean * float64(m.Responses)
	s.f += m.UsefulnessMean * float64(m.Responses)
}

func (s *surveySums) understanding() any { return avg(s.u/float64(max(s.n, 1)), s.n) }
func (s *surveySums) usefulness() any    { return avg(s.f/float64(max(s.n, 1)), s.n) }

func competencyName(m *tracker.ModuleEffectiveness, id string) string {
	for _, c := range m.Competencies {
		if c.Competency == id && c.Name != "" {
			return c.Name
		}
	}
	return id
}

func proposalSection(_ context.Context, in *Input, s *Section) error {
	if len(in.Proposals) == 0 {
		s.Say("（情報セキュリティ事務局が記入する。）")
		return nil
	}
	p := in.Proposals[0]
	for _, line := range strings.Split(p.Text, "\n") {
		if strings.TrimSpace(line) != "" {
			s.Paragraphs = append(s.Paragraphs, line)
		}
	}
	revisions := ""
	if len(in.Proposals) > 1 {
		revisions = fmt.Sprintf("、第%d版", len(in.Proposals))
	}
	s.Say("（%s %s記入%s）", tracker.DateOf(p.SavedAt).Japanese(), p.SavedBy, revisions)
	return nil
}
