package sqlite_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"isms/tracker"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestEffectiveness checks the fixture's general module against figures worked out by hand.
//
// 2026: five attempts (100, 100, 33, 100, 100): mean 433/5 = 86.6, median 100; four people, all
// passed, three at the first attempt. Per competency over all attempts: duty (g1, g2) 9 of 10,
// legal (g3) 4 of 5. Surveys: understanding 5 and 3 (mean 4), usefulness 4 and 5 (mean 4.5).
// Item analysis of the first attempts (1001 111, 1002 111, 1003 100, 1005 111): g1 facility 1
// (too easy); g2 and g3 facility 3/4, discrimination 1 (the rest is 2,2,1,2 against 1,1,0,1);
// alpha = 3/2 · (1 − (0 + 1/4 + 1/4) / 1) = 3/4.
// 2025: two attempts (33 fail, 100 pass): mean and median 66.5; two people, one passed.
func TestEffectiveness(t *testing.T) {
	f := newReportFixture(t)
	e, err := f.db.Effectiveness(f.ctx["admin"], 2026, "")
	if err != nil {
		t.Fatal(err)
	}
	var mods []string
	for _, m := range e.Modules {
		mods = append(mods, m.Module)
	}
	if strings.Join(mods, ",") != "general,manager,executive" {
		t.Fatalf("got modules %v", mods)
	}
	g := e.Modules[0].Current
	if g.Attempts != 5 || g.People != 4 || g.Passed != 4 || g.FirstPassed != 3 || !near(g.MeanPercent, 86.6) || g.MedianPercent != 100 {
		t.Errorf("general 2026: got %+v", g)
	}
	if g.Distribution[3].Count != 1 || g.Distribution[10].Count != 4 {
		t.Errorf("distribution: got %+v", g.Distribution)
	}
	if fmt.Sprint(g.Competencies) != fmt.Sprint([]tracker.CompetencyResult{{Competency: "duty", Correct: 9, Total: 10},
		{Competency: "legal", Correct: 4, Total: 5}}) {
		t.Errorf("competencies: got %+v", g.Competencies)
	}
	s := g.Survey
	if s.Responses != 2 || s.Understanding != [5]int{0, 0, 1, 0, 1} || s.Usefulness != [5]int{0, 0, 0, 1, 1} ||
		s.UnderstandingMean != 4 || s.UsefulnessMean != 4.5 || len(s.Comments) != 1 || s.Comments[0].Text != "わかりやすい" {
		t.Errorf("survey: got %+v", s)
	}
	items := map[string]*tracker.ItemResult{}
	for _, it := range g.Items.Items {
		items[it.QuestionID] = it
	}
	// g1 is answered right by all four, but four responses are too few to flag it (stats.MinResponses).
	if it := items["g1"]; it == nil || it.N != 4 || it.Facility != 1 || len(it.Flags) != 0 || it.Competency != "duty" {
		t.Errorf("g1: got %+v", it)
	}
	for _, id := range []string{"g2", "g3"} {
		if it := items[id]; it == nil || !near(it.Facility, 0.75) || !it.HasDiscrimination || !near(it.Discrimination, 1) || len(it.Flags) != 0 {
			t.Errorf("%s: got %+v", id, it)
		}
	}
	if !g.Items.HasAlpha || !near(g.Items.Alpha, 0.75) || g.Items.Attempts != 4 {
		t.Errorf("alpha: got %+v", g.Items)
	}
	if r := g.Items.Review(); len(r) != 0 {
		t.Errorf("review: got %+v, want none from four attempts", r)
	}

	p := e.Modules[0].Previous
	if p.FiscalYear != 2025 || p.Attempts != 2 || p.People != 2 || p.Passed != 1 || p.FirstPassed != 1 || p.MeanPercent != 66.5 || p.MedianPercent != 66.5 {
		t.Errorf("general 2025: got %+v", p)
	}
	if m := e.Modules[1]; m.Previous.Attempts != 0 || m.Current.Attempts != 2 || m.Current.FirstPassRate() != 0.5 {
		t.Errorf("manager: got %+v / %+v", m.Current, m.Previous)
	}

	t.Run("OneModule", func(t *testing.T) {
		e, err := f.db.Effectiveness(context.Background(), 2026, "executive")
		if err != nil || len(e.Modules) != 1 || e.Modules[0].Current.Attempts != 1 {
			t.Fatalf("got %+v, %v", e, err)
		}
	})
	for _, tt := range []struct {
		name, login string
		fy          tracker.FiscalYear
		code        string
	}{
		{"ErrManager", "1002", 2026, tracker.EFORBIDDEN},
		{"ErrDirector", "1005", 2026, tracker.EFORBIDDEN},
		{"ErrYear", "admin", 99, tracker.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.db.Effectiveness(f.ctx[tt.login], tt.fy, "")
			wantCode(t, err, tt.code)
		})
	}
}
