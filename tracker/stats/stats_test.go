package stats_test

import (
	"math"
	"slices"
	"testing"

	"isms/tracker/stats"
)

// paper builds an attempt of right/wrong questions: marks[i] is the mark of ids[i].
func paper(ids []string, marks ...float64) stats.Attempt {
	at := make(stats.Attempt, len(ids))
	for i, id := range ids {
		at[i] = stats.Response{Item: id, Mark: marks[i], Max: 1}
	}
	return at
}

func near(got, want float64) bool { return math.Abs(got-want) < 1e-9 }

// TestAnalyzeComplete checks a fixture of six attempts at the same four questions against
// figures worked out by hand (sample variances, divided by n−1, as Moodle uses):
//
//	      q1 q2 q3 q4 | T
//	A      1  1  1  1 | 4
//	B      1  1  1  0 | 3
//	C      1  1  0  0 | 2
//	D      1  0  1  0 | 2
//	E      1  0  0  0 | 1
//	F      1  0  0  1 | 2
//
// q1: facility 1, SD 0, discrimination undefined (its mark never varies).
// q2: facility 1/2; rest X = T−x = 3,2,1,2,1,2 (mean 11/6); Σdx·dX = 1/2, Σdx² = 3/2,
// ΣdX² = 17/6, so r = (1/2)/√(3/2·17/6) = 1/√17; SD = √(3/2 / 5) = √0.3.
// q3: facility 1/2; rest 3,2,2,1,1,2; by the same sums r = 1/√17; SD √0.3.
// q4: facility 1/3; rest 3,3,2,2,1,1 (mean 2); Σdx·dX = 2/3 − 1/3 + 1/3 − 2/3 = 0, so r = 0;
// Σdx² = 4/3, SD = √(4/15).
// Alpha: V(T) = (25+4+1+1+16+1)/9 / 5 = 16/15; ΣV(xᵢ) = 0 + 3/10 + 3/10 + 4/15 = 13/15;
// α = 4/3 · (1 − 13/16) = 1/4.
func TestAnalyzeComplete(t *testing.T) {
	ids := []string{"q1", "q2", "q3", "q4"}
	an := stats.Analyze([]stats.Attempt{
		paper(ids, 1, 1, 1, 1),
		paper(ids, 1, 1, 1, 0),
		paper(ids, 1, 1, 0, 0),
		paper(ids, 1, 0, 1, 0),
		paper(ids, 1, 0, 0, 0),
		paper(ids, 1, 0, 0, 1),
	})
	want := []stats.ItemStat{
		{Item: "q1", N: 6, Facility: 1, SD: 0},
		{Item: "q2", N: 6, Facility: 0.5, SD: math.Sqrt(0.3), Discrimination: 1 / math.Sqrt(17), HasDiscrimination: true},
		{Item: "q3", N: 6, Facility: 0.5, SD: math.Sqrt(0.3), Discrimination: 1 / math.Sqrt(17), HasDiscrimination: true},
		{Item: "q4", N: 6, Facility: 1.0 / 3, SD: math.Sqrt(4.0 / 15), Discrimination: 0, HasDiscrimination: true},
	}
	if an.Attempts != 6 || len(an.Items) != len(want) {
		t.Fatalf("got %d attempts, %d items; want 6, %d", an.Attempts, len(an.Items), len(want))
	}
	for i, w := range want {
		g := an.Items[i]
		if g.Item != w.Item || g.N != w.N || !near(g.Facility, w.Facility) || !near(g.SD, w.SD) ||
			g.HasDiscrimination != w.HasDiscrimination || !near(g.Discrimination, w.Discrimination) {
			t.Errorf("item %d: got %+v, want %+v", i, g, w)
		}
	}
	if !an.HasAlpha || !near(an.Alpha, 0.25) || an.AlphaBasis != stats.BasisItems {
		t.Errorf("got alpha %v (%v, %s), want 0.25 over items", an.Alpha, an.HasAlpha, an.AlphaBasis)
	}

	// Four attempts are far too few to judge a question (TestThresholdsFlags); the limits are
	// checked here on the figures alone.
	th := stats.DefaultThresholds
	th.MinResponses = 0
	flags := map[string][]stats.Flag{}
	for _, it := range an.Items {
		flags[it.Item] = th.Flags(it)
	}
	wantFlags := map[string][]stats.Flag{
		"q1": {stats.FlagTooEasy},
		"q2": nil,
		"q3": nil,
		"q4": {stats.FlagLowDiscrimination},
	}
	for id, w := range wantFlags {
		if !slices.Equal(flags[id], w) {
			t.Errorf("%s: got flags %v, want %v", id, flags[id], w)
		}
	}
}

