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
