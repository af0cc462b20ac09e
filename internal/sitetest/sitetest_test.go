package sitetest_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"isms/internal/sitetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	sitetest.Close()
	os.Exit(code)
}

// writeSite writes files (slash paths → contents) under a new directory.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRoot(t *testing.T) {
	root, err := sitetest.Root()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"go.mod", "internal/sitetest/sitetest.go"} {
		if _, err := os.Stat(filepath.Join(root, want)); err != nil {
			t.Errorf("root %s: %v", root, err)
		}
	}
}

func TestPages(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"index.html":              "top",
		"404.html":                "not found",
		"standards/04/index.html": "04",
		"standards/index.html":    "list",
		"css/site.css":            "body{}",
		"search/index.json":       "{}",
	})
	got, err := sitetest.Pages(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/", "/404.html", "/standards/", "/standards/04/"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Pages = %v, want %v", got, want)
	}
}

func TestServe(t *testing.T) {
	dir := writeSite(t, map[string]string{"standards/04/index.html": "<title>04</title>"})
	base := sitetest.Serve(t, dir)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || strings.HasSuffix(base, "/") {
		t.Errorf("base URL = %q, want http://127.0.0.1:port", base)
	}
	tests := []struct {
		name   string
		path   string
		status int
		body   string
	}{
		{"Page", "/standards/04/", 200, "<title>04</title>"},
		{"Missing", "/standards/99/", 404, ""},
	}
	t.Run("SameOriginHeaders", func(t *testing.T) {
		resp, err := http.Get(base + "/standards/04/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("Content-Security-Policy = %q, want the product's own", csp)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Get(base + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.body != "" && string(body) != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
		})
	}
}

// Build builds the real site once and hands every caller the same directory.
func TestBuild(t *testing.T) {
	first := sitetest.Build(t)
	if again := sitetest.Build(t); again != first {
		t.Errorf("second Build = %s, want the first build %s", again, first)
	}
	for _, want := range []string{"index.html", "standards/04/index.html", "policy/index.html", "search/index.html",
		"versions/index.html", "assets/versions.js"} {
		if _, err := os.Stat(filepath.Join(first, filepath.FromSlash(want))); err != nil {
			t.Errorf("built site lacks %s: %v", want, err)
		}
	}
}
