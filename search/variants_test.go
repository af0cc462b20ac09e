package search

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestVariantTable(t *testing.T) {
	m, err := expandVariants(variantGroups)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("FormsInPreparedForm", func(t *testing.T) {
		// the table is applied after NFKC and case folding, so its forms must already be in that form
		for v, c := range m {
			for _, s := range []string{v, c} {
				if p := strings.ToLower(norm.NFKC.String(s)); p != s {
					t.Errorf("%q is %q after NFKC and folding", s, p)
				}
			}
		}
	})
	t.Run("CanonicalIsFixedPoint", func(t *testing.T) {
		n := newNormalizer(m)
		for _, c := range m {
			if got := string(runes(n.rewriteVariants(units(c)))); got != c {
				t.Errorf("canonical %q rewrites to %q", c, got)
			}
		}
	})
	t.Run("OkuriganaExpanded", func(t *testing.T) {
		for _, v := range []string{"持ち出し", "持出し", "持ち出"} {
			if m[v] != "持出" {
				t.Errorf("%s → %q, want 持出", v, m[v])
			}
		}
	})
}

func TestExpandVariantsErrors(t *testing.T) {
	for name, groups := range map[string][][]string{
		"ErrEmptyGroup":      {{}},
		"ErrTwoCanonicals":   {{"持(ち)出(し)"}, {"持ち出し", "持出"}},
		"ErrCanonicalIsForm": {{"取(り)扱(い)"}, {"取扱い(等)"}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := expandVariants(groups); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestOptionalForms(t *testing.T) {
	got := strings.Join(optionalForms("問(い)合(わ)せ"), " ")
	want := "問合せ 問い合せ 問合わせ 問い合わせ"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func units(s string) []unit {
	var us []unit
	for i, r := range []rune(s) {
		us = append(us, unit{r, i})
	}
	return us
}

func runes(us []unit) []rune {
	var rs []rune
	for _, u := range us {
		rs = append(rs, u.r)
	}
	return rs
}
