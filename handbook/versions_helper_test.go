package handbook_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"isms/handbook"
)

// handbookRepo is a git repository in a temp dir holding a copy of the real content/, so that tests can
// commit amendments of the real handbook and list them as versions.
type handbookRepo struct {
	t    testing.TB
	dir  string
	git  *git.Repository
	when time.Time
	ids  []string
}

func newHandbookRepo(t testing.TB) *handbookRepo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	content := copyContent(t)
	if err := os.Rename(content, filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	return &handbookRepo{t: t, dir: dir, git: r, when: time.Date(2020, 8, 1, 9, 0, 0, 0, time.UTC)}
}

// amend applies old → new replacements (once each) to a content file.
func (r *handbookRepo) amend(file string, pairs ...string) {
	r.t.Helper()
	path := filepath.Join(r.dir, "content", filepath.FromSlash(file))
	data, err := os.ReadFile(path)
	if err != nil {
		r.t.Fatal(err)
	}
	src := string(data)
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(src, pairs[i]) {
			r.t.Fatalf("%s: %q not found", file, pairs[i])
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// insertArticle inserts a new article before article n of a standard and renumbers the ones after it.
func (r *handbookRepo) insertArticle(file string, n int, heading, text string) {
	r.t.Helper()
	path := filepath.Join(r.dir, "content", filepath.FromSlash(file))
	data, err := os.ReadFile(path)
	if err != nil {
		r.t.Fatal(err)
	}
	src := string(data)
	for k := 200; k >= n; k-- {
		src = strings.Replace(src, fmt.Sprintf("### 第%d条（", k), fmt.Sprintf("### 第%d条（", k+1), 1)
	}
	at := fmt.Sprintf("### 第%d条（", n+1)
	src = strings.Replace(src, at, fmt.Sprintf("### 第%d条（%s）\n\n%s\n\n%s", n, heading, text, at), 1)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// commit commits the work tree as it is and lists the commit as version id in versions.toml.
func (r *handbookRepo) commit(id, name, effective string) string {
	r.t.Helper()
	wt, err := r.git.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatal(err)
	}
	r.when = r.when.Add(24 * time.Hour)
	h, err := wt.Commit(name, &git.CommitOptions{All: true, Author: &object.Signature{Name: "事務局", Email: "isms@example.jp", When: r.when}})
	if err != nil {
		r.t.Fatal(err)
	}
	r.ids = append(r.ids, fmt.Sprintf("[[version]]\nid = %q\nname = %q\neffective = %s\ncommit = %q\nsummary = \"%sの改正\"\n", id, name, effective, h.String(), name))
	if err := os.WriteFile(filepath.Join(r.dir, "versions.toml"), []byte(strings.Join(r.ids, "\n")), 0o644); err != nil {
		r.t.Fatal(err)
	}
	return h.String()
}

// buildVersions builds the site from the repository's content with the versions steps wired as
// cmd/isms does, and returns the published dir and what the build logged.
func buildVersions(t testing.TB, repoDir string) (public string, log string) {
	t.Helper()
	var buf strings.Builder
	v := &handbook.Versions{Root: repoDir, Log: &buf}
	public = filepath.Join(t.TempDir(), "public")
	_, err := handbook.Build(context.Background(), handbook.Options{Root: root, Content: filepath.Join(repoDir, "content"), Public: public,
		Before: []handbook.Step{v.Stage}, After: []handbook.Step{v.Publish}})
	if err != nil {
		t.Fatal(err)
	}
	return public, buf.String()
}

func readPage(t testing.TB, public, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(path), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
