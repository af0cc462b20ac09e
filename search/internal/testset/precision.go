// Package testset reads the search's precision set (search/testdata/precision.tsv) and judges results
// against it, for the test that holds the search to its target and for searchbench, which measures this
// search and Pagefind on the same set.
//
// Relevance is judged on the article as published, with none of the search's own normalisation beyond NFKC
// and ASCII case: a judge that shared the search's rules could not catch them being wrong.
package testset

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/text/unicode/norm"

	"isms/policy"
)

// Query is one line of the precision set: what staff type, and what an article must contain to be a
// relevant result for it.
type Query struct {
	Line  int
	Query string
	// Groups must all be present; a group is present when one of its words is.
	Groups [][]Word
	Note   string
}

// Word is a word a relevant article contains, other than inside the longer words listed as Not: ログ, but not
// the ログ of ログイン.
type Word struct {
	Text string
	Not  []string
}

// ReadPrecision reads a precision set. Columns: query, the relevance terms, a note. The terms are groups
// separated by spaces, all of which a relevant article must have; a group lists alternatives separated by
// "|"; "!" after a word names a longer word its occurrences inside do not count (ログ!ログイン!ログオン).
func ReadPrecision(path string) ([]Query, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Query
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 || cols[0] == "" || strings.TrimSpace(cols[1]) == "" {
			return nil, fmt.Errorf("%s:%d: want query<TAB>relevance terms<TAB>note", path, n+1)
		}
		q := Query{Line: n + 1, Query: cols[0]}
		if len(cols) > 2 {
			q.Note = cols[2]
		}
		for _, g := range strings.Fields(cols[1]) {
			var group []Word
			for _, alt := range strings.Split(g, "|") {
				parts := strings.Split(alt, "!")
				if parts[0] == "" {
					return nil, fmt.Errorf("%s:%d: an empty word in %q", path, n+1, g)
				}
				group = append(group, Word{Text: fold(parts[0]), Not: foldAll(parts[1:])})
			}
			q.Groups = append(q.Groups, group)
		}
		out = append(out, q)
	}
	return out, nil
}

// Relevant reports whether the article has what q asks for, in its reference (【04】第13条), caption, 2013
// controls or text.
func (q Query) Relevant(doc *policy.Document, a *policy.Article) bool {
	ref := doc.Standard(a.Standard).Label() + "第" + fmt.Sprint(a.Number) + "条"
	text := fold(strings.Join([]string{ref, a.Caption, strings.Join(a.Controls, " "), a.PlainText()}, "\n"))
	for _, group := range q.Groups {
		found := false
		for _, w := range group {
			if w.in(text) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (w Word) in(text string) bool {
	for _, longer := range w.Not {
		text = strings.ReplaceAll(text, longer, "\x00")
	}
	return strings.Contains(text, w.Text)
}

// fold is the judge's only normalisation: NFKC (ＵＳＢ, ｶﾀｶﾅ), ASCII lower case and no emphasis markup.
func fold(s string) string {
	s = strings.ReplaceAll(norm.NFKC.String(s), "**", "")
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

func foldAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fold(s)
	}
	return out
}

// TopN is how many results of each query are judged: the first screen of results.
const TopN = 10

// Score is the precision of an engine's results over a set.
type Score struct {
	Queries  int
	Shown    int // results judged: the first TopN of each query, or fewer where a query found fewer
	Relevant int
	Perfect  int     // queries whose judged results are all relevant (a query with none counts)
	Wrong    []Wrong // each irrelevant result
}

// Wrong is an irrelevant result: the query, its rank (1-based) and the article.
type Wrong struct {
	Query string
	Rank  int
	ID    string
}

// Precision is the share of judged results that are relevant.
func (s Score) Precision() float64 {
	if s.Shown == 0 {
		return 1
	}
	return float64(s.Relevant) / float64(s.Shown)
}

// Judge scores ranked, each query's result IDs in order ("04-13"), against the set. An ID that is no article
// of doc is irrelevant.
func Judge(doc *policy.Document, set []Query, ranked [][]string) (Score, error) {
	if len(ranked) != len(set) {
		return Score{}, fmt.Errorf("testset: %d result lists for %d queries", len(ranked), len(set))
	}
	s := Score{Queries: len(set)}
	for i, q := range set {
		perfect := true
		for rank, id := range ranked[i][:min(TopN, len(ranked[i]))] {
			s.Shown++
			if a := doc.Article(id); a != nil && q.Relevant(doc, a) {
				s.Relevant++
				continue
			}
			perfect = false
			s.Wrong = append(s.Wrong, Wrong{q.Query, rank + 1, id})
		}
		if perfect {
			s.Perfect++
		}
	}
	return s, nil
}
