package sitetest

import (
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Pages lists the URL path of every HTML page in the built site dir, sorted: a directory's
// index.html as the directory ("/standards/04/"), any other file by its name ("/404.html").
func Pages(dir string) ([]string, error) {
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		u := "/" + filepath.ToSlash(rel)
		if path.Base(u) == "index.html" {
			u = strings.TrimSuffix(u, "index.html")
		}
		pages = append(pages, u)
		return nil
	})
	sort.Strings(pages)
	return pages, err
}
