package history_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// testRepo is a git repository in a temp dir whose commits are versions of a tiny handbook.
type testRepo struct {
	t    testing.TB
	dir  string
	git  *git.Repository
	when time.Time
}

func newRepo(t testing.TB) *testRepo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return &testRepo{t: t, dir: dir, git: r, when: time.Date(2020, 8, 1, 9, 0, 0, 0, time.UTC)}
}

// commit writes files (paths relative to the repository, "" content deletes) and commits everything.
func (r *testRepo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for name, text := range files {
		path := filepath.Join(r.dir, filepath.FromSlash(name))
		if text == "" {
			if err := os.Remove(path); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	wt, err := r.git.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatal(err)
	}
	r.when = r.when.Add(time.Hour)
	h, err := wt.Commit(msg, &git.CommitOptions{All: true, Author: &object.Signature{Name: "事務局", Email: "isms@example.jp", When: r.when}})
	if err != nil {
		r.t.Fatal(err)
	}
	return h.String()
}

// version is one [[version]] entry of a versions file.
type version struct{ id, name, effective, commit string }

func (r *testRepo) writeVersions(vs ...version) string {
	r.t.Helper()
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "[[version]]\nid = %q\nname = %q\neffective = %s\ncommit = %q\n\n", v.id, v.name, v.effective, v.commit)
	}
	path := filepath.Join(r.dir, "versions.toml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		r.t.Fatal(err)
	}
	return path
}

// The tiny handbook: the 方針 and one standard of five articles in two chapters.
const testPolicy = `---
title: 情報セキュリティ方針
---

前文の文です。

1. 情報セキュリティ委員会を設置します。
2. 職員は関連法令を遵守します。

令和元年10月1日
`

const testStandard = `---
title: テストの基準
number: "01"
---

## 第1章 総則

### 第1条（趣旨）

この基準は、情報資産の取扱いに関し必要な事項を定めるものとする。

### 第2条（対象者）

この基準は、本市の情報資産を取り扱う全職員に適用する。

## 第2章 管理

### 第3条（パスワードの管理：A9.2.4）

職員等は、自己のパスワードを秘密にしなければならない。

2 職員等は、パスワードを他人に知らせてはならない。

### 第4条（機器の管理：A11.2.1）

職員等は、貸与された機器を適切に管理しなければならない。

- (1) 機器を施錠できる場所に保管すること。
- (2) 機器を庁外に持ち出さないこと。

### 第5条（報告）

職員等は、事故を発見したときは、直ちにセキュリティ管理者に報告しなければならない。
`

// baseFiles is the tiny handbook as committed.
func baseFiles() map[string]string {
	return map[string]string{
		"content/policy/_index.md":   testPolicy,
		"content/standards/01.md":    testStandard,
		"content/glossary/_index.md": "---\ntitle: 用語集\n---\n\n用語の一覧です。\n",
	}
}

// edit returns the standard with each old → new replacement applied once; it fails if one is missing.
func edit(t testing.TB, src string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(src, pairs[i]) {
			t.Fatalf("edit: %q not found", pairs[i])
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}
