package handbook_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"isms/handbook"
)

func TestStaticServesGzippedCopies(t *testing.T) {
	dir := t.TempDir()
	page := strings.Repeat("<p>第13条（パスワードの利用）</p>\n", 200)
	os.MkdirAll(filepath.Join(dir, "standards", "04"), 0o755)
	os.WriteFile(filepath.Join(dir, "standards", "04", "index.html"), []byte(page), 0o644)
	os.WriteFile(filepath.Join(dir, "logo.png"), []byte("png"), 0o644)
	if err := handbook.Precompress(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "logo.png.gz")); err == nil {
		t.Error("a PNG was compressed")
	}
	srv := httptest.NewServer(handbook.Static(dir))
	defer srv.Close()
	get := func(gz bool) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+"/standards/04/", nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	t.Run("Gzip", func(t *testing.T) {
		res := get(true)
		defer res.Body.Close()
		if res.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("headers: %v", res.Header)
		}
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(zr)
		if string(body) != page {
			t.Error("the gzipped page differs from the page")
		}
		if res.ContentLength <= 0 || res.ContentLength >= int64(len(page))/5 {
			t.Errorf("sent %d bytes for a %d-byte page", res.ContentLength, len(page))
		}
	})
	t.Run("Plain", func(t *testing.T) {
		res := get(false)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.Header.Get("Content-Encoding") != "" || string(body) != page {
			t.Errorf("plain request got encoding %q", res.Header.Get("Content-Encoding"))
		}
		if !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Error("no same-origin content security policy")
		}
	})
}

// An address the site does not have, and a folder without a page of its own, get the site's 404 page with
// status 404 (gzipped where the browser accepts it), never Go's English text or a listing of the folder.
func TestStaticNotFound(t *testing.T) {
	dir := t.TempDir()
	notFound := "<h1>ページが見つかりません</h1>" + strings.Repeat("<p>ここからお探しください</p>\n", 50)
	os.MkdirAll(filepath.Join(dir, "assets"), 0o755)
	os.MkdirAll(filepath.Join(dir, "standards", "04"), 0o755)
	os.WriteFile(filepath.Join(dir, handbook.NotFoundPage), []byte(notFound), 0o644)
	os.WriteFile(filepath.Join(dir, "assets", "site.css"), []byte("body{}"), 0o644)
	os.WriteFile(filepath.Join(dir, "standards", "04", "index.html"), []byte("<h1>【04】</h1>"), 0o644)
	if err := handbook.Precompress(dir); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handbook.Static(dir))
	defer srv.Close()
	get := func(t *testing.T, method, path string, gz bool) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body io.Reader = res.Body
		if res.Header.Get("Content-Encoding") == "gzip" && method != "HEAD" {
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			body = zr
		}
		data, _ := io.ReadAll(body)
		return res, string(data)
	}
	for _, path := range []string{"/standards/99/", "/standards/99", "/no-such-page.html", "/assets/", "/assets", "/standards/04/nothing/", "/favicon.ico"} {
		t.Run(strings.Trim(path, "/"), func(t *testing.T) {
			for _, gz := range []bool{true, false} {
				res, body := get(t, "GET", path, gz)
				if res.StatusCode != http.StatusNotFound {
					t.Errorf("gzip %v: status %d, want 404", gz, res.StatusCode)
				}
				if got, want := res.Header.Get("Content-Encoding") == "gzip", gz; got != want {
					t.Errorf("gzip %v: gzipped %v", gz, got)
				}
				if body != notFound {
					t.Errorf("gzip %v: got %.60q…, want the site's 404 page", gz, body)
				}
				if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
					t.Errorf("gzip %v: Content-Type %q", gz, ct)
				}
				if !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
					t.Error("no same-origin content security policy")
				}
			}
		})
	}
	t.Run("Head", func(t *testing.T) {
		res, body := get(t, "HEAD", "/standards/99/", true)
		if res.StatusCode != http.StatusNotFound || body != "" {
			t.Errorf("HEAD: status %d, %d bytes of body", res.StatusCode, len(body))
		}
	})
	// What the site has is served as before: a page, a file, a folder's page by redirect.
	t.Run("Found", func(t *testing.T) {
		for path, want := range map[string]int{"/standards/04/": 200, "/assets/site.css": 200, "/404.html": 200, "/standards/04": 301} {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			res, err := (&http.Transport{}).RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != want {
				t.Errorf("%s: status %d, want %d", path, res.StatusCode, want)
			}
		}
	})
	// A site built without a 404 page still answers in Japanese.
	t.Run("NoNotFoundPage", func(t *testing.T) {
		os.Remove(filepath.Join(dir, handbook.NotFoundPage))
		os.Remove(filepath.Join(dir, handbook.NotFoundPage+".gz"))
		res, body := get(t, "GET", "/standards/99/", true)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "ページが見つかりません") || res.Header.Get("Content-Encoding") != "" {
			t.Errorf("status %d, encoding %q, body %q", res.StatusCode, res.Header.Get("Content-Encoding"), body)
		}
	})
}
