package search_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"isms/policy"
	"isms/search"
)

// TestQueries runs the test set (testdata/queries.tsv) through the script over the index of the real
// handbook: every query must have all its listed articles in its first five results.
func TestQueries(t *testing.T) {
	doc, err := policy.Load(os.DirFS("../content"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := search.WriteIndex(dir, doc); err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("the search script's tests need Node.js 20 or later on PATH: ", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, "bench/ours.js", dir, "testdata/queries.tsv", "1").Output()
	if err != nil {
		t.Fatalf("node bench/ours.js: %v", err)
	}
	var got struct {
		Queries int `json:"queries"`
		Hits    int `json:"hits"`
		Misses  []struct {
			Query string   `json:"query"`
			Want  []string `json:"want"`
			Got   []string `json:"got"`
		} `json:"misses"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Queries < 40 {
		t.Errorf("the test set has %d queries, want at least 40", got.Queries)
	}
	for _, m := range got.Misses {
		t.Errorf("%s: want %s in the top 5, got %s", m.Query, strings.Join(m.Want, " "), strings.Join(m.Got, " "))
	}
	// every listed article must exist, or a typo in the set would pass unnoticed as a miss
	b, err := os.ReadFile("testdata/queries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		cols := strings.Split(line, "\t")
		if line == "" || strings.HasPrefix(line, "#") || len(cols) < 2 {
			continue
		}
		for _, id := range strings.Fields(cols[1]) {
			if doc.Article(id) == nil {
				t.Errorf("%s: article %s does not exist", cols[0], id)
			}
		}
	}
}
