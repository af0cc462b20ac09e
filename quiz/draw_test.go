package quiz_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"isms/quiz"
)

func TestDraw(t *testing.T) {
	// Unequal competencies: 4, 5, 6 and 7 questions.
	spec := bankSpec{module: "manager", competencies: []string{"authority", "area", "assets", "risk"}, perComp: 7, draw: 10}
	src := spec.src()
	for _, cut := range []int{1, 2, 3, 8, 9, 15} {
		src = cutQuestion(t, src, cut)
	}
	b := mustParse(t, "manager.md", src)

	t.Run("Reproducible", func(t *testing.T) {
		for _, seed := range []int64{0, 1, -1, 1 << 62, 20260401} {
			if a, b := b.Draw(seed), b.Draw(seed); !reflect.DeepEqual(a, b) {
				t.Errorf("seed %d drew two different papers:\n%+v\n%+v", seed, a, b)
			}
		}
	})

	t.Run("SeedsDiffer", func(t *testing.T) {
		seen := map[string]bool{}
		for seed := int64(0); seed < 50; seed++ {
			j, _ := json.Marshal(b.Draw(seed).Items)
			seen[string(j)] = true
		}
		if len(seen) < 49 {
			t.Errorf("50 seeds drew only %d distinct papers", len(seen))
		}
	})

	t.Run("Shape", func(t *testing.T) {
		for seed := int64(0); seed < 500; seed++ {
			p := b.Draw(seed)
			if p.Module != "manager" || p.BankVersion != b.Version || p.Seed != seed {
				t.Fatalf("seed %d: paper header %q %q %d", seed, p.Module, p.BankVersion, p.Seed)
			}
			if got, want := len(p.Items), b.DrawCount; got != want {
				t.Fatalf("seed %d: %d items, want %d", seed, got, want)
			}
			perComp := map[string]int{}
			ids := map[string]bool{}
			for _, it := range p.Items {
				q := b.Question(it.QuestionID)
				if q == nil || ids[q.ID] {
					t.Fatalf("seed %d: question %q unknown or drawn twice", seed, it.QuestionID)
				}
				ids[q.ID] = true
				perComp[q.Competency]++
				want := []string{"a", "b", "c", "d"}
				if got := slices.Sorted(slices.Values(it.ChoiceOrder)); !slices.Equal(got, want) {
					t.Fatalf("seed %d: choice order %v is not a permutation of %v", seed, it.ChoiceOrder, want)
				}
			}
			// Round-robin: 10 questions over 4 competencies are 2 or 3 each.
			for _, c := range b.Competencies {
				if n := perComp[c.ID]; n < 2 || n > 3 {
					t.Fatalf("seed %d: competency %s drew %d questions, want 2 or 3 (%v)", seed, c.ID, n, perComp)
				}
			}
		}
	})

	t.Run("EveryQuestionAndOrderReachable", func(t *testing.T) {
		drawn := map[string]int{}
		firstChoice := map[string]int{}
		firstQuestion := map[string]int{}
		for seed := int64(0); seed < 2000; seed++ {
			p := b.Draw(seed)
			firstQuestion[p.Items[0].QuestionID]++
			for _, it := range p.Items {
				drawn[it.QuestionID]++
				firstChoice[it.ChoiceOrder[0]]++
			}
		}
		if got, want := len(drawn), len(b.Questions); got != want {
			t.Errorf("2000 papers drew %d distinct questions, want all %d", got, want)
		}
		if got, want := len(firstQuestion), len(b.Questions); got != want {
			t.Errorf("only %d distinct questions ever came first, want %d", got, want)
		}
		for _, id := range []string{"a", "b", "c", "d"} {
			// 20,000 items, a quarter each: far from 0 however the stream falls.
			if firstChoice[id] < 4000 {
				t.Errorf("choice %s came first %d times in 20000 items, want about 5000", id, firstChoice[id])
			}
		}
	})

	t.Run("StableAcrossReleases", func(t *testing.T) {
		// A stored seed must redraw the same paper after a Go upgrade; this pins the stream.
		p := b.Draw(42)
		got, _ := json.Marshal(p.Items[:3])
		want := goldenDraw42
		if string(got) != want {
			t.Errorf("Draw(42) first items =\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("DrawCountClamped", func(t *testing.T) {
		few := *b
		few.DrawCount = 1
		if got, want := len(few.Draw(7).Items), len(b.Competencies); got != want {
			t.Errorf("draw 1 gave %d items, want one per competency (%d)", got, want)
		}
		many := *b
		many.DrawCount = 1000
		if got, want := len(many.Draw(7).Items), len(b.Questions); got != want {
			t.Errorf("draw 1000 gave %d items, want all %d questions", got, want)
		}
	})

	t.Run("PaperJSON", func(t *testing.T) {
		p := b.Draw(3)
		j, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var back quiz.Paper
		if err := json.Unmarshal(j, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(&back, p) {
			t.Errorf("JSON round trip changed the paper:\n%+v\n%+v", back, p)
		}
	})
}

const goldenDraw42 = `[{"question":"manager-022","choices":["d","a","b","c"]},{"question":"manager-026","choices":["b","c","a","d"]},{"question":"manager-010","choices":["c","a","d","b"]}]`
