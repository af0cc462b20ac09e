package history

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

var (
	// ErrNoRepository: the tree has no .git (an unpacked archive, say), so no past version can be read.
	ErrNoRepository = errors.New("git リポジトリ（.git）がありません")
	// ErrMissingCommit: the commit is not in the repository. In a shallow clone that is expected; in a
	// full clone the versions file names a commit that does not exist.
	ErrMissingCommit = errors.New("コミットがリポジトリにありません")
)

// Repo reads the content/ tree of past commits of the repository that holds a handbook.
type Repo struct {
	git     *git.Repository
	content string // slash path of content/ inside the repository: "content", or "site/content"
	shallow bool
}

// OpenRepo opens the git repository that holds root (the directory with content/), looking in root and
// its parents for .git. It returns ErrNoRepository when there is none.
func OpenRepo(root string) (*Repo, error) {
	r, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, ErrNoRepository
	}
	if err != nil {
		return nil, fmt.Errorf("git リポジトリを開けません: %w", err)
	}
	wt, err := r.Worktree()
	if err != nil {
		return nil, fmt.Errorf("git リポジトリの作業ツリーがありません: %w", err)
	}
	rel, err := filepath.Rel(realPath(wt.Filesystem.Root()), realPath(filepath.Join(root, "content")))
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("%s は git リポジトリ %s の外にあります", root, wt.Filesystem.Root())
	}
	shallow, err := r.Storer.Shallow()
	if err != nil {
		return nil, fmt.Errorf("git リポジトリの shallow 情報が読めません: %w", err)
	}
	return &Repo{git: r, content: filepath.ToSlash(rel), shallow: len(shallow) > 0}, nil
}

// Shallow tells whether the repository is a shallow clone, whose older commits are missing.
func (r *Repo) Shallow() bool { return r.shallow }

// Resolve turns a commit hash (or any revision git understands: a tag, HEAD~2) into a full hash.
func (r *Repo) Resolve(rev string) (plumbing.Hash, error) {
	if len(rev) == 40 && commitRe.MatchString(rev) {
		h := plumbing.NewHash(rev)
		if _, err := r.git.CommitObject(h); err != nil {
			return plumbing.ZeroHash, fmt.Errorf("%s: %w", short(rev), ErrMissingCommit)
		}
		return h, nil
	}
	h, err := r.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s: %w", short(rev), ErrMissingCommit)
	}
	return *h, nil
}

// Content returns the content/ tree of commit rev, read into memory, for policy.Load.
func (r *Repo) Content(rev string) (fs.FS, error) {
	h, err := r.Resolve(rev)
	if err != nil {
		return nil, err
	}
	c, err := r.git.CommitObject(h)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", short(rev), ErrMissingCommit)
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("コミット %s のツリーが読めません: %w", short(rev), err)
	}
	if r.content != "." {
		tree, err = tree.Tree(r.content)
		if err != nil {
			return nil, fmt.Errorf("コミット %s に %s/ がありません", short(rev), r.content)
		}
	}
	files := memFS{}
	err = tree.Files().ForEach(func(f *object.File) error {
		if !f.Mode.IsFile() {
			return nil
		}
		text, err := f.Contents()
		if err != nil {
			return err
		}
		files[f.Name] = []byte(text)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("コミット %s の %s/ が読めません: %w", short(rev), r.content, err)
	}
	return files, nil
}

func short(rev string) string {
	if len(rev) > 7 && commitRe.MatchString(rev) {
		return rev[:7]
	}
	return rev
}

func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}
