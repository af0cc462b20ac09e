package iso_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"isms/policy"
	"isms/policy/iso"
)

func TestControls2022(t *testing.T) {
	controls := iso.Controls()
	if got, want := len(controls), 93; got != want {
		t.Fatalf("%d controls of 2022, want %d", got, want)
	}
	perTheme := map[int]int{}
	var added []string
	for _, c := range controls {
		perTheme[c.Theme()]++
		if c.New {
			added = append(added, c.ID)
		}
		if c.Name == "" {
			t.Errorf("%s has no name", c.ID)
		}
		if c.New != (len(c.From) == 0) {
			t.Errorf("%s: new is %v, but it corresponds to 2013 controls %v", c.ID, c.New, c.From)
		}
	}
	for theme, want := range map[int]int{5: 37, 6: 8, 7: 14, 8: 34} {
		if got := perTheme[theme]; got != want {
			t.Errorf("theme %d has %d controls, want %d", theme, got, want)
		}
	}
	if got, want := strings.Join(added, " "), "5.7 5.23 5.30 7.4 8.9 8.10 8.11 8.12 8.16 8.23 8.28"; got != want {
		t.Errorf("new in 2022: %s, want %s", got, want)
	}
	if !slices.IsSortedFunc(controls, func(a, b iso.Control) int { return iso.Compare(a.ID, b.ID) }) {
		t.Error("the controls are not in their numbers' order")
	}
	if c, ok := iso.Lookup("5.7"); !ok || c.Name != "脅威インテリジェンス" {
		t.Errorf("Lookup(5.7) = %+v, %v", c, ok)
	}
	if _, ok := iso.Lookup("8.35"); ok {
		t.Error("Lookup(8.35) found a control that does not exist")
	}
}

// Every 2013 control maps to controls of 2022 with the relation their numbers show.
func TestMappings(t *testing.T) {
	mappings := iso.Mappings()
	perClause := map[string]int{}
	for _, m := range mappings {
		perClause[strings.SplitN(m.From, ".", 2)[0]]++
		if len(m.To) == 0 {
			t.Errorf("%s maps to nothing", m.From)
		}
		for _, id := range m.To {
			if _, ok := iso.Lookup(id); !ok {
				t.Errorf("%s maps to %s, which is not one of the 93 controls of 2022", m.From, id)
			}
		}
		var want iso.Relation
		switch c, _ := iso.Lookup(m.To[0]); {
		case len(m.To) > 1:
			want = iso.Split
		case len(c.From) > 1:
			want = iso.Merged
		default:
			want = iso.Same
		}
		if m.Relation != want {
			t.Errorf("%s → %v is %q, want %q", m.From, m.To, m.Relation, want)
		}
	}
	// ISO/IEC 27001:2013 Annex A: 114 controls in clauses A.5 to A.18
	want := map[string]int{"A5": 2, "A6": 7, "A7": 6, "A8": 10, "A9": 14, "A10": 2, "A11": 15, "A12": 14,
		"A13": 7, "A14": 13, "A15": 5, "A16": 7, "A17": 4, "A18": 8}
	for clause, n := range want {
		if perClause[clause] != n {
			t.Errorf("clause %s has %d controls mapped, want %d", clause, perClause[clause], n)
		}
	}
	if len(mappings) != 114 {
		t.Errorf("%d 2013 controls mapped, want 114", len(mappings))
	}
	for _, c := range []struct {
		from, to string
		rel      iso.Relation
	}{
		{"A9.4.2", "8.5", iso.Same},
		{"A9.3.1", "5.17", iso.Merged},
		{"A18.2.3", "5.36 8.8", iso.Split},
		{"A11.2.5", "7.10", iso.Merged},
		{"A6.2.1", "8.1", iso.Merged},
	} {
		m, ok := iso.From2013(c.from)
		if !ok || strings.Join(m.To, " ") != c.to || m.Relation != c.rel {
			t.Errorf("From2013(%s) = %+v, want %s (%s)", c.from, m, c.to, c.rel)
		}
	}
}

// Every control an article of the handbook cites has its 2022 correspondence.
func TestCitedControlsMapped(t *testing.T) {
	doc, err := policy.Load(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	cited := map[string]bool{}
	for _, a := range doc.Articles() {
		for _, id := range a.Controls {
			cited[id] = true
			if _, ok := iso.From2013(id); !ok {
				t.Errorf("%s cites %s, which has no mapping to 2022", a.ID(), id)
			}
		}
	}
	if len(cited) < 100 {
		t.Errorf("only %d distinct controls cited: the handbook was not read", len(cited))
	}
}

func TestTo2022(t *testing.T) {
	got := iso.To2022([]string{"A9.4.3", "A18.2.3", "A9.3.1", "B1.2"})
	if want := []string{"5.17", "5.36", "8.8"}; !slices.Equal(got, want) {
		t.Errorf("To2022 = %v, want %v", got, want)
	}
}

func TestCompare(t *testing.T) {
	ids := []string{"8.1", "5.10", "5.2", "A12.1.1", "A9.4.2"}
	slices.SortFunc(ids, iso.Compare)
	if got, want := strings.Join(ids, " "), "5.2 5.10 8.1 A9.4.2 A12.1.1"; got != want {
		t.Errorf("sorted %s, want %s", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	const controls = "5.1\t方針\n8.5\t認証\n"
	for name, c := range map[string]struct{ controls, annexB string }{
		"ErrNoTheme":        {"9.1\t何か\n", ""},
		"ErrDuplicate":      {controls + "5.1\t方針\n", ""},
		"ErrBadNewColumn":   {"5.7\t脅威\tneu\n", ""},
		"ErrUnknown2022":    {controls, "A9.4.2\t8.6\tsame\n"},
		"ErrDuplicate2013":  {controls, "A9.4.2\t8.5\tsame\nA9.4.2\t8.5\tsame\n"},
		"ErrMissingColumns": {controls, "A9.4.2\t8.5\n"},
		"ErrRelation":       {controls, "A9.4.2\t8.5\tsimilar\n"},
	} {
		t.Run(name, func(t *testing.T) {
			if err := iso.Parse(c.controls, c.annexB); err == nil {
				t.Error("no error")
			}
		})
	}
	if err := iso.Parse(controls, "A9.4.2\t8.5\tsame\n"); err != nil {
		t.Errorf("a well-formed table: %v", err)
	}
}
