package handbook_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"isms/handbook"
	"isms/policy"
)

// BenchmarkBuildHandbook builds the real handbook (what isms build does) and reports the bytes a reader
// downloads for the largest standard page: the HTML with its stylesheet and script, no search index.
func BenchmarkBuildHandbook(b *testing.B) {
	benchBuild(b, filepath.Join(root, "content"))
}

// BenchmarkBuildHandbook10x builds a handbook with ten times the articles of the real one.
func BenchmarkBuildHandbook10x(b *testing.B) {
	benchBuild(b, tenfold(b))
}

func benchBuild(b *testing.B, content string) {
	public := filepath.Join(b.TempDir(), "public")
	var res *handbook.Result
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		res, err = handbook.Build(context.Background(), handbook.Options{Root: root, Content: content, Public: public})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	largest := int64(0)
	for _, s := range res.Doc.Standards {
		fi, err := os.Stat(filepath.Join(public, filepath.FromSlash(s.URL()), "index.html"))
		if err != nil {
			b.Fatal(err)
		}
		largest = max(largest, fi.Size())
	}
	for _, asset := range []string{"assets/site.css", "assets/site.js"} {
		fi, err := os.Stat(filepath.Join(public, asset))
		if err != nil {
			b.Fatal(err)
		}
		largest += fi.Size()
	}
	b.ReportMetric(float64(largest), "largest-page-bytes")
	b.ReportMetric(float64(len(res.Doc.Articles())), "articles")
}

// tenfold writes a copy of content/ whose standards each repeat their chapters ten times, renumbered.
func tenfold(b *testing.B) string {
	content := copyContent(b)
	doc, err := policy.Load(os.DirFS(content))
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range doc.Standards {
		big := &policy.Standard{Number: s.Number, Title: s.Title}
		n := 0
		for k := 0; k < 10; k++ {
			for _, c := range s.Chapters {
				nc := &policy.Chapter{Number: len(big.Chapters) + 1, Title: c.Title}
				for _, a := range c.Articles {
					n++
					copy := *a
					copy.Number = n
					nc.Articles = append(nc.Articles, &copy)
				}
				big.Chapters = append(big.Chapters, nc)
			}
		}
		big.Appendices = s.Appendices
		front := fmt.Sprintf("---\ntitle: %s\nnumber: \"%s\"\n", s.Title, s.Number)
		if len(s.Unresolved) > 0 {
			front += "unresolved: " + s.Unresolved[0] + "\n"
		}
		path := filepath.Join(content, filepath.FromSlash(s.File))
		if err := os.WriteFile(path, []byte(front+"---\n\n"+policy.FormatStandard(big)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return content
}
