// Package amendtest builds, for tests, a git repository of the handbook with two published
// versions: the real content/ as the first, and a second that amends 【04】第13条 and 【07】第11条.
package amendtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"isms/internal/testdir"
)

// The versions of the repository.
const (
	First      = "r02-08"
	FirstName  = "令和2年8月版"
	Second     = "r08-07"
	SecondName = "令和8年7月改正版"
)

// Amendments are the edits of the second version: 【04】第13条 now speaks of passphrases too, and
// 【07】第11条 makes the セキュリティ管理者 answer for the password system.
var Amendments = []struct{ File, Old, New string }{
	{"standards/04.md", "- (1) パスワードを秘密にしなければならない。", "- (1) パスワード及びパスフレーズを秘密にしなければならない。"},
	{"standards/07.md", "パスワードの管理システムは、以下の事項を考慮しなければならない。",
		"セキュリティ管理者は、パスワードの管理システムが以下の事項を満たすことを確認しなければならない。"},
}

// Repo makes the repository in a temporary directory and returns its root. The second version
// takes effect on effective (YYYY-MM-DD).
func Repo(t testing.TB, effective string) string {
	t.Helper()
	root, err := testdir.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	testdir.Copy(t, filepath.Join(root, "content"), filepath.Join(dir, "content"), "")
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2020, 8, 1, 9, 0, 0, 0, time.UTC)
	commit := func(msg string) string {
		t.Helper()
		wt, err := r.Worktree()
		if err != nil {
			t.Fatal(err)
		}
		if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
			t.Fatal(err)
		}
		when = when.Add(time.Hour)
		h, err := wt.Commit(msg, &git.CommitOptions{All: true, Author: &object.Signature{Name: "事務局", Email: "isms@example.jp", When: when}})
		if err != nil {
			t.Fatal(err)
		}
		return h.String()
	}
	first := commit("令和2年8月版")
	for _, a := range Amendments {
		path := filepath.Join(dir, "content", filepath.FromSlash(a.File))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), a.Old) {
			t.Fatalf("%s: %q not found", a.File, a.Old)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(data), a.Old, a.New, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	second := commit("令和8年7月改正")
	versions := fmt.Sprintf("[[version]]\nid = %q\nname = %q\neffective = 2020-08-01\ncommit = %q\n\n"+
		"[[version]]\nid = %q\nname = %q\neffective = %s\ncommit = %q\nsummary = \"パスワードの管理を改正\"\n",
		First, FirstName, first, Second, SecondName, effective, second)
	if err := os.WriteFile(filepath.Join(dir, "versions.toml"), []byte(versions), 0o644); err != nil {
		t.Fatal(err)
	}
	commit("版を登録")
	return dir
}
