package search_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"isms/search/internal/testset"
)

// minPrecision is the share of relevant articles the first results of the precision set must hold.
const minPrecision = 0.95

// TestPrecision runs the precision set (testdata/precision.tsv) through the script over the index of the real
// handbook and judges the first ten results of each query on the articles' published text: at least 95% of
// them must be relevant.
func TestPrecision(t *testing.T) {
	doc, dir := realIndex(t)
	set, err := testset.ReadPrecision("testdata/precision.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Ranked [][]string `json:"ranked"`
	}
	if err := json.Unmarshal(runNode(t, "bench/ours.js", dir, "testdata/queries.tsv", "1", "testdata/precision.tsv"), &got); err != nil {
		t.Fatal(err)
	}
	score, err := testset.Judge(doc, set, got.Ranked)
	if err != nil {
		t.Fatal(err)
	}
	if score.Queries < 30 {
		t.Errorf("the precision set has %d queries, want at least 30", score.Queries)
	}
	// the set must hold what the issue was about: short loanwords with a long-vowel mark
	short := 0
	for _, q := range set {
		if strings.ContainsRune(q.Query, 'ー') && utf8.RuneCountInString(q.Query) <= 4 {
			short++
		}
	}
	if short < 10 {
		t.Errorf("the precision set has %d short loanwords with ー, want at least 10", short)
	}
	t.Logf("precision: %d of the first %d results relevant (%.1f%%), %d of %d queries with every result relevant",
		score.Relevant, score.Shown, 100*score.Precision(), score.Perfect, score.Queries)
	if score.Precision() < minPrecision {
		var wrong []string
		for _, w := range score.Wrong {
			wrong = append(wrong, fmt.Sprintf("%s #%d %s", w.Query, w.Rank, w.ID))
		}
		t.Errorf("precision %.1f%%, want at least %.0f%%; irrelevant: %s", 100*score.Precision(), 100*minPrecision, strings.Join(wrong, ", "))
	}
}
