package handbook

import (
	"compress/gzip"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
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

// Static serves the built site in dir: the gzipped copy where the browser accepts it, and headers that keep
// every page to its own origin.
func Static(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Add("Vary", "Accept-Encoding")
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			name := path.Clean("/" + r.URL.Path)
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
