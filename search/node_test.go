package search_test

import (
	"context"
	"os/exec"
	"testing"
	"time"
)

// TestScript runs the script's own tests (assets/search.test.js) under Node: normalisation on the cases of
// testdata/normalize.tsv that TestNormalize runs through Go, ranking, snippets and suggestions.
func TestScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("the search script's tests need Node.js 20 or later on PATH: ", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, "--test", "assets/").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test assets/: %v\n%s", err, out)
	}
}
