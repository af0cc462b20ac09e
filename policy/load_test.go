package policy_test

import (
	"os"
	"strings"
	"testing"

	"isms/policy"
)

// The handbook's real text: the article counts per standard are the city's.
func TestLoadRealContent(t *testing.T) {
	doc, err := policy.Load(os.DirFS("../content"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"01": 21, "02": 8, "03": 15, "04": 20, "05": 12, "06": 10, "07": 24,
		"08": 22, "09": 10, "10": 10, "11": 8, "12": 7, "13": 9}
	if got := len(doc.Standards); got != 13 {
		t.Fatalf("standards: got %d, want 13", got)
	}
	total := 0
	for _, s := range doc.Standards {
		arts := s.Articles()
		if got := len(arts); got != want[s.Number] {
			t.Errorf("【%s】 articles: got %d, want %d", s.Number, got, want[s.Number])
		}
		for i, a := range arts {
			if a.Number != i+1 {
				t.Errorf("【%s】 article %d is numbered 第%d条", s.Number, i+1, a.Number)
			}
			if a.Caption == "" {
				t.Errorf("%s has no caption", a.ID())
			}
		}
		total += len(arts)
	}
	if total != 176 {
		t.Errorf("articles: got %d, want 176", total)
	}
	if got := len(doc.Policy.Articles()); got != 7 {
		t.Errorf("方針 取組み: got %d, want 7", got)
	}
	a := doc.Article("04-13")
	if a == nil || a.Caption != "パスワードの利用" || strings.Join(a.Controls, ",") != "A9.3.1" {
		t.Fatalf("04-13: got %+v", a)
	}
	if got := len(a.Paragraphs); got != 2 {
		t.Errorf("04-13 paragraphs: got %d, want 2", got)
	}
	if got := countItems(a.Paragraphs[1]); got != 9 {
		t.Errorf("04-13 第2項 items: got %d, want 9", got)
	}
}

func countItems(p *policy.Paragraph) int {
	n := 0
	for _, b := range p.Blocks {
		if b.Kind == policy.ItemBlock {
			n++
		}
	}
	return n
}
