package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// diffRepo is a repository with two versions of a one-article handbook: r03-04 changes one word.
func diffRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	when := time.Date(2020, 8, 1, 0, 0, 0, 0, time.UTC)
	commit := func() string {
		wt, err := r.Worktree()
		if err != nil {
			t.Fatal(err)
		}
		if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
			t.Fatal(err)
		}
		when = when.Add(time.Hour)
		h, err := wt.Commit("版", &git.CommitOptions{Author: &object.Signature{Name: "事務局", Email: "isms@example.jp", When: when}})
		if err != nil {
			t.Fatal(err)
		}
		return h.String()
	}
	standard := "---\ntitle: テストの基準\nnumber: \"01\"\n---\n\n## 第1章 総則\n\n### 第1条（パスワード：A9.2.4）\n\n職員等は、暗証番号を秘密にしなければならない。\n"
	write("content/policy/_index.md", "---\ntitle: 方針\n---\n\n1. 取組みです。\n")
	write("content/standards/01.md", standard)
	v1 := commit()
	write("content/standards/01.md", strings.Replace(standard, "暗証番号", "パスワード", 1))
	v2 := commit()
	write("versions.toml", "[[version]]\nid = \"r02-08\"\nname = \"令和2年8月版\"\neffective = 2020-08-01\ncommit = \""+v1+"\"\n\n"+
		"[[version]]\nid = \"r03-04\"\nname = \"令和3年4月版\"\neffective = 2021-04-01\ncommit = \""+v2+"\"\n")
	return dir
}

func TestDiffCommand(t *testing.T) {
	dir := diffRepo(t)
	t.Run("HTML", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "table.html")
		// the versions may come before, between or after the flags
		if err := runDiff(context.Background(), []string{"-root", dir, "r02-08", "-o", out, "r03-04"}); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		got := string(data)
		for _, want := range []string{
			"<title>新旧対照表（令和2年8月版 → 令和3年4月版）</title>",
			"@page { size: A4 landscape;",
			"thead { display: table-header-group; }",
			`<p class="shinkyu-lead">（傍線部分は改正部分）</p>`,
			`<thead><tr><th scope="col">改正後<span class="shinkyu-version">（令和3年4月版）</span></th><th scope="col">改正前`,
			`職員等は、<ins><span class="visually-hidden">［傍線］</span>パスワード<span class="visually-hidden">［傍線ここまで］</span></ins>を秘密にしなければならない。`,
			`職員等は、<del><span class="visually-hidden">［傍線］</span>暗証番号<span class="visually-hidden">［傍線ここまで］</span></del>を秘密にしなければならない。`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("not in the file: %s", want)
			}
		}
		if strings.Contains(got, "href=\"http") || strings.Contains(got, "src=") {
			t.Error("the file refers to something outside itself")
		}
	})
	t.Run("OldNewOrder", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "table.html")
		if err := runDiff(context.Background(), []string{"-root", dir, "-order", "old-new", "-o", out, "r02-08", "r03-04"}); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(out)
		if !strings.Contains(string(data), `<thead><tr><th scope="col">改正前<span class="shinkyu-version">（令和2年8月版）</span></th><th scope="col">改正後`) {
			t.Error("改正前 is not the first column")
		}
	})
	t.Run("TextAgainstCurrent", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "table.txt")
		if err := runDiff(context.Background(), []string{"-root", dir, "-format", "text", "-o", out, "r02-08", "current"}); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(out)
		want := "== 【01】テストの基準\n-- 改正 01-1\n改正後\n  （パスワード：A9.2.4）\n  第1条　職員等は、[パスワード]を秘密にしなければならない。\n" +
			"改正前\n  （パスワード：A9.2.4）\n  第1条　職員等は、[暗証番号]を秘密にしなければならない。\n"
		if string(data) != want {
			t.Errorf("got:\n%s\nwant:\n%s", data, want)
		}
	})
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"ErrOneVersion", []string{"r02-08"}, "旧版と新版の 2 つを指定してください"},
		{"ErrThreeVersions", []string{"r02-08", "r03-04", "current"}, "旧版と新版の 2 つを指定してください"},
		{"ErrOrder", []string{"-order", "left-right", "r02-08", "r03-04"}, `-order "left-right": new-old か old-new を指定してください`},
		{"ErrFormat", []string{"-format", "pdf", "r02-08", "r03-04"}, `-format "pdf": html か text を指定してください`},
		{"ErrUnknownVersion", []string{"r09-01", "r03-04"}, `版 "r09-01" がありません。versions.toml の版（r02-08, r03-04）、current、またはコミットを指定してください`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "table.html")
			err := runDiff(context.Background(), append([]string{"-root", dir, "-o", out}, tt.args...))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got %v, want %s", err, tt.wantErr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a file was written despite the error")
			}
		})
	}
}
