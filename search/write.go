package search

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"isms/policy"
)

// assets are the files the search page loads besides the index: the normaliser, the matcher, the engine, the
// page script and the stylesheet.
//
//go:embed assets/normalize.js assets/match.js assets/search.js assets/search-page.js assets/search.css
var assets embed.FS

// Files written by WriteIndex, relative to its directory (published at /search/).
const (
	IndexFile      = "index.json"
	TextFile       = "text.json"
	NormalizeFile  = "normalize.js"   // the normal form, as normalize.go gives it to the index
	MatchFile      = "match.js"       // where a query's terms occur
	ScriptFile     = "search.js"      // the engine: matching, ranking, snippets
	PageScriptFile = "search-page.js" // the page: address, form, results
	StyleFile      = "search.css"
)

// WriteIndex builds the search index of doc and writes it, with the script and stylesheet of the search page,
// into dir, which the site publishes at /search/. Nothing in dir changes unless the index could be built; each
// file is replaced whole, so a reader never sees half of one.
func WriteIndex(dir string, doc *policy.Document) error {
	ix, ts, err := Build(doc)
	if err != nil {
		return err
	}
	files := map[string][]byte{}
	if files[IndexFile], err = marshal(ix); err != nil {
		return err
	}
	if files[TextFile], err = marshal(ts); err != nil {
		return err
	}
	for _, name := range []string{NormalizeFile, MatchFile, ScriptFile, PageScriptFile, StyleFile} {
		asset := "assets/" + name
		if files[name], err = assets.ReadFile(asset); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("search: 索引の出力先 %s を作れません: %w", dir, err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writeFileAtomic(filepath.Join(dir, name), files[name]); err != nil {
			return err
		}
	}
	return nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the files are fetched as JSON, never inlined in HTML; escaping < > & only adds bytes
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("search: %s を書けません: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("search: %s を書けません: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("search: %s を書けません: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("search: %s を書けません: %w", path, err)
	}
	return nil
}
