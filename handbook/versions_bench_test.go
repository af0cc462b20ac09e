//go:build unix

package handbook_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"isms/handbook"
)

// BenchmarkBuildVersions10 builds the real handbook with ten listed versions, each a small amendment of
// the one before (a sentence extended in one standard; the fifth also inserts an article, renumbering
// the rest of 【10】): what isms build does once a city has a decade of revisions. The target is 20 s.
func BenchmarkBuildVersions10(b *testing.B) {
	r := newHandbookRepo(b)
	r.commit("v01", "第1版", "2020-08-01")
	for i := 2; i <= 10; i++ {
		std := fmt.Sprintf("standards/%02d.md", i)
		r.amend(std, "必要な事項を定めるものとする。", fmt.Sprintf("必要な事項を定めるものとする（第%d版で改正）。", i))
		if i == 5 {
			r.insertArticle("standards/10.md", 2, "訓練：A16.1.5", "情報セキュリティ事務局は、毎年度、事故対応の訓練を行わなければならない。")
		}
		r.commit(fmt.Sprintf("v%02d", i), fmt.Sprintf("第%d版", i), fmt.Sprintf("%d-04-01", 2020+i))
	}
	public := filepath.Join(b.TempDir(), "public")
	v := &handbook.Versions{Root: r.dir, Log: os.Stderr}
	var res *handbook.Result
	cpu := cpuSeconds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		res, err = handbook.Build(context.Background(), handbook.Options{Root: root, Content: filepath.Join(r.dir, "content"), Public: public,
			Before: []handbook.Step{v.Stage}, After: []handbook.Step{v.Publish}})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// CPU time does not grow when other work shares the machine, as wall time does.
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	pages := 0
	filepath.WalkDir(public, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "index.html" {
			pages++
		}
		return err
	})
	if _, err := os.Stat(filepath.Join(public, "versions", "v09..v10", "index.html")); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(len(res.Doc.Articles())), "articles")
}

// cpuSeconds is the CPU time (user and system) the process has used so far, as the kernel counts it.
func cpuSeconds() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	sec := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return sec(u.Utime) + sec(u.Stime)
}
