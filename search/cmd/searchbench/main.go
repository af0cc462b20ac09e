// Command searchbench prints the figures of the handbook search: index size gzipped, what a first search
// downloads, the median query time over the real index under Node, the top-5 hit rate of the test set
// (search/testdata/queries.tsv) and the precision of the first ten results of the precision set
// (search/testdata/precision.tsv); and the same for Pagefind when search/bench has it installed
// (cd search/bench && npm install).
//
//	go run ./search/cmd/searchbench [-root .] [-site public] [-runs 20]
//
// Pagefind indexes built pages: with -site it uses that built site, otherwise it builds one into a temporary
// directory (which takes a while: it runs Hugo).
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"isms/handbook"
	"isms/policy"
	"isms/search"
	"isms/search/internal/testset"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

// engineResult is what search/bench/ours.js and pagefind.mjs print.
type engineResult struct {
	Engine       string     `json:"engine"`
	Queries      int        `json:"queries"`
	Hits         int        `json:"hits"`
	Misses       []miss     `json:"misses"`
	PlainQueries int        `json:"plainQueries"`
	PlainHits    int        `json:"plainHits"`
	Runs         int        `json:"runs"`
	MedianMs     float64    `json:"medianMs"`
	P90Ms        float64    `json:"p90Ms"`
	IndexBytes   int        `json:"indexBytes"`
	RuntimeBytes int        `json:"runtimeBytes"`
	ColdBytes    int        `json:"coldBytes"`
	ColdQuery    string     `json:"coldQuery"`
	LoadMs       float64    `json:"loadMs"`
	Ranked       [][]string `json:"ranked"` // the first ten results of each query of the precision set
	Precision    testset.Score
	// Precision2013 leaves out the queries by a 2022 control number, which only this index carries: the
	// pages Pagefind indexes name the 2013 controls alone.
	Precision2013 testset.Score
}

// searchFiles are the files of this search that a browser downloads, in the order they are reported.
var searchFiles = []string{search.IndexFile, search.TextFile, search.NormalizeFile, search.MatchFile, search.ScriptFile, search.PageScriptFile, search.StyleFile}

