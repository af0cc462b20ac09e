package handbook

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"isms/policy"
	"isms/policy/history"
)

// Versions publishes the handbook's past versions beside the current text:
//   - each version listed in the versions file, frozen under /versions/<id>/ (方針, standards, glossary,
//     controls) with a banner pointing to the same page of the current text;
//   - the history of every article: /history/NN/#art-N for the current text, and the same pages under
//     each version, /versions/<id>/history/NN/#art-N, numbered as that version numbers its articles;
//   - a 新旧対照表 for each two consecutive versions at /versions/<old>..<new>/ (and /versions/<last>..current/
//     when the current text differs from the latest version);
//   - the list of versions at /versions/, which also feeds the version menu on every page.
//
// Wire Stage as a Before step and Publish as an After step of Build.
type Versions struct {
	Root    string    // the repository: versions.toml, .git and content/
	File    string    // the versions file; "" is Root/versions.toml
	Content string    // the current text, for the glossary of versions that lack one; "" is Root/content
	Log     io.Writer // receives the one-line notice when past versions cannot be read; nil discards it

	history *history.History
}

// Base is the URL prefix of a version's frozen copy.
func versionBase(id string) string {
	if id == history.CurrentID {
		return ""
	}
	return "/versions/" + id
}

// PairURL is the page of the 新旧対照表 from version a to version b (b may be history.CurrentID).
func PairURL(a, b string) string { return "/versions/" + a + ".." + b + "/" }

// Stage reads the listed versions from git and stages their pages beside the current text in contentDir.
func (v *Versions) Stage(doc *policy.Document, contentDir string) error {
	file := v.File
	if file == "" {
		file = filepath.Join(v.Root, history.FileName)
	}
	archive, err := history.LoadArchive(v.Root, file)
	if err != nil {
		return err
	}
	if archive.Notice != "" && v.Log != nil {
		fmt.Fprintln(v.Log, "isms: "+archive.Notice)
	}
	h := history.NewHistory(archive.Editions, doc)
	v.history = h
	site := &versionSite{h: h, current: doc, archive: archive, dir: contentDir}

	for _, e := range h.Editions {
		glossary, err := v.glossary(e)
		if err != nil {
			return err
		}
		if _, err := StageEdition(Edition{Doc: e.Doc, Base: versionBase(e.ID), Glossary: glossary, Params: site.bannerParams(e)}, contentDir); err != nil {
			return fmt.Errorf("版 %s: %w", e.ID, err)
		}
		if err := site.stageEditionPages(e); err != nil {
			return err
		}
	}
	if err := site.stageHistory(history.CurrentID, doc); err != nil {
		return err
	}
	for _, p := range h.Pairs {
		if err := site.stagePair(p); err != nil {
			return err
		}
	}
	return site.stageIndex()
}

// Publish adds the stylesheet and script of the version menu, the history pages and the 新旧対照表 to the
// built site.
func (v *Versions) Publish(_ *policy.Document, publicDir string) error {
	dir := filepath.Join(publicDir, "assets")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, text := range map[string]string{"versions.css": versionsCSS, "versions.js": versionsJS, "shinkyu-print.css": shinkyuPrintCSS} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// glossary returns the source of a version's glossary page: its own content/glossary/_index.md, or, for
// a version committed before the glossary existed, the current one without the roles whose article the
// version lacks.
func (v *Versions) glossary(e *history.Edition) (string, error) {
	if data, err := fs.ReadFile(e.Content, "glossary/_index.md"); err == nil {
		return string(data), nil
	}
	content := v.Content
	if content == "" {
		content = filepath.Join(v.Root, "content")
	}
	data, err := os.ReadFile(filepath.Join(content, "glossary", "_index.md"))
	if err != nil {
		return "", fmt.Errorf("用語集 content/glossary/_index.md が読めません: %w", err)
	}
	var kept []string
	for _, line := range strings.Split(string(data), "\n") {
		if m := roleRow.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			parts := strings.Split(m[2], "-")
			if e.Doc.Article(parts[0]+"-"+parts[1]) == nil {
				continue
			}
		}
		kept = append(kept, line)
	}
	return strings.Join(kept, "\n"), nil
}

// versionSite writes the pages about versions into the staged content.
type versionSite struct {
	h       *history.History
	current *policy.Document
	archive *history.Archive
	dir     string
	// controls holds the slugs of the current text's control pages, which an old version's banner links
	// to when they exist.
	controls map[string]bool
}

// jsonPage is a content page with JSON front matter, which carries the lists the version menu reads.
type jsonPage struct {
	Path   string // relative to the staged content dir
	Title  string
	Layout string
	Weight int
	Params map[string]any
	Body   string
}

func (p jsonPage) write(dir string) error {
	front := map[string]any{"title": p.Title}
	if p.Layout != "" {
		front["layout"] = p.Layout
	}
	if p.Weight != 0 {
		front["weight"] = p.Weight
	}
	if len(p.Params) > 0 {
		front["params"] = p.Params
	}
	data, err := json.MarshalIndent(front, "", " ")
	if err != nil {
		return err
	}
	path := filepath.Join(dir, filepath.FromSlash(p.Path))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(append(data, '\n'), p.Body...), 0o644)
}

// editionName is how pages name an edition: 令和2年8月版, or 現行版 for the current text.
func (s *versionSite) editionName(id string) string {
	if id == history.CurrentID {
		return "現行版"
	}
	for _, e := range s.h.Editions {
		if e.ID == id {
			return e.Name
		}
	}
	return id
}

// currentIsLatest tells whether the current text is the latest listed version, unchanged.
func (s *versionSite) currentIsLatest() bool {
	if len(s.h.Editions) == 0 {
		return false
	}
	n := len(s.h.Pairs)
	return n == 0 || s.h.Pairs[n-1].New != nil
}

func (s *versionSite) latest() *history.Edition {
	if len(s.h.Editions) == 0 {
		return nil
	}
	return s.h.Editions[len(s.h.Editions)-1]
}
