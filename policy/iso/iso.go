// Package iso holds the correspondence between the ISO/IEC 27001:2013 Annex A controls that the handbook's
// articles cite (A9.4.2) and the controls of ISO/IEC 27001:2022 (8.5), in which auditors now speak:
// controls2022.tsv lists the 93 controls of 2022, annexb.tsv maps each of the 114 controls of 2013 to them as
// ISO/IEC 27002:2022 Annex B publishes it. Numbers and relations only; the standards' text is copyrighted and
// is not reproduced. Like package policy, it imports nothing of this module.
package iso

import (
	"cmp"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Relation is how a 2013 control became one or more 2022 controls.
type Relation string

const (
	Same   Relation = "same"   // one 2022 control, which corresponds to this 2013 control alone
	Merged Relation = "merged" // one 2022 control, which combines this 2013 control with others
	Split  Relation = "split"  // divided among several 2022 controls
)

// Theme is one of the four groups of the 2022 controls, numbered as their clause of ISO/IEC 27002:2022.
type Theme struct {
	Number int    // 5 to 8
	Name   string // 組織的管理策
}

// Themes are the 2022 themes in order.
var Themes = []Theme{{5, "組織的管理策"}, {6, "人的管理策"}, {7, "物理的管理策"}, {8, "技術的管理策"}}

// Control is a control of ISO/IEC 27001:2022 Annex A.
type Control struct {
	ID   string   // "8.5"
	Name string   // the handbook's short name for it, not the standard's title
	New  bool     // new in 2022: no 2013 control corresponds to it
	From []string // the 2013 controls it corresponds to, in 2013 order ("A9.4.2")
}

// Theme returns the number of the control's theme (8 for 8.5).
func (c Control) Theme() int { return controlTheme(c.ID) }

// Mapping is what became of one 2013 control.
type Mapping struct {
	From     string   // "A9.4.2", as the handbook writes 2013 controls
	To       []string // "8.5"
	Relation Relation
}

var (
	//go:embed controls2022.tsv
	controlsTSV string
	//go:embed annexb.tsv
	annexBTSV string

	tables = mustParse(controlsTSV, annexBTSV)
)

// Controls returns the 93 controls of 2022 in their order (5.1 … 8.34).
func Controls() []Control { return slices.Clone(tables.controls) }

// Lookup returns the 2022 control numbered id ("8.5").
func Lookup(id string) (Control, bool) {
	i, ok := tables.controlIndex[id]
	if !ok {
		return Control{}, false
	}
	return tables.controls[i], true
}

// From2013 returns what became of the 2013 control id ("A9.4.2").
func From2013(id string) (Mapping, bool) {
	m, ok := tables.mappings[id]
	return m, ok
}

// Mappings returns every 2013 control's mapping, in 2013 order.
func Mappings() []Mapping {
	out := make([]Mapping, 0, len(tables.mappings))
	for _, m := range tables.mappings {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Mapping) int { return Compare(a.From, b.From) })
	return out
}

// To2022 returns the 2022 controls that the 2013 controls ids correspond to, each once, in 2022 order. An ID
// that is not a 2013 control is left out.
func To2022(ids []string) []string {
	var out []string
	for _, id := range ids {
		if m, ok := tables.mappings[id]; ok {
			out = append(out, m.To...)
		}
	}
	slices.SortFunc(out, Compare)
	return slices.Compact(out)
}

// Compare orders control numbers of either edition by their numbers: 5.2 < 5.10 < 8.1, A9.4.2 < A12.1.1.
func Compare(a, b string) int {
	pa, pb := numbers(a), numbers(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if c := cmp.Compare(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

func numbers(id string) []int {
	var out []int
	for _, p := range strings.Split(strings.TrimPrefix(id, "A"), ".") {
		n, _ := strconv.Atoi(p)
		out = append(out, n)
	}
	return out
}

func controlTheme(id string) int {
	n, _ := strconv.Atoi(strings.SplitN(id, ".", 2)[0])
	return n
}

type parsed struct {
	controls     []Control
	controlIndex map[string]int
	mappings     map[string]Mapping
}

// mustParse reads the two tables; they are part of the program, so a malformed line is a programming error
// (the package's tests read them).
func mustParse(controls, annexB string) *parsed {
	p, err := parse(controls, annexB)
	if err != nil {
		panic(err)
	}
	return p
}

func parse(controls, annexB string) (*parsed, error) {
	p := &parsed{controlIndex: map[string]int{}, mappings: map[string]Mapping{}}
	err := eachRow("controls2022.tsv", controls, func(cols []string) error {
		if len(cols) < 2 || len(cols) > 3 || (len(cols) == 3 && cols[2] != "new") {
			return fmt.Errorf("want number, name and optionally new")
		}
		if _, dup := p.controlIndex[cols[0]]; dup {
			return fmt.Errorf("%s is listed twice", cols[0])
		}
		if t := controlTheme(cols[0]); t < 5 || t > 8 {
			return fmt.Errorf("%s is in no theme", cols[0])
		}
		p.controlIndex[cols[0]] = len(p.controls)
		p.controls = append(p.controls, Control{ID: cols[0], Name: cols[1], New: len(cols) == 3})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow("annexb.tsv", annexB, func(cols []string) error {
		if len(cols) != 3 {
			return fmt.Errorf("want 2013 control, 2022 controls and relation")
		}
		m := Mapping{From: cols[0], To: strings.Fields(cols[1]), Relation: Relation(cols[2])}
		if m.Relation != Same && m.Relation != Merged && m.Relation != Split {
			return fmt.Errorf("relation %q is none of same, merged, split", cols[2])
		}
		if _, dup := p.mappings[m.From]; dup {
			return fmt.Errorf("%s is listed twice", m.From)
		}
		for _, id := range m.To {
			i, ok := p.controlIndex[id]
			if !ok {
				return fmt.Errorf("%s is not a 2022 control", id)
			}
			p.controls[i].From = append(p.controls[i].From, m.From)
		}
		p.mappings[m.From] = m
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range p.controls {
		slices.SortFunc(p.controls[i].From, Compare)
	}
	return p, nil
}

func eachRow(name, data string, row func(cols []string) error) error {
	for n, line := range strings.Split(data, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := row(strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("iso: %s:%d: %w", name, n+1, err)
		}
	}
	return nil
}
