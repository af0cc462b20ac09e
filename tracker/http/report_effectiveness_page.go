package http

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"isms/quiz"
	"isms/tracker"
	"isms/tracker/chart"
	"isms/tracker/export"
	"isms/tracker/stats"
)

type effectivenessView struct {
	E       *tracker.Effectiveness
	Module  string
	Years   []tracker.FiscalYear
	Banks   []moduleOption
	Modules []*moduleEffectivenessView
	Export  exportForm
}

type moduleOption struct{ ID, Title string }

type moduleEffectivenessView struct {
	*tracker.ModuleComparison
	Summary      []summaryRow
	DistChart    template.HTML
	Distribution []distRow
	Competencies []competencyRow
	Survey       []surveyRow
	Comments     []tracker.SurveyComment // newest first, at most maxComments
	MoreComments int
	Items        []itemRow // this year's questions, in bank order
	Review       []itemRow // those flagged for review
	MinResponses int       // responses a question needs before it is judged
	TooFew       int       // questions drawn, but fewer than MinResponses times
	Alpha        string
	AlphaBasis   string
	names        map[string]string // competency ID → name
}

// CompetencyName names a competency as the 第16条 table words it.
func (mv *moduleEffectivenessView) CompetencyName(id string) string {
	if n := mv.names[id]; n != "" {
		return n
	}
	return id
}

type summaryRow struct{ Name, Current, Previous string }

// itemRow is a question's analysis with its text from the bank, so that people read what was asked.
type itemRow struct {
	*tracker.ItemResult
	Stem template.HTML // empty when the bank no longer has the question
}

type distRow struct {
	Label             string
	Current, Previous int
}

type competencyRow struct{ Name, Current, Detail, Previous string }

type surveyRow struct {
	Answer                    int
	Understanding, Usefulness int
}

const maxComments = 100

func (s *Server) handleReportEffectiveness(w http.ResponseWriter, r *http.Request) {
	v, err := s.effectiveness(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "report_effectiveness", s.page(r, "研修の有効性評価", v))
}

// effectiveness reads ?fy= and ?module= and computes the evaluation with the banks' names.
func (s *Server) effectiveness(r *http.Request) (*effectivenessView, error) {
	var err error
	q := r.URL.Query()
	fy := s.fiscalYear()
	if v := q.Get("fy"); v != "" {
		if fy, err = tracker.ParseFiscalYear(v); err != nil {
			return nil, err
		}
	}
	module := q.Get("module")
	if module != "" && s.bank(module) == nil {
		return nil, tracker.Errorf(tracker.EINVALID, "研修モジュール「%s」はありません。", module)
	}
	e, err := s.ReportService.Effectiveness(r.Context(), fy, module)
	if err != nil {
		return nil, err
	}
	refs := export.ModuleRefs(s.Banks)
	e.Describe(refs)
	for _, mc := range e.Modules {
		if mc.Title == "" { // a 改正研修 has no bank of its own
			mc.Title = s.moduleTitle(mc.Module)
		}
	}
	names := map[string]map[string]string{}
	for _, r := range refs {
		names[r.Module] = map[string]string{}
		for _, c := range r.Competencies {
			names[r.Module][c.ID] = c.Name
		}
	}
	v := &effectivenessView{E: e, Module: module, Years: s.fiscalYears(),
		Export: exportForm{Reports: []tracker.ReportKind{tracker.ReportEffectiveness}, Filter: tracker.StatusFilter{FiscalYear: fy, Module: module},
			Formats: exportFormats(r, false)}}
	if sess := session(r); sess != nil {
		v.Export.CSRF = sess.CSRF
	}
	for _, b := range s.Banks {
		v.Banks = append(v.Banks, moduleOption{ID: b.Module, Title: b.Title})
	}
	for _, mc := range e.Modules {
		v.Modules = append(v.Modules, moduleView(mc, names[mc.Module], s.bank(mc.Module)))
	}
	return v, nil
}

