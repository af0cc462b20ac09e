// Package handbook builds the handbook site: it renders the policy model into pages, runs Hugo in-process
// over them and the repository's layouts, and replaces public/ only when everything succeeded.
package handbook

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gohugoio/hugo/commands"

	"isms/policy"
)

// Options says where the repository, its content and the published site are.
type Options struct {
	Root    string // the repository: config.toml, layouts/, static/
	Content string // the handbook text, normally Root/content
	Public  string // where the site is published, normally Root/public
	// Before runs once the current text is staged, with the staged content dir: it may stage more pages,
	// such as the frozen versions (see StageEdition).
	Before []Step
	// After runs once Hugo has written the site into a staging copy of Public, before it is published:
	// the search index, the frozen versions.
	After []Step
}

// Step adds to the staged content or the built site in dir.
type Step func(doc *policy.Document, dir string) error

// Result tells what a build did.
type Result struct {
	Doc      *policy.Document
	Pages    int
	Duration time.Duration
}

// hugoMu serialises builds: Hugo keeps process-wide state while it runs.
var hugoMu sync.Mutex

// Build builds the site. On any error, Public is left exactly as it was.
func Build(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	doc, err := policy.Load(os.DirFS(opts.Content))
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(absPath(opts.Public)), 0o755); err != nil {
		return nil, err
	}
	// The staging directory sits beside Public so that publishing is a rename on the same file system.
	stage, err := os.MkdirTemp(filepath.Dir(absPath(opts.Public)), ".isms-build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)
	content, out := filepath.Join(stage, "content"), filepath.Join(stage, "public")
	pages, err := stageContent(doc, opts.Content, content)
	if err != nil {
		return nil, err
	}
	for _, step := range opts.Before {
		if err := step(doc, content); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := runHugo(opts.Root, content, out, filepath.Join(stage, "cache")); err != nil {
		return nil, err
	}
	for _, step := range opts.After {
		if err := step(doc, out); err != nil {
			return nil, err
		}
	}
	if err := Precompress(out); err != nil {
		return nil, err
	}
	if err := publish(out, absPath(opts.Public)); err != nil {
		return nil, err
	}
	return &Result{Doc: doc, Pages: pages, Duration: time.Since(start)}, nil
}

func runHugo(root, content, out, cache string) error {
	hugoMu.Lock()
	defer hugoMu.Unlock()
	args := []string{"--source", root, "--contentDir", content, "--destination", out, "--cacheDir", cache,
		"--noBuildLock", "--logLevel", "error", "--quiet", "--panicOnWarning"}
	if err := commands.Execute(args); err != nil {
		return fmt.Errorf("hugo: %w", err)
	}
	return nil
}

// publish replaces public with the freshly built dir: two renames, so readers see the old site or the new
// one, never a half-written mix.
func publish(built, public string) error {
	old := ""
	if _, err := os.Stat(public); err == nil {
		old = public + ".old"
		os.RemoveAll(old)
		if err := os.Rename(public, old); err != nil {
			return err
		}
	}
	if err := os.Rename(built, public); err != nil {
		if old != "" {
			os.Rename(old, public)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
