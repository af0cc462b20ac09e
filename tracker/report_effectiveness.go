package tracker

import (
	"slices"
	"strconv"
	"time"
)

// Effectiveness is the evaluation of the training's effect (【01】第17条3) for a fiscal year, the
// 有効性測定の結果 the management review takes in (【01】第20条(6)).
type Effectiveness struct {
	FiscalYear FiscalYear          `json:"fiscalYear"`
	Modules    []*ModuleComparison `json:"modules"`
}

// ModuleComparison puts a module's figures for the year beside the previous year's.
type ModuleComparison struct {
	Module   string               `json:"module"`
	Title    string               `json:"title,omitempty"`
	Current  *ModuleEffectiveness `json:"current"`
	Previous *ModuleEffectiveness `json:"previous"`
}

// ModuleEffectiveness is one module's figures in one fiscal year.
type ModuleEffectiveness struct {
	Module     string     `json:"module"`
	FiscalYear FiscalYear `json:"fiscalYear"`
	Attempts   int        `json:"attempts"`
	People     int        `json:"people"` // who made at least one attempt
	Passed     int        `json:"passed"` // who passed
	// FirstPassed counts the people whose first attempt of the year passed.
	FirstPassed   int                `json:"firstPassed"`
	MeanPercent   float64            `json:"meanPercent"`   // over all attempts
	MedianPercent float64            `json:"medianPercent"` // over all attempts
	Distribution  []ScoreBucket      `json:"distribution"`
	Competencies  []CompetencyResult `json:"competencies"`
	Survey        SurveySummary      `json:"survey"`
	Items         *ItemAnalysis      `json:"items"`
}

// FirstPassRate is the share of people who passed at their first attempt.
func (m *ModuleEffectiveness) FirstPassRate() float64 { return ratio(m.FirstPassed, m.People) }

// PassRate is the share of people who have passed.
func (m *ModuleEffectiveness) PassRate() float64 { return ratio(m.Passed, m.People) }

// ScoreBuckets are the score distribution's classes in percent: 0–9, 10–19, …, 90–99 and 100.
func ScoreBuckets() []ScoreBucket {
	out := make([]ScoreBucket, 0, 11)
	for from := 0; from < 100; from += 10 {
		out = append(out, ScoreBucket{From: from, To: from + 9})
	}
	return append(out, ScoreBucket{From: 100, To: 100})
}

// ScoreBucket counts the attempts whose percent lies in From…To.
type ScoreBucket struct {
	From  int `json:"from"`
	To    int `json:"to"`
	Count int `json:"count"`
}

// Label is the class as tables show it: 「0–9点」, 「100点」.
func (b ScoreBucket) Label() string {
	if b.From == b.To {
		return strconv.Itoa(b.From) + "点"
	}
	return strconv.Itoa(b.From) + "–" + strconv.Itoa(b.To) + "点"
}

// CompetencyResult is how the questions of one competency were answered over all attempts.
type CompetencyResult struct {
	Competency string `json:"competency"`
	Name       string `json:"name,omitempty"`
	Correct    int    `json:"correct"`
	Total      int    `json:"total"`
}

// Rate is the share of right answers.
func (c CompetencyResult) Rate() float64 { return ratio(c.Correct, c.Total) }

// SurveySummary sums up the survey answers after the year's attempts. Comments are listed without
// names: the survey is anonymous in the reports.
type SurveySummary struct {
	Responses int `json:"responses"`
	// Understanding and Usefulness count the answers 1…5 (index 0 is answer 1).
	Understanding     [5]int          `json:"understanding"`
	Usefulness        [5]int          `json:"usefulness"`
	UnderstandingMean float64         `json:"understandingMean"`
	UsefulnessMean    float64         `json:"usefulnessMean"`
	Comments          []SurveyComment `json:"comments"`
}