type miss struct {
	Query string   `json:"query"`
	Want  []string `json:"want"`
	Got   []string `json:"got"`
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("searchbench", flag.ContinueOnError)
	root := fs.String("root", ".", "the repository: content/, search/")
	site := fs.String("site", "", "a built site for Pagefind to index (default: build one)")
	runs := fs.Int("runs", 20, "times each query is run for the timings")
	verbose := fs.Bool("v", false, "list the queries each engine misses")
	if err := fs.Parse(args); err != nil {
		return err
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return errors.New("node (Node.js 20 or later) is needed to run the search script")
	}
	benchDir := filepath.Join(*root, "search", "bench")
	queries := filepath.Join(*root, "search", "testdata", "queries.tsv")
	precisionSet := filepath.Join(*root, "search", "testdata", "precision.tsv")
	set, err := testset.ReadPrecision(precisionSet)
	if err != nil {
		return err
	}
	doc, err := policy.Load(os.DirFS(filepath.Join(*root, "content")))
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "searchbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	indexDir := filepath.Join(tmp, "search")
	if err := search.WriteIndex(indexDir, doc); err != nil {
		return err
	}

	sizes, rawSizes := map[string]int{}, map[string]int{}
	for _, name := range searchFiles {
		if sizes[name], rawSizes[name], err = fileSizes(filepath.Join(indexDir, name)); err != nil {
			return err
		}
	}
	var ours engineResult
	if err := runNode(ctx, node, &ours, filepath.Join(benchDir, "ours.js"), indexDir, queries, fmt.Sprint(*runs), precisionSet); err != nil {
		return err
	}
	ours.IndexBytes = sizes[search.IndexFile] + sizes[search.TextFile]
	ours.RuntimeBytes = sizes[search.NormalizeFile] + sizes[search.MatchFile] + sizes[search.ScriptFile] + sizes[search.PageScriptFile]
	ours.ColdBytes = ours.IndexBytes + ours.RuntimeBytes + sizes[search.StyleFile]

	results := []engineResult{ours}
	if _, err := os.Stat(filepath.Join(benchDir, "node_modules", "pagefind")); err == nil {
		if *site == "" {
			*site = filepath.Join(tmp, "public")
			fmt.Fprintln(os.Stderr, "searchbench: building the site for Pagefind…")
			if _, err := handbook.Build(ctx, handbook.Options{
				Root: *root, Content: filepath.Join(*root, "content"), Public: *site,
			}); err != nil {
				return err
			}
		}
		var pf engineResult
		if err := runNode(ctx, node, &pf, filepath.Join(benchDir, "pagefind.mjs"), *site, queries, filepath.Join(tmp, "pagefind"), fmt.Sprint(*runs), precisionSet); err != nil {
			return err
		}
		results = append(results, pf)
	} else {
		fmt.Fprintln(os.Stderr, "searchbench: Pagefind is not installed (cd search/bench && npm install); measuring this search only")
	}

	for i := range results {
		r := &results[i]
		if r.Precision, err = testset.Judge(doc, set, r.Ranked); err != nil {
			return err
		}
		var sub []testset.Query
		var ranked [][]string
		for j, q := range set {
			if !strings.Contains(q.Note, "2022 control") {
				sub = append(sub, q)
				ranked = append(ranked, r.Ranked[j])
			}
		}
		if r.Precision2013, err = testset.Judge(doc, sub, ranked); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Handbook: %d articles. Test set: %d queries (%s); precision set: %d queries (%s). Times: median over %d runs of each query, under Node %s.\n\n",
		len(doc.Articles()), ours.Queries, filepath.ToSlash(queries), len(set), filepath.ToSlash(precisionSet), *runs, nodeVersion(ctx, node))
	fmt.Fprintln(stdout, "| | this search | Pagefind |")
	fmt.Fprintln(stdout, "|---|---|---|")
	row := func(label string, f func(engineResult) string) {
		cells := []string{label}
		for _, r := range results {
			cells = append(cells, f(r))
		}
		if len(results) == 1 {
			cells = append(cells, "not installed")
		}
		fmt.Fprintf(stdout, "| %s |\n", strings.Join(cells, " | "))
	}
	row("top-5 hit rate", func(r engineResult) string {
		return fmt.Sprintf("%d/%d (%.0f%%)", r.Hits, r.Queries, 100*float64(r.Hits)/float64(r.Queries))
	})
	row("… of the queries that need no synonym", func(r engineResult) string {
		return fmt.Sprintf("%d/%d (%.0f%%)", r.PlainHits, r.PlainQueries, 100*float64(r.PlainHits)/float64(r.PlainQueries))
	})
	row("relevant among the first 10 results (precision set)", func(r engineResult) string {
		p := r.Precision
		return fmt.Sprintf("%d/%d (%.1f%%)", p.Relevant, p.Shown, 100*p.Precision())
	})
	row("… queries with every result relevant", func(r engineResult) string {
		return fmt.Sprintf("%d/%d", r.Precision.Perfect, r.Precision.Queries)
	})
	row("… without the queries by 2022 control number", func(r engineResult) string {
		p := r.Precision2013
		return fmt.Sprintf("%d/%d (%.1f%%) of %d queries", p.Relevant, p.Shown, 100*p.Precision(), p.Queries)
	})
	row("index, gzipped", func(r engineResult) string { return kb(r.IndexBytes) })
	row("script, gzipped", func(r engineResult) string { return kb(r.RuntimeBytes) })
	row("first search downloads", func(r engineResult) string { return kb(r.ColdBytes) })
	row("median query time", func(r engineResult) string { return fmt.Sprintf("%.2f ms", r.MedianMs) })
	row("90th percentile", func(r engineResult) string { return fmt.Sprintf("%.2f ms", r.P90Ms) })
	rawTotal := 0
	for _, n := range rawSizes {
		rawTotal += n
	}
	fmt.Fprint(stdout, "\nThis search's files, gzipped (uncompressed):")
	for i, name := range searchFiles {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(stdout, "%s %s %s (%s)", sep, name, kb(sizes[name]), kb(rawSizes[name]))
	}
	fmt.Fprintf(stdout, "; a first search from a server that does not compress downloads %s.\n", kb(rawTotal))
	if *verbose {
		for _, r := range results {
			for _, m := range r.Misses {
				fmt.Fprintf(stdout, "%s misses %s: want %s, top 5 %s\n", r.Engine, m.Query, strings.Join(m.Want, " "), strings.Join(m.Got, " "))
			}
			for _, w := range r.Precision.Wrong {
				fmt.Fprintf(stdout, "%s: %s, result %d: %s is not relevant\n", r.Engine, w.Query, w.Rank, w.ID)
			}
		}
	}
	return nil
}

func runNode(ctx context.Context, node string, v any, args ...string) error {
	cmd := exec.CommandContext(ctx, node, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("node %s: %v\n%s", filepath.Base(args[0]), err, stderr.String())
	}
	return json.Unmarshal(out, v)
}

func nodeVersion(ctx context.Context, node string) string {
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

// fileSizes returns the size of a file gzipped (as a server that compresses sends it) and as it is.
func fileSizes(path string) (gzipped, raw int, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len(), len(b), nil
}

func kb(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }
