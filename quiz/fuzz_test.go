package quiz_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"isms/quiz"
)

// FuzzParse feeds the parser arbitrary files. Whatever it accepts must be a bank the rest of the package
// can use: well-formed lines, a paper drawn from it graded right when answered with the key.
// The seed corpus is testdata/fuzz/FuzzParse plus the heads of the shipped banks.
func FuzzParse(f *testing.F) {
	// The head of each shipped bank (front matter, competencies, three questions): real text, but small,
	// so that mutating and minimizing stay fast.
	names, _ := filepath.Glob("*.md")
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		parts := strings.SplitAfterN(string(src), "\n### ", 5)
		f.Add([]byte(strings.Join(parts[:min(4, len(parts))], "")), int64(1))
	}
	f.Add([]byte(smallSpec.src()), int64(7))
	f.Fuzz(func(t *testing.T, src []byte, seed int64) {
		b, err := quiz.Parse("fuzz.md", src)
		if err != nil {
			var ps quiz.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %v (%T) is not a non-empty quiz.Problems", err, err)
			}
			lines := strings.Count(string(src), "\n") + 1
			for _, p := range ps {
				if p.File != "fuzz.md" || p.Line < 1 || p.Line > lines || p.Message == "" {
					t.Fatalf("problem %+v outside the file's %d lines", p, lines)
				}
			}
			return
		}
		if !utf8.Valid(src) || len(b.Competencies) == 0 || len(b.Version) != 12 {
			t.Fatalf("accepted a bank with valid=%v competencies=%d version=%q", utf8.Valid(src), len(b.Competencies), b.Version)
		}
		for _, q := range b.Questions {
			if q.Stem == "" || q.Explanation == "" || len(q.Choices) == 0 {
				t.Fatalf("accepted an incomplete question %+v", q)
			}
			_ = q.StemHTML()
			_ = q.ExplanationHTML()
		}
		// Validate may reject the bank but must not fail on it; a bank it accepts can be drawn and graded.
		// (Alone it is reported as the only bank, so the other modules' absence is not its problem.)
		var ps quiz.Problems
		errors.As(quiz.Validate([]*quiz.Bank{b}, articleExists), &ps)
		for _, p := range ps {
			if p.File == "fuzz.md" {
				return
			}
		}
		p := b.Draw(seed)
		answers := map[string][]string{}
		for _, it := range p.Items {
			answers[it.QuestionID] = b.Question(it.QuestionID).CorrectIDs()
		}
		r, err := b.Grade(p, answers)
		if err != nil {
			t.Fatalf("Grade of a drawn paper: %v", err)
		}
		if r.Correct != r.Total || !r.Passed {
			t.Fatalf("the answer key scored %d/%d", r.Correct, r.Total)
		}
	})
}

// TestFuzzCorpus keeps the checked-in seed corpus in the shape go test -fuzz reads.
func TestFuzzCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzParse", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 {
		t.Fatalf("seed corpus has %d files, want at least 5", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), "go test fuzz v1\n[]byte(") || !strings.Contains(string(data), "\nint64(") {
			t.Errorf("%s is not a go test fuzz v1 file of ([]byte, int64)", f)
		}
	}
}
