package search

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"isms/policy"
	"isms/policy/iso"
)

// FormatVersion is the version of the index files; the script refuses an index of another version rather
// than misread it.
const FormatVersion = 2

// Index is what the script needs to find articles: every field it matches, in normal form. It is written as
// index.json.
type Index struct {
	Version   int          `json:"v"`
	Standards []IndexStd   `json:"stds"`
	Variants  []string     `json:"variants"` // pairs: variant spelling (after NFKC and case folding), canonical
	Synonyms  [][]string   `json:"syn"`      // groups of normalised terms
	Docs      []IndexedDoc `json:"docs"`
}

// IndexStd is a standard (or the 方針) as result lists name it.
type IndexStd struct {
	Number string `json:"n"`     // "04", "00" for the 方針
	Label  string `json:"label"` // 【04】, or 方針
	Title  string `json:"title"`
	URL    string `json:"url"`    // /standards/04/
	NTitle string `json:"ntitle"` // the title normalised: an article weakly matches the words of its standard's title
}

// IndexedDoc is one article. Std is an index into Standards. Ref, Caption and Body are normalised; Controls
// are kept as written, for display and for the control filter, and NControls is their normal form.
// Controls2022 are the ISO/IEC 27001:2022 controls that its 2013 controls correspond to ("8.5"), which the
// script matches whole: 8.1 is not the start of 8.15.
type IndexedDoc struct {
	Std          int      `json:"s"`
	Number       int      `json:"n"`
	Caption      string   `json:"cap"`
	Controls     []string `json:"ctl,omitempty"`
	Ref          string   `json:"nref"`           // 【04】第13条 04-13
	NCaption     string   `json:"ncap"`           // normalised caption
	NControls    string   `json:"nctl,omitempty"` // " a9.3.1 " with a space on either side of each
	Controls2022 []string `json:"c22,omitempty"`
	Body         string   `json:"nbody"`
}

// TextStore holds what results show: each article's text as published, in the order of Index.Docs, with
// maps from positions in the normalised text back to it (see alignment). It is written as text.json.
type TextStore struct {
	Version    int      `json:"v"`
	Body       []string `json:"body"`
	BodyMap    [][]int  `json:"bmap"`
	CaptionMap [][]int  `json:"cmap"`
}

// Build makes the index and text store of doc.
func Build(doc *policy.Document) (*Index, *TextStore, error) {
	if doc == nil || (doc.Policy == nil && len(doc.Standards) == 0) {
		return nil, nil, errors.New("search: 索引を作る文書がありません")
	}
	n := defaultNormalizer
	ix := &Index{Version: FormatVersion, Synonyms: synonymTable(n)}
	for _, v := range slices.Sorted(maps.Keys(n.variants)) {
		ix.Variants = append(ix.Variants, v, n.variants[v])
	}
	ts := &TextStore{Version: FormatVersion}
	stds := append([]*policy.Standard{doc.Policy}, doc.Standards...)
	for _, s := range stds {
		if s == nil {
			continue
		}
		label := s.Label()
		if s.Number == policy.PolicyNumber {
			label = "方針"
		}
		ix.Standards = append(ix.Standards, IndexStd{
			Number: s.Number, Label: label, Title: s.Title, URL: s.URL(), NTitle: n.normalize(s.Title).String(),
		})
		si := len(ix.Standards) - 1
		for _, a := range s.Articles() {
			body := displayText(a.PlainText())
			nb := n.normalize(body)
			nc := n.normalize(a.Caption)
			d := IndexedDoc{
				Std:          si,
				Number:       a.Number,
				Caption:      a.Caption,
				Controls:     a.Controls,
				Controls2022: iso.To2022(a.Controls),
				Ref:          n.normalize(refText(label, a)).String(),
				NCaption:     nc.String(),
				Body:         nb.String(),
			}
			if len(a.Controls) > 0 {
				d.NControls = " " + n.normalize(strings.Join(a.Controls, " ")).String() + " "
			}
			ix.Docs = append(ix.Docs, d)
			ts.Body = append(ts.Body, body)
			ts.BodyMap = append(ts.BodyMap, alignment(nb))
			ts.CaptionMap = append(ts.CaptionMap, alignment(nc))
		}
	}
	if len(ix.Docs) == 0 {
		return nil, nil, errors.New("search: 索引を作る条文がありません")
	}
	return ix, ts, nil
}

// refText is what an article is called by, for queries such as 第16条, 【04】第13条 or 04-13.
func refText(label string, a *policy.Article) string {
	if a.Standard == policy.PolicyNumber {
		return label + " 取組み" + strconv.Itoa(a.Number) + " " + a.ID()
	}
	return label + "第" + strconv.Itoa(a.Number) + "条 " + a.ID()
}

// displayText is an article's plain text as results show it: without the Markdown emphasis of definitions
// and with table line breaks as spaces.
func displayText(s string) string {
	return strings.NewReplacer("**", "", "<br>", " ", "<br/>", " ", "<br />", " ").Replace(s)
}

// alignment encodes where each UTF-16 unit of the normalised text came from in the original as the points
// where the offset between the two changes: pairs (position in normalised text, original − normalised
// position from there on). Most of the text is one-to-one, so the list is short; the script finds the pair
// that applies to a position and adds its offset.
func alignment(t text) []int {
	out := []int{}
	pos, delta := 0, 0
	for _, u := range t.units {
		w := utf16.RuneLen(u.r)
		for k := 0; k < w; k++ {
			if d := u.src - pos; d != delta {
				out = append(out, pos, d)
				delta = d
			}
			pos++
		}
	}
	return out
}