// SurveyComment is one free-text answer.
type SurveyComment struct {
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// ItemAnalysis is the item analysis of a module's questions in a year, from each person's first
// attempt (later attempts follow the explanations shown after the first, and would make every
// question look easy).
type ItemAnalysis struct {
	Attempts int `json:"attempts"`
	// MinResponses is how many responses a question needs before it is flagged for review.
	MinResponses int `json:"minResponses"`
	// Alpha is Cronbach's alpha; HasAlpha is false when it cannot be computed. AlphaBasis is
	// "items" when every attempt had the same questions, "slots" when they were drawn at random.
	Alpha      float64       `json:"alpha"`
	HasAlpha   bool          `json:"hasAlpha"`
	AlphaBasis string        `json:"alphaBasis,omitempty"`
	Items      []*ItemResult `json:"items"`
}

// Review lists the questions flagged for review.
func (a *ItemAnalysis) Review() []*ItemResult {
	if a == nil {
		return nil
	}
	var out []*ItemResult
	for _, it := range a.Items {
		if len(it.Flags) > 0 {
			out = append(out, it)
		}
	}
	return out
}

// ItemResult is the analysis of one question.
type ItemResult struct {
	QuestionID string   `json:"questionId"`
	Competency string   `json:"competency"`
	Cites      []string `json:"cites,omitempty"` // article IDs "04-13" the question cites
	Stem       string   `json:"stem,omitempty"`  // the question's text (Markdown source)
	N          int      `json:"n"`               // first attempts that drew it
	Facility   float64  `json:"facility"`
	SD         float64  `json:"sd"`
	// Discrimination is undefined (HasDiscrimination false) when the mark or the rest of the
	// test did not vary.
	Discrimination    float64      `json:"discrimination"`
	HasDiscrimination bool         `json:"hasDiscrimination"`
	Flags             []ReviewFlag `json:"flags,omitempty"`
}

// ReviewFlag is a reason to review a question (facility above 0.95 or below 0.3, discrimination
// below 0.1).
type ReviewFlag struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// ModuleRef describes a module's bank to the reports, which are computed from attempts alone:
// titles, competency names and each question's citations come from here.
type ModuleRef struct {
	Module       string
	Title        string
	Competencies []CompetencyRef // in bank order
	Questions    []QuestionRef   // in bank order
}

// CompetencyRef is one competency of a bank.
type CompetencyRef struct {
	ID   string
	Name string
}

// QuestionRef is one question of a bank.
type QuestionRef struct {
	ID         string
	Competency string
	Cites      []string
	Stem       string
}

// Describe adds titles, competency names, citations and stems from the banks, and lists every
// question of a bank in bank order, those nobody drew with N = 0, so the analysis covers them all.
func (e *Effectiveness) Describe(refs []*ModuleRef) {
	byModule := map[string]*ModuleRef{}
	for _, r := range refs {
		byModule[r.Module] = r
	}
	for _, mc := range e.Modules {
		ref := byModule[mc.Module]
		if ref == nil {
			continue
		}
		mc.Title = ref.Title
		for _, m := range []*ModuleEffectiveness{mc.Current, mc.Previous} {
			if m != nil {
				m.describe(ref)
			}
		}
	}
}

func (m *ModuleEffectiveness) describe(ref *ModuleRef) {
	// Competencies in bank order with their names, then any the bank no longer has.
	comps := make([]CompetencyResult, 0, len(m.Competencies))
	for _, c := range ref.Competencies {
		for _, r := range m.Competencies {
			if r.Competency == c.ID {
				r.Name = c.Name
				comps = append(comps, r)
			}
		}
	}
	for _, r := range m.Competencies {
		if !slices.ContainsFunc(ref.Competencies, func(c CompetencyRef) bool { return c.ID == r.Competency }) {
			comps = append(comps, r)
		}
	}
	m.Competencies = comps
	if m.Items == nil {
		m.Items = &ItemAnalysis{}
	}
	seen := map[string]*ItemResult{}
	for _, it := range m.Items.Items {
		seen[it.QuestionID] = it
	}
	items := make([]*ItemResult, 0, len(ref.Questions)+len(m.Items.Items))
	inBank := map[string]bool{}
	for _, q := range ref.Questions {
		inBank[q.ID] = true
		it := seen[q.ID]
		if it == nil {
			it = &ItemResult{QuestionID: q.ID, Competency: q.Competency}
		}
		it.Cites, it.Stem = q.Cites, q.Stem
		items = append(items, it)
	}
	// Questions since removed from the bank keep their figures, after the bank's own.
	for _, it := range m.Items.Items {
		if !inBank[it.QuestionID] {
			items = append(items, it)
		}
	}
	m.Items.Items = items
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
