package quiz_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"isms/quiz"
)

func TestLoad(t *testing.T) {
	general := bankSpec{module: "general", competencies: []string{"c1", "c2", "c3", "c4", "c5"}, perComp: 6, draw: 20}
	auditor := bankSpec{module: "auditor", competencies: []string{"audit", "iso"}, perComp: 10, draw: 10}
	extra := bankSpec{module: "drill", competencies: []string{"x"}, perComp: 20, draw: 5}

	t.Run("OK", func(t *testing.T) {
		fsys := fstest.MapFS{
			"auditor.md": {Data: []byte(auditor.src())},
			"drill.md":   {Data: []byte(extra.src())},
			"general.md": {Data: []byte(general.src())},
			"manager.md": {Data: []byte(smallSpec.src())},
			"FORMAT.md":  {Data: []byte("# 書き方\n")},
			"README.md":  {Data: []byte("# readme\n")},
			"notes.txt":  {Data: []byte("not a bank")},
			"sub/x.md":   {Data: []byte("not at the top")},
		}
		banks, err := quiz.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range banks {
			got = append(got, b.Module+"="+b.File)
		}
		// The 第16条 order first, others after.
		if want := "general=general.md manager=manager.md auditor=auditor.md drill=drill.md"; strings.Join(got, " ") != want {
			t.Errorf("banks = %q, want %q", strings.Join(got, " "), want)
		}
		if quiz.Find(banks, "auditor") != banks[2] || quiz.Find(banks, "chief") != nil {
			t.Error("Find does not find by module")
		}
	})

	t.Run("ErrAllFilesReported", func(t *testing.T) {
		fsys := fstest.MapFS{
			"general.md": {Data: []byte("no front matter\n")},
			"manager.md": {Data: []byte(strings.Replace(smallSpec.src(), "draw: 10", "draw: x", 1))},
		}
		banks, err := quiz.Load(fsys)
		if banks != nil {
			t.Error("Load returned banks with an error")
		}
		ps := problems(t, err)
		if !hasProblem(ps, "general.md", 1, "フロントマター") || !hasProblem(ps, "manager.md", 5, "draw") {
			t.Errorf("want both files' problems, got:\n%v", ps)
		}
	})

	t.Run("ErrNoBanks", func(t *testing.T) {
		_, err := quiz.Load(fstest.MapFS{"FORMAT.md": {Data: []byte("# 書き方\n")}})
		if ps := problems(t, err); !strings.Contains(ps.Error(), "1 つもありません") {
			t.Errorf("got %v, want a no-banks problem", ps)
		}
	})

	t.Run("LoadDirNamesFiles", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "manager.md"), []byte(smallSpec.src()), 0o644); err != nil {
			t.Fatal(err)
		}
		bad := strings.Replace(smallSpec.src(), "pass: 80", "pass: 0", 1)
		if err := os.WriteFile(filepath.Join(dir, "chief.md"), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := quiz.LoadDir(dir)
		want := filepath.ToSlash(filepath.Join(dir, "chief.md")) + ":4: "
		if ps := problems(t, err); !strings.HasPrefix(ps.Error(), want) {
			t.Errorf("got %q, want it to start with %q", ps.Error(), want)
		}
		if err := os.Remove(filepath.Join(dir, "chief.md")); err != nil {
			t.Fatal(err)
		}
		banks, err := quiz.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := banks[0].File, filepath.ToSlash(filepath.Join(dir, "manager.md")); got != want {
			t.Errorf("File = %q, want %q", got, want)
		}
	})
}

func TestCoverage(t *testing.T) {
	src := replaceOnce(t, smallSpec.src(), "条文: 04-13\n\n問題文 2 ", "条文: 04-13, 00-2, 04-9\n\n問題文 2 ")
	b := mustParse(t, "manager.md", src)

	t.Run("WriteCoverage", func(t *testing.T) {
		var out strings.Builder
		quiz.WriteCoverage(&out, []*quiz.Bank{b})
		for _, want := range []string{
			"manager  テスト manager  (manager.md, 版 " + b.Version + ")",
			"問題 20 問 / 出題 10 問 / 合格 80%",
			"  5  authority  authorityを理解すること",
			"引用条文 3 条: 00-2 04-9 04-13×20",
			"全体: 問題集 1 / 問題 20 問 / 引用条文 3 条",
			"基準ごとの引用条文数: 00:1 04:2",
		} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("coverage does not contain %q:\n%s", want, out.String())
			}
		}
	})

	t.Run("WriteCiting", func(t *testing.T) {
		var out strings.Builder
		n := quiz.WriteCiting(&out, []*quiz.Bank{b}, func(id string) bool { return id == "04-9" || id == "00-2" })
		want := fmt.Sprintf("manager.md:%d: manager-002", lineOf(t, src, "### manager-002")) + " は改正された条文 00-2, 04-9 を引用しています\n"
		if n != 1 || out.String() != want {
			t.Errorf("WriteCiting = %d, %q; want 1, %q", n, out.String(), want)
		}
	})
}