// TestAnalyzeRandomDraw: four attempts, each drawing two of three questions at random.
//
//	S1: a=1 b=1   S2: b=0 c=1   S3: a=1 c=0   S4: c=1 a=0
//
// a: drawn 3 times, marks 1,1,0 (facility 2/3); rest (the other question) 1,0,1:
// r = (−3/9)/√(6/9·6/9) = −1/2.
// b: marks 1,0 with rest 1,1: the rest does not vary, so discrimination is undefined.
// c: marks 1,0,1, rest 0,1,0: r = −1.
// Alpha over slots (questions differ between attempts): slot 1 = 1,0,1,1, slot 2 = 1,1,0,0,
// T = 2,1,1,1; V(slot1) = 1/4, V(slot2) = 1/3, V(T) = 1/4; α = 2·(1 − (7/12)/(1/4)) = −8/3.
func TestAnalyzeRandomDraw(t *testing.T) {
	an := stats.Analyze([]stats.Attempt{
		paper([]string{"a", "b"}, 1, 1),
		paper([]string{"b", "c"}, 0, 1),
		paper([]string{"a", "c"}, 1, 0),
		paper([]string{"c", "a"}, 1, 0),
	})
	tests := []struct {
		name string
		want stats.ItemStat
	}{
		{"a", stats.ItemStat{Item: "a", N: 3, Facility: 2.0 / 3, Discrimination: -0.5, HasDiscrimination: true}},
		{"b", stats.ItemStat{Item: "b", N: 2, Facility: 0.5}},
		{"c", stats.ItemStat{Item: "c", N: 3, Facility: 2.0 / 3, Discrimination: -1, HasDiscrimination: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := an.Item(tt.name)
			if !ok || got.N != tt.want.N || !near(got.Facility, tt.want.Facility) ||
				got.HasDiscrimination != tt.want.HasDiscrimination || !near(got.Discrimination, tt.want.Discrimination) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	if !an.HasAlpha || !near(an.Alpha, -8.0/3) || an.AlphaBasis != stats.BasisSlots {
		t.Errorf("got alpha %v (%v, %s), want −8/3 over slots", an.Alpha, an.HasAlpha, an.AlphaBasis)
	}
}

func TestAnalyzeEdges(t *testing.T) {
	t.Run("Empty", func(t *testing.T) {
		an := stats.Analyze(nil)
		if an.Attempts != 0 || len(an.Items) != 0 || an.HasAlpha {
			t.Fatalf("got %+v, want nothing", an)
		}
	})
	t.Run("OneAttempt", func(t *testing.T) {
		an := stats.Analyze([]stats.Attempt{paper([]string{"a", "b"}, 1, 0)})
		a, _ := an.Item("a")
		if a.N != 1 || a.Facility != 1 || a.SD != 0 || a.HasDiscrimination || an.HasAlpha {
			t.Fatalf("got %+v alpha %v, want facility 1 and nothing else defined", a, an.HasAlpha)
		}
	})
	t.Run("NoTotalVariance", func(t *testing.T) {
		ids := []string{"a", "b"}
		an := stats.Analyze([]stats.Attempt{paper(ids, 1, 0), paper(ids, 0, 1)})
		if an.HasAlpha {
			t.Fatalf("got alpha %v, want undefined when every total is the same", an.Alpha)
		}
	})
	t.Run("PartialMarks", func(t *testing.T) {
		// Marks are taken as fractions of the full mark: 1 of 2 is a facility of 1/2.
		an := stats.Analyze([]stats.Attempt{{{Item: "a", Mark: 1, Max: 2}}, {{Item: "a", Mark: 1, Max: 2}}})
		a, _ := an.Item("a")
		if !near(a.Facility, 0.5) {
			t.Fatalf("got facility %v, want 0.5", a.Facility)
		}
	})
	t.Run("IgnoresZeroMax", func(t *testing.T) {
		an := stats.Analyze([]stats.Attempt{{{Item: "a", Mark: 0, Max: 0}}})
		if len(an.Items) != 0 {
			t.Fatalf("got %+v, want no items", an.Items)
		}
	})
}

func TestThresholdsFlags(t *testing.T) {
	th := stats.DefaultThresholds
	tests := []struct {
		name string
		in   stats.ItemStat
		want []stats.Flag
	}{
		{"OK", stats.ItemStat{N: 30, Facility: 0.7, Discrimination: 0.4, HasDiscrimination: true}, nil},
		{"AtUpperLimit", stats.ItemStat{N: 30, Facility: 0.95, Discrimination: 0.1, HasDiscrimination: true}, nil},
		{"AtLowerLimit", stats.ItemStat{N: 30, Facility: 0.3, Discrimination: 0.1, HasDiscrimination: true}, nil},
		{"TooEasy", stats.ItemStat{N: 30, Facility: 0.96, Discrimination: 0.2, HasDiscrimination: true}, []stats.Flag{stats.FlagTooEasy}},
		{"TooHard", stats.ItemStat{N: 30, Facility: 0.29, Discrimination: 0.2, HasDiscrimination: true}, []stats.Flag{stats.FlagTooHard}},
		{"LowDiscrimination", stats.ItemStat{N: 30, Facility: 0.5, Discrimination: 0.09, HasDiscrimination: true}, []stats.Flag{stats.FlagLowDiscrimination}},
		{"NegativeDiscrimination", stats.ItemStat{N: 30, Facility: 0.5, Discrimination: -0.3, HasDiscrimination: true}, []stats.Flag{stats.FlagLowDiscrimination}},
		{"HardAndLow", stats.ItemStat{N: 30, Facility: 0.1, Discrimination: 0, HasDiscrimination: true}, []stats.Flag{stats.FlagTooHard, stats.FlagLowDiscrimination}},
		{"UndefinedDiscrimination", stats.ItemStat{N: 30, Facility: 0.5}, nil},
		{"NeverDrawn", stats.ItemStat{N: 0}, nil},
		{"TooFewResponses", stats.ItemStat{N: 29, Facility: 0.1, Discrimination: -0.5, HasDiscrimination: true}, nil},
		{"EnoughResponses", stats.ItemStat{N: stats.MinResponses, Facility: 1}, []stats.Flag{stats.FlagTooEasy}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := th.Flags(tt.in); !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}
