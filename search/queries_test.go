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
	doc, dir := realIndex(t)
	out := runNode(t, "bench/ours.js", dir, "testdata/queries.tsv", "1")
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

// TestNormalizeParityCorpus runs the script's normaliser over every article of the real handbook as
// published and checks it gives, character for character, the text Go stored in the index.
func TestNormalizeParityCorpus(t *testing.T) {
	_, dir := realIndex(t)
	var got struct {
		Docs       int `json:"docs"`
		Fields     int `json:"fields"`
		Mismatches []struct {
			ID    string `json:"id"`
			Field string `json:"field"`
			At    int    `json:"at"`
			Go    string `json:"go"`
			JS    string `json:"js"`
		} `json:"mismatches"`
	}
	if err := json.Unmarshal(runNode(t, "bench/parity.js", dir), &got); err != nil {
		t.Fatal(err)
	}
	if got.Docs < 100 {
		t.Errorf("only %d articles compared", got.Docs)
	}
	for _, m := range got.Mismatches {
		t.Errorf("%s %s differs at %d: Go %q, script %q", m.ID, m.Field, m.At, m.Go, m.JS)
	}
}

// realIndex writes the index of the real handbook (../content) into a temporary directory.
func realIndex(t *testing.T) (*policy.Document, string) {
	t.Helper()
	doc, err := policy.Load(os.DirFS("../content"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := search.WriteIndex(dir, doc); err != nil {
		t.Fatal(err)
	}
	return doc, dir
}

// runNode runs a script of search/bench and returns what it printed.
func runNode(t *testing.T, args ...string) []byte {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("the search script's tests need Node.js 20 or later on PATH: ", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}
