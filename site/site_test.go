package site_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"isms/site"
)

// TestBuild builds a copy of the repository, then breaks one question's citation: the build is
// refused with the bank's file:line and the published site stays as it was.
func TestBuild(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"content", "layouts", "static", "quiz"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(filepath.Join("..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	config, err := os.ReadFile(filepath.Join("..", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "config.toml"), config, 0o644)
	public := filepath.Join(root, "public")

	if _, err := site.Build(context.Background(), root, public, io.Discard); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(public, "index.html")
	before, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"search/index.json", "standards/04/index.html"} {
		if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(f))); err != nil {
			t.Errorf("built site lacks %s", f)
		}
	}

	std := filepath.Join(root, "content", "standards", "04.md")
	text, _ := os.ReadFile(std)
	mistyped := bytes.Replace(text, []byte("A9.3.1）"), []byte("A19.3.1）"), 1)
	if bytes.Equal(mistyped, text) {
		t.Fatal("the control to mistype is not in content/standards/04.md")
	}
	os.WriteFile(std, mistyped, 0o644)
	_, err = site.Build(context.Background(), root, public, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "04.md:") || !strings.Contains(err.Error(), "A19.3.1") {
		t.Fatalf("mistyped control: got %v", err)
	}
	os.WriteFile(std, text, 0o644)

	bank := filepath.Join(root, "quiz", "general.md")
	src, _ := os.ReadFile(bank)
	broken := bytes.Replace(src, []byte("条文: 04-13\n"), []byte("条文: 04-99\n"), 1)
	if bytes.Equal(broken, src) {
		t.Fatal("the citation to break is not in quiz/general.md")
	}
	os.WriteFile(bank, broken, 0o644)
	_, err = site.Build(context.Background(), root, public, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "general.md:") || !strings.Contains(err.Error(), "04-99") {
		t.Fatalf("broken citation: got %v", err)
	}
	if after, _ := os.ReadFile(index); !bytes.Equal(after, before) {
		t.Error("a refused build changed the published site")
	}
}
