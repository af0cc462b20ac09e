package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"isms/internal/testdir"
)

// After an amendment of 【04】第13条, `quiz check -since` lists exactly the questions that cite it.
func TestQuizCheckSince(t *testing.T) {
	dir := t.TempDir()
	testdir.Copy(t, "../../content", filepath.Join(dir, "content"), "")
	testdir.Copy(t, "../../quiz", filepath.Join(dir, "quiz"), "")
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := r.Worktree()
	commit := func() string {
		if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
			t.Fatal(err)
		}
		h, err := wt.Commit("版", &git.CommitOptions{Author: &object.Signature{Name: "事務局", Email: "isms@example.jp", When: time.Now()}})
		if err != nil {
			t.Fatal(err)
		}
		return h.String()
	}
	v1 := commit()
	std := filepath.Join(dir, "content", "standards", "04.md")
	data, _ := os.ReadFile(std)
	amended := strings.Replace(string(data), "パスワードは十分な長さとし", "パスワードは12文字以上とし", 1)
	if amended == string(data) {
		t.Fatal("the amendment did not apply")
	}
	os.WriteFile(std, []byte(amended), 0o644)
	os.WriteFile(filepath.Join(dir, "versions.toml"), []byte("[[version]]\nid = \"r02-08\"\nname = \"令和2年8月版\"\neffective = 2020-08-01\ncommit = \""+v1+"\"\n"), 0o644)

	out, err := capture(t, "quiz", "check", "-root", dir, "-since", "r02-08")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "r02-08 以降に改正された条文 1 条") {
		t.Errorf("summary: got %q", last)
	}
	for _, l := range lines[:len(lines)-1] {
		if !strings.Contains(l, "04-13") || !strings.Contains(l, "quiz/") {
			t.Errorf("listed a question that does not cite 04-13: %q", l)
		}
	}
	if len(lines) < 2 {
		t.Error("no question listed, but the banks cite 04-13")
	}

	if _, err := capture(t, "quiz", "check", "-root", dir, "-since", "r09-01"); err == nil || !strings.Contains(err.Error(), `版 "r09-01" は versions.toml にありません`) {
		t.Errorf("unknown version: got %v", err)
	}
}