func moduleView(mc *tracker.ModuleComparison, names map[string]string, bank *quiz.Bank) *moduleEffectivenessView {
	c, p := mc.Current, mc.Previous
	mv := &moduleEffectivenessView{ModuleComparison: mc, names: names, MinResponses: stats.DefaultThresholds.MinResponses}
	if c.Items != nil {
		for _, it := range c.Items.Items {
			row := itemRow{ItemResult: it}
			if bank != nil {
				if q := bank.Question(it.QuestionID); q != nil {
					row.Stem = q.Rendered().Stem
				}
			}
			mv.Items = append(mv.Items, row)
			if len(it.Flags) > 0 {
				mv.Review = append(mv.Review, row)
			}
			if it.N > 0 && it.N < mv.MinResponses {
				mv.TooFew++
			}
		}
	}
	pct := func(v float64) string { return strconv.FormatFloat(v*100, 'f', 1, 64) + "%" }
	pts := func(v float64, n int) string {
		if n == 0 {
			return "—"
		}
		return strconv.FormatFloat(v, 'f', 1, 64) + "点"
	}
	share := func(v float64, n int) string {
		if n == 0 {
			return "—"
		}
		return pct(v)
	}
	mean := func(v float64, n int) string {
		if n == 0 {
			return "—"
		}
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	mv.Summary = []summaryRow{
		{"受験数", strconv.Itoa(c.Attempts), strconv.Itoa(p.Attempts)},
		{"受験者数", strconv.Itoa(c.People) + "人", strconv.Itoa(p.People) + "人"},
		{"合格者数", strconv.Itoa(c.Passed) + "人", strconv.Itoa(p.Passed) + "人"},
		{"初回の受験で合格した割合", share(c.FirstPassRate(), c.People), share(p.FirstPassRate(), p.People)},
		{"平均点", pts(c.MeanPercent, c.Attempts), pts(p.MeanPercent, p.Attempts)},
		{"中央値", pts(c.MedianPercent, c.Attempts), pts(p.MedianPercent, p.Attempts)},
		{"アンケートの回答数", strconv.Itoa(c.Survey.Responses), strconv.Itoa(p.Survey.Responses)},
		{"理解度（1〜5の平均）", mean(c.Survey.UnderstandingMean, c.Survey.Responses), mean(p.Survey.UnderstandingMean, p.Survey.Responses)},
		{"業務への役立ち（1〜5の平均）", mean(c.Survey.UsefulnessMean, c.Survey.Responses), mean(p.Survey.UsefulnessMean, p.Survey.Responses)},
		{"内部一貫性（クロンバックのα）", alphaText(c.Items), alphaText(p.Items)},
	}
	mv.Alpha = alphaText(c.Items)
	switch c.Items.AlphaBasis {
	case "slots":
		mv.AlphaBasis = "設問は無作為に出題されるため、出題順の位置ごとに計算しています。"
	case "items":
		mv.AlphaBasis = "全員が同じ設問に回答したため、設問ごとに計算しています。"
	}
	cols := &chart.Columns{ID: "dist-" + mc.Module, Title: fmt.Sprintf("%sの得点分布", titleOr(mc)),
		Series: []chart.Series{{Name: c.FiscalYear.String()}, {Name: p.FiscalYear.String()}}}
	for i, b := range c.Distribution {
		prev := 0
		if i < len(p.Distribution) {
			prev = p.Distribution[i].Count
		}
		cols.Labels = append(cols.Labels, b.Label())
		cols.Series[0].Values = append(cols.Series[0].Values, b.Count)
		cols.Series[1].Values = append(cols.Series[1].Values, prev)
		mv.Distribution = append(mv.Distribution, distRow{Label: b.Label(), Current: b.Count, Previous: prev})
	}
	mv.DistChart = cols.SVG()
	prevComp := map[string]tracker.CompetencyResult{}
	for _, pc := range p.Competencies {
		prevComp[pc.Competency] = pc
	}
	for _, cc := range c.Competencies {
		name := cc.Name
		if name == "" {
			name = cc.Competency
		}
		row := competencyRow{Name: name, Current: share(cc.Rate(), cc.Total), Detail: fmt.Sprintf("%d/%d", cc.Correct, cc.Total), Previous: "—"}
		if pc, ok := prevComp[cc.Competency]; ok {
			row.Previous = share(pc.Rate(), pc.Total)
		}
		mv.Competencies = append(mv.Competencies, row)
	}
	for a := 1; a <= 5; a++ {
		mv.Survey = append(mv.Survey, surveyRow{Answer: a, Understanding: c.Survey.Understanding[a-1], Usefulness: c.Survey.Usefulness[a-1]})
	}
	comments := c.Survey.Comments
	for i := len(comments) - 1; i >= 0 && len(mv.Comments) < maxComments; i-- {
		mv.Comments = append(mv.Comments, comments[i])
	}
	mv.MoreComments = len(comments) - len(mv.Comments)
	return mv
}

func titleOr(mc *tracker.ModuleComparison) string {
	if mc.Title != "" {
		return mc.Title
	}
	return mc.Module
}

func alphaText(a *tracker.ItemAnalysis) string {
	if a == nil || !a.HasAlpha {
		return "—"
	}
	return strconv.FormatFloat(a.Alpha, 'f', 2, 64)
}

// Fixed formats an index for the item table.
func (mv *moduleEffectivenessView) Fixed(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
