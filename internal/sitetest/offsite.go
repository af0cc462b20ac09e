package sitetest

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// A Ref is an absolute URL to another host found in a file of the built site.
type Ref struct {
	File string // relative to the site directory, with slashes
	Line int    // 1-based
	Attr string // where it stands: an attribute name, "url()", "@import" or "refresh"
	URL  string
}

func (r Ref) String() string { return fmt.Sprintf("%s:%d: %s %s", r.File, r.Line, r.Attr, r.URL) }

// urlAttrs are the attributes whose value is a URL the browser loads, submits to or links to.
// Identifiers that merely look like URLs (xmlns, itemtype) and cite, which nothing follows,
// are left out.
var urlAttrs = map[string]bool{
	"href": true, "xlink:href": true, "src": true, "action": true, "formaction": true,
	"poster": true, "data": true, "background": true, "manifest": true, "codebase": true,
}

// listAttrs hold several URLs: srcset candidates, or ping's space-separated list.
var listAttrs = map[string]bool{"srcset": true, "imagesrcset": true, "ping": true}

// ExternalURLs lists every absolute URL to another host (http://…, https://…, //host/…, any
// URL with a host) in the HTML, SVG, XML and CSS files of the built site dir: in URL attributes,
// srcset, inline styles, <style> elements, stylesheets (url(), @import) and meta refresh.
// Scripts are not read; what they load shows in the browser tests' request log.
func ExternalURLs(dir string) ([]Ref, error) {
	var refs []Ref
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		var scan func(file string, data []byte) []Ref
		switch strings.ToLower(filepath.Ext(p)) {
		case ".html", ".htm", ".svg", ".xml":
			scan = scanMarkup
		case ".css":
			scan = func(file string, data []byte) []Ref { return scanCSS(file, data, 0, data) }
		default:
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		refs = append(refs, scan(filepath.ToSlash(rel), data)...)
		return nil
	})
	return refs, err
}

// scanMarkup reads HTML (and, leniently, SVG and XML) token by token.
func scanMarkup(file string, data []byte) []Ref {
	var refs []Ref
	z := html.NewTokenizer(bytes.NewReader(data))
	offset := 0 // of the current token in data
	inStyle := false
	for {
		tt := z.Next()
		start := offset
		raw := z.Raw()
		offset += len(raw)
		// find places a value in the source for its line number: the value as written if it is
		// in the token (it is not when it holds character references), else the token's start.
		find := func(v string) int {
			if i := bytes.Index(z.Raw(), []byte(v)); i >= 0 {
				return lineAt(data, start+i)
			}
			return lineAt(data, start)
		}
		switch tt {
		case html.ErrorToken:
			return refs
		case html.TextToken:
			if inStyle {
				refs = append(refs, scanCSS(file, data, start, z.Raw())...)
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "style" {
				inStyle = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			tag := string(name)
			inStyle = tag == "style" && tt == html.StartTagToken
			var attrs [][2]string
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				attrs = append(attrs, [2]string{string(k), string(v)})
			}
			for _, a := range attrs {
				key, val := a[0], a[1]
				switch {
				case urlAttrs[key]:
					if offsite(val) {
						refs = append(refs, Ref{file, find(val), key, strings.TrimSpace(val)})
					}
				case listAttrs[key]:
					for _, u := range splitURLs(key, val) {
						if offsite(u) {
							refs = append(refs, Ref{file, find(u), key, u})
						}
					}
				case key == "style":
					for _, r := range scanCSS(file, []byte(val), 0, []byte(val)) {
						r.Line = find(r.URL)
						refs = append(refs, r)
					}
				case key == "content" && tag == "meta" && refresh(attrs):
					if u := refreshURL(val); offsite(u) {
						refs = append(refs, Ref{file, find(u), "refresh", u})
					}
				}
			}
		}
	}
}

// cssURL matches url(…) and @import "…" in a stylesheet whose comments are blanked out.
var cssURL = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')`)

var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)

// scanCSS scans css, which stands at offset base in data (for line numbers).
func scanCSS(file string, data []byte, base int, css []byte) []Ref {
	// Blank comments but keep their newlines, so that offsets still point into data.
	css = cssComment.ReplaceAllFunc(css, func(c []byte) []byte {
		return bytes.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, c)
	})
	var refs []Ref
	for _, m := range cssURL.FindAllSubmatchIndex(css, -1) {
		for g := 1; g <= 5; g++ {
			s, e := m[2*g], m[2*g+1]
			if s < 0 {
				continue
			}
			if u := string(css[s:e]); offsite(u) {
				attr := "url()"
				if g >= 4 {
					attr = "@import"
				}
				refs = append(refs, Ref{file, lineAt(data, base+s), attr, u})
			}
		}
	}
	return refs
}

// offsite reports whether the URL names a host: then it points off the site, whatever host it
// is, because the site must work wherever it is served from.
func offsite(raw string) bool {
	s := strings.TrimSpace(raw)
	// Browsers read a backslash as a slash in http(s) URLs, so \\host is //host.
	s = strings.ReplaceAll(s, `\`, "/")
	if s == "" {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		// Unparsable, but still plainly absolute: report it rather than let it through.
		l := strings.ToLower(s)
		return strings.HasPrefix(l, "//") || strings.HasPrefix(l, "http:") || strings.HasPrefix(l, "https:")
	}
	return u.Host != ""
}

// splitURLs splits a srcset ("a.png 1x, b.png 2x") or a ping list ("a b") into its URLs.
func splitURLs(attr, v string) []string {
	if attr == "ping" {
		return strings.Fields(v)
	}
	var urls []string
	for _, cand := range strings.Split(v, ",") {
		if f := strings.Fields(cand); len(f) > 0 {
			urls = append(urls, f[0])
		}
	}
	return urls
}

// refresh reports whether the meta element is <meta http-equiv="refresh">.
func refresh(attrs [][2]string) bool {
	for _, a := range attrs {
		if a[0] == "http-equiv" && strings.EqualFold(strings.TrimSpace(a[1]), "refresh") {
			return true
		}
	}
	return false
}

// refreshURL returns the URL of a refresh's content ("0; url=/x/"), or "".
func refreshURL(content string) string {
	_, after, ok := strings.Cut(content, ";")
	if !ok {
		return ""
	}
	after = strings.TrimSpace(after)
	if len(after) >= 4 && strings.EqualFold(after[:4], "url=") {
		after = after[4:]
	}
	return strings.Trim(strings.TrimSpace(after), `"'`)
}

func lineAt(data []byte, offset int) int {
	if offset > len(data) {
		offset = len(data)
	}
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}
