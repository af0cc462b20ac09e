package sitetest

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// A Same is a frozen page left out of the browser checks because, once its version is taken
// away, it is the same page as one that is checked.
type Same struct {
	Page    string // the frozen page, e.g. /versions/r02-08/controls/a9-4-2/
	Checked string // the page checked in its place, e.g. /controls/a9-4-2/
}

// BrowserPages lists the pages of the built site dir that a browser check must visit, sorted:
// every page except the frozen copies of a version (/versions/<id>/…) that are the same as a page
// already listed once their version is taken away. Each version adds a frozen copy of the whole
// handbook, most of it the text of the version before, so the checks grow with what an amendment
// changed rather than with the number of versions.
//
// Taken away are what a frozen copy adds to the page of the same text: the version bar (banner and
// menu), the breadcrumbs (which lead through the list of versions), aria-current, and the
// /versions/<id> in front of its links. At least one frozen page of each kind (the version's home,
// a standard, a control, a history, each list…) is listed all the same, so that the frozen pages'
// own markup is checked too. The rest lists, in same, which page stood in for each one left out.
func BrowserPages(dir string) (check []string, same []Same, err error) {
	pages, err := Pages(dir)
	if err != nil {
		return nil, nil, err
	}
	body := func(page string) ([32]byte, error) {
		data, err := os.ReadFile(file(dir, page))
		if err != nil {
			return [32]byte{}, err
		}
		return withoutVersion(data)
	}
	checked := map[[32]byte]string{} // normalised body → the first page listed with it
	for _, p := range pages {
		if frozenPath.MatchString(p) {
			continue
		}
		h, err := body(p)
		if err != nil {
			return nil, nil, err
		}
		if _, ok := checked[h]; !ok {
			checked[h] = p
		}
	}
	kinds := map[string]bool{}
	for _, p := range pages {
		m := frozenPath.FindStringSubmatch(p)
		if m == nil {
			check = append(check, p)
			continue
		}
		h, err := body(p)
		if err != nil {
			return nil, nil, err
		}
		k := kind(m[1])
		if first, ok := checked[h]; ok && kinds[k] {
			same = append(same, Same{Page: p, Checked: first})
			continue
		}
		kinds[k] = true
		if _, ok := checked[h]; !ok {
			checked[h] = p
		}
		check = append(check, p)
	}
	return check, same, nil
}

// frozenPath matches a page of a frozen version, or a link into one, and captures the page's path
// within the version. A version's id is lower-case letters, digits and hyphens (versions.toml),
// so a 新旧対照表 (/versions/a..b/) is no frozen page: its dots keep it out.
var frozenPath = regexp.MustCompile(`^/versions/[a-z0-9-]+(/.*)$`)

// file is the file of a page listed by Pages.
func file(dir, page string) string {
	p := filepath.Join(dir, filepath.FromSlash(page))
	if strings.HasSuffix(page, "/") {
		p = filepath.Join(p, "index.html")
	}
	return p
}

// kind names the template a page within a version comes from: its first path segment, and
// whether it is a page below that segment's list ("controls/*" for /controls/a9-4-2/).
func kind(page string) string {
	parts := strings.Split(strings.Trim(page, "/"), "/")
	if len(parts) > 1 {
		return parts[0] + "/*"
	}
	return parts[0]
}

// versionParts are the classes of the elements a frozen copy adds or words differently from
// the page of the same text.
var versionParts = map[string]bool{"version-bar": true, "breadcrumbs": true}

// withoutVersion returns the hash of a page with what makes it a version's taken away (see
// BrowserPages). Links into a version lose their /versions/<id> on every page, frozen or not: a
// history lists the versions its page is frozen in, the current text's as links into them and a
// frozen copy's as links within itself.
func withoutVersion(data []byte) ([32]byte, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return [32]byte{}, err
	}
	var strip func(n *html.Node)
	strip = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && hasClass(c, versionParts) {
				n.RemoveChild(c)
			} else {
				strip(c)
			}
			c = next
		}
		kept := n.Attr[:0]
		for _, a := range n.Attr {
			if a.Key == "aria-current" {
				continue
			}
			if m := frozenPath.FindStringSubmatch(a.Val); m != nil {
				a.Val = m[1]
			}
			kept = append(kept, a)
		}
		n.Attr = kept
	}
	strip(doc)
	var b bytes.Buffer
	if err := html.Render(&b, doc); err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(b.Bytes()), nil
}

// hasClass reports whether the element has one of the classes.
func hasClass(n *html.Node, classes map[string]bool) bool {
	for _, a := range n.Attr {
		if a.Key != "class" {
			continue
		}
		for _, c := range strings.Fields(a.Val) {
			if classes[c] {
				return true
			}
		}
	}
	return false
}
