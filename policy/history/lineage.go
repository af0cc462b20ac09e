package history

import (
	"sort"
	"strconv"

	"isms/policy"
)

// History follows every article through the listed versions and on to the current text: what each
// version did to it (新設, 改正, 条番号変更, 削除), and which article it is in each version, so that a reader
// can be taken to the same article in another version even where its number changed.
type History struct {
	// Editions are the listed versions, oldest first; the current text comes after them, under CurrentID.
	Editions []*Edition
	// Pairs are the consecutive editions compared, and last the latest edition against the current text
	// when they differ (Pair.New is nil).
	Pairs    []*Pair
	Lineages []*Lineage
	in       map[string]map[string]*Lineage // edition id → article ID → lineage
}

// Pair is two consecutive versions and their 新旧対照表. New is nil for the current text.
type Pair struct {
	Old, New   *Edition
	Comparison *Comparison
}

// NewID is the id of the newer side: its version's id, or CurrentID.
func (p *Pair) NewID() string {
	if p.New == nil {
		return CurrentID
	}
	return p.New.ID
}

// Lineage is one article through the versions.
type Lineage struct {
	Standard string
	// Key identifies the lineage across versions: the article's anchor in the current text ("art-13"), or
	// "x1", "x2" … for an article the current text no longer has.
	Key     string
	Entries []Entry
	in      map[string]*policy.Article // edition id (or CurrentID) → the article there
}

// Entry is one step of an article's history.
type Entry struct {
	Pair *Pair // nil for the first listed version, which brought the article into the handbook (収録)
	// Edition is the version that made the change; nil for a change in the current text not yet listed
	// as a version.
	Edition  *Edition
	Change   Change
	Old, New *policy.Article
	Parts    []string // what the change did inside the article (see ArticleChange.Parts)
}

// Kind is the entry's change as printed: 収録 for the first version, else 新設, 改正, 条番号変更, 削除.
func (e Entry) Kind() string {
	if e.Pair == nil {
		return "収録"
	}
	return e.Change.String()
}

// In returns the article of the lineage in edition id (or CurrentID), or nil if that version lacks it.
func (l *Lineage) In(id string) *policy.Article { return l.in[id] }

// NewHistory compares each edition with the next, and the latest with the current text.
func NewHistory(editions []*Edition, current *policy.Document) *History {
	h := &History{Editions: editions, in: map[string]map[string]*Lineage{}}
	start := func(a *policy.Article) *Lineage {
		l := &Lineage{Standard: a.Standard, in: map[string]*policy.Article{}}
		h.Lineages = append(h.Lineages, l)
		return l
	}
	var prev map[*policy.Article]*Lineage
	if len(editions) > 0 {
		prev = map[*policy.Article]*Lineage{}
		first := editions[0]
		for _, a := range first.Doc.Articles() {
			l := start(a)
			l.Entries = append(l.Entries, Entry{Edition: first, New: a})
			prev[a] = l
			h.place(first.ID, a, l)
		}
	}
	step := func(p *Pair) {
		id := p.NewID()
		next := map[*policy.Article]*Lineage{}
		for _, ch := range p.Comparison.Articles {
			var l *Lineage
			if ch.Old != nil {
				l = prev[ch.Old]
			}
			if l == nil {
				l = start(ch.New)
			}
			if ch.Change != 0 {
				l.Entries = append(l.Entries, Entry{Pair: p, Edition: p.New, Change: ch.Change, Old: ch.Old, New: ch.New, Parts: ch.Parts})
			}
			if ch.New != nil {
				next[ch.New] = l
				h.place(id, ch.New, l)
			}
		}
		prev = next
	}
	for i := 1; i < len(editions); i++ {
		p := &Pair{Old: editions[i-1], New: editions[i], Comparison: Compare(editions[i-1].Doc, editions[i].Doc)}
		h.Pairs = append(h.Pairs, p)
		step(p)
	}
	if len(editions) == 0 {
		for _, a := range current.Articles() {
			h.place(CurrentID, a, start(a))
		}
	} else {
		last := editions[len(editions)-1]
		p := &Pair{Old: last, Comparison: Compare(last.Doc, current)}
		step(p)
		if len(p.Comparison.Changed()) > 0 {
			h.Pairs = append(h.Pairs, p)
		}
	}
	gone := 0
	for _, l := range h.Lineages {
		if a := l.in[CurrentID]; a != nil {
			l.Key = a.Anchor()
		} else {
			gone++
			l.Key = "x" + strconv.Itoa(gone)
		}
	}
	return h
}

func (h *History) place(edition string, a *policy.Article, l *Lineage) {
	l.in[edition] = a
	if h.in[edition] == nil {
		h.in[edition] = map[string]*Lineage{}
	}
	h.in[edition][a.ID()] = l
}

// Of returns the lineage of article id ("04-13") as numbered in edition (or CurrentID), or nil.
func (h *History) Of(edition, id string) *Lineage { return h.in[edition][id] }

// EditionIDs lists the ids of the listed versions, oldest first, then CurrentID.
func (h *History) EditionIDs() []string {
	ids := make([]string, 0, len(h.Editions)+1)
	for _, e := range h.Editions {
		ids = append(ids, e.ID)
	}
	return append(ids, CurrentID)
}

// OfStandard lists the lineages of standard std ("00" for the 方針): first those present in edition, in
// its order, then the others (deleted before it, or added after it) in the order they first appeared.
func (h *History) OfStandard(edition, std string) (present, absent []*Lineage) {
	in := map[*Lineage]bool{}
	for _, l := range h.Lineages {
		if l.Standard == std && l.in[edition] != nil {
			present = append(present, l)
			in[l] = true
		}
	}
	sortByNumber(present, edition)
	for _, l := range h.Lineages {
		if l.Standard == std && !in[l] {
			absent = append(absent, l)
		}
	}
	return present, absent
}

func sortByNumber(ls []*Lineage, edition string) {
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].in[edition].Number < ls[j].in[edition].Number })
}
