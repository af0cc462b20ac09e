package testset_test

import (
	"os"
	"path/filepath"
	"testing"

	"isms/policy"
	"isms/search/internal/testset"
)

func doc() *policy.Document {
	art := func(n int, caption, text string, controls ...string) *policy.Article {
		return &policy.Article{Standard: "01", Number: n, Caption: caption, Controls: controls,
			Paragraphs: []*policy.Paragraph{{Number: 1, Blocks: []policy.Block{{Kind: policy.TextBlock, Text: text}}}}}
	}
	return &policy.Document{Standards: []*policy.Standard{{Number: "01", Title: "テスト", Chapters: []*policy.Chapter{{Number: 1, Articles: []*policy.Article{
		art(1, "ログの取得", "アクセスログを取得する。"),
		art(2, "ログオン", "ログオンの手順を定める。", "A9.4.2"),
		art(3, "記録媒体", "ＵＳＢメモリを**持ち出す**ときは許可を得る。"),
	}}}}}}
}

func readSet(t *testing.T, tsv string) []testset.Query {
	t.Helper()
	path := filepath.Join(t.TempDir(), "precision.tsv")
	if err := os.WriteFile(path, []byte(tsv), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := testset.ReadPrecision(path)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestRelevant(t *testing.T) {
	d := doc()
	set := readSet(t, "# comment\nログ\tログ!ログオン\tnot in ログオン\nUSB 持出\tusb 持ち出|持出\ttwo groups\n8.5\tA9.4.2\tcontrols\n")
	for _, c := range []struct {
		query int
		id    string
		want  bool
	}{
		{0, "01-1", true},  // ログ in アクセスログ and its caption
		{0, "01-2", false}, // only ログオン
		{1, "01-3", true},  // ＵＳＢ folded to usb, **持ち出す** without its emphasis
		{1, "01-1", false},
		{2, "01-2", true}, // its 2013 control
	} {
		if got := set[c.query].Relevant(d, d.Article(c.id)); got != c.want {
			t.Errorf("%s for %s: relevant is %v, want %v", c.id, set[c.query].Query, got, c.want)
		}
	}
}

func TestJudge(t *testing.T) {
	d := doc()
	set := readSet(t, "ログ\tログ!ログオン\nメモ\tメモ\n")
	score, err := testset.Judge(d, set, [][]string{{"01-1", "01-2", "99-9"}, {}})
	if err != nil {
		t.Fatal(err)
	}
	if score.Shown != 3 || score.Relevant != 1 || score.Perfect != 1 || len(score.Wrong) != 2 {
		t.Errorf("score = %+v, want 1 of 3 relevant, one query perfect (the one with no results)", score)
	}
	if w := score.Wrong[0]; w.Query != "ログ" || w.Rank != 2 || w.ID != "01-2" {
		t.Errorf("first irrelevant result %+v", w)
	}
	if _, err := testset.Judge(d, set, nil); err == nil {
		t.Error("no error for results of another set")
	}
}

func TestReadPrecisionErrors(t *testing.T) {
	for name, tsv := range map[string]string{
		"ErrNoTerms":  "ログ\n",
		"ErrEmptyAlt": "ログ\tログ|\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.tsv")
			if err := os.WriteFile(path, []byte(tsv), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := testset.ReadPrecision(path); err == nil {
				t.Error("no error")
			}
		})
	}
}
