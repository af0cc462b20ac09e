package handbook

import (
	"compress/gzip"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// compressible are the kinds of file the build stores gzipped beside the original, so the server sends
// the small copy to every browser that accepts it without compressing on each request.
var compressible = map[string]bool{".html": true, ".css": true, ".js": true, ".json": true, ".svg": true, ".txt": true}

// Precompress writes name.gz beside every compressible file under dir.
func Precompress(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !compressible[filepath.Ext(p)] {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := os.Create(p + ".gz")
		if err != nil {
			return err
		}
		zw, _ := gzip.NewWriterLevel(f, gzip.DefaultCompression)
		if _, err := zw.Write(data); err != nil {
			f.Close()
			return err
		}
		if err := zw.Close(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

// NotFoundPage is the page the build writes for addresses the site does not have (layouts/404.html);
// Static sends it with status 404, and other web servers can be pointed at it.
const NotFoundPage = "404.html"

// Static serves the built site in dir: the gzipped copy where the browser accepts it, and headers that keep
// every page to its own origin. An address the site does not have, and a folder without a page of its own
// (/assets/), is answered with the site's 404 page rather than Go's English one or a file listing.
func Static(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Add("Vary", "Accept-Encoding")
		name := path.Clean("/" + r.URL.Path)
		if !published(dir, name) {
			notFound(w, r, dir)
			return
		}
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && acceptsGzip(r) {
			if strings.HasSuffix(r.URL.Path, "/") {
				name = path.Join(name, "index.html")
			}
			if compressible[path.Ext(name)] {
				if f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)) + ".gz"); err == nil {
					defer f.Close()
					if fi, err := f.Stat(); err == nil && !fi.IsDir() {
						h.Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
						h.Set("Content-Encoding", "gzip")
						http.ServeContent(w, r, name, fi.ModTime(), f)
						return
					}
				}
			}
		}
		files.ServeHTTP(w, r)
	})
}

func acceptsGzip(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
}

// published tells whether name (a clean URL path) is a file of the site or a folder with its own page.
func published(dir, name string) bool {
	p := filepath.Join(dir, filepath.FromSlash(name))
	fi, err := os.Stat(p)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		fi, err = os.Stat(filepath.Join(p, "index.html"))
		return err == nil && !fi.IsDir()
	}
	return true
}

// notFound sends the site's 404 page with status 404, gzipped where the browser accepts it; a site built
// without one gets a line of Japanese text.
func notFound(w http.ResponseWriter, r *http.Request, dir string) {
	h := w.Header()
	page := filepath.Join(dir, NotFoundPage)
	var data []byte
	var err error
	if acceptsGzip(r) {
		if data, err = os.ReadFile(page + ".gz"); err == nil {
			h.Set("Content-Encoding", "gzip")
		}
	}
	if data == nil {
		data, err = os.ReadFile(page)
	}
	if err != nil {
		h.Del("Content-Encoding")
		h.Set("Content-Type", "text/plain; charset=utf-8")
		data = []byte("ページが見つかりません。アドレスをご確認ください。\n")
	} else {
		h.Set("Content-Type", "text/html; charset=utf-8")
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}
