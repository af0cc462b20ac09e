package search

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in the form the index stores and queries are compared in (see the package
// documentation for the steps).
func Normalize(s string) string {
	return defaultNormalizer.normalize(s).String()
}

// unit is one rune of normalised text with the UTF-16 offset, in the original text, of what it came from.
// UTF-16 because the offsets are used by the script, where strings are indexed in UTF-16 code units.
type unit struct {
	r   rune
	src int
}

// text is normalised text that remembers where each rune came from.
type text struct {
	units  []unit
	srcLen int // UTF-16 length of the original
}

func (t text) String() string {
	var b strings.Builder
	for _, u := range t.units {
		b.WriteRune(u.r)
	}
	return b.String()
}

// normalizer holds the variant table of step 3.
type normalizer struct {
	variants   map[string]string // variant spelling → canonical, both already through steps 1–2
	maxVariant int               // longest key, in runes
}

var defaultNormalizer = newNormalizer(variantMap())

func newNormalizer(variants map[string]string) *normalizer {
	n := &normalizer{variants: variants}
	for k := range variants {
		n.maxVariant = max(n.maxVariant, utf8.RuneCountInString(k))
	}
	return n
}

func (n *normalizer) normalize(s string) text {
	us, srcLen := nfkc(s)
	us = foldASCII(us)
	us = n.rewriteVariants(us)
	us = largeVowels(us)
	us = collapseSpace(us)
	us = unifyCounters(us)
	us = longVowelMarks(us)
	us = controlNotation(us)
	return text{units: us, srcLen: srcLen}
}

// nfkc applies NFKC one normalisation segment at a time, so that every output rune can name the segment of
// s it came from; norm.Iter guarantees the segments normalise to the same result as the whole string.
func nfkc(s string) ([]unit, int) {
	// u16 maps each byte offset of s that starts a rune to its UTF-16 offset.
	u16 := make([]int, len(s)+1)
	off := 0
	for i, r := range s {
		u16[i] = off
		off += utf16.RuneLen(r)
	}
	u16[len(s)] = off
	out := make([]unit, 0, len(s)/2)
	var it norm.Iter
	it.InitString(norm.NFKC, s)
	for !it.Done() {
		src := u16[it.Pos()]
		for _, r := range string(it.Next()) {
			out = append(out, unit{r, src})
		}
	}
	return out, off
}

func foldASCII(us []unit) []unit {
	for i, u := range us {
		if 'A' <= u.r && u.r <= 'Z' {
			us[i].r = u.r + 'a' - 'A'
		}
	}
	return us
}

// rewriteVariants replaces every variant spelling by its canonical form, trying the longest variant first at
// each position.
func (n *normalizer) rewriteVariants(us []unit) []unit {
	if n.maxVariant == 0 {
		return us
	}
	out := make([]unit, 0, len(us))
	var key []rune
	for i := 0; i < len(us); {
		matched := false
		for l := min(n.maxVariant, len(us)-i); l >= 1; l-- {
			key = key[:0]
			for _, u := range us[i : i+l] {
				key = append(key, u.r)
			}
			canon, ok := n.variants[string(key)]
			if !ok {
				continue
			}
			out = append(out, alignCanonical(canon, us[i:i+l])...)
			i += l
			matched = true
			break
		}
		if !matched {
			out = append(out, us[i])
			i++
		}
	}
	return out
}

// alignCanonical gives each rune of the canonical form the source of the same rune in the variant as written
// (持出 in 持ち出し: 持 and 出), or of the rune after the last one found (洩 in 漏えい: え), so a highlight of
// part of a rewritten word lands on that part, and one of the whole word covers it all.
func alignCanonical(canon string, variant []unit) []unit {
	out := make([]unit, 0, len(variant))
	next := 0 // first rune of variant not yet used
	for _, r := range canon {
		src := variant[min(next, len(variant)-1)].src
		for j := next; j < len(variant); j++ {
			if variant[j].r == r {
				src, next = variant[j].src, j+1
				break
			}
		}
		out = append(out, unit{r, src})
	}
	return out
}

// smallVowels maps small vowels to large ones, in both kana: ウィ/ウイ and ウェ/ウエ are spelling variants, and
// nothing in the handbook is told apart by them.
var smallVowels = map[rune]rune{
	'ァ': 'ア', 'ィ': 'イ', 'ゥ': 'ウ', 'ェ': 'エ', 'ォ': 'オ',
	'ぁ': 'あ', 'ぃ': 'い', 'ぅ': 'う', 'ぇ': 'え', 'ぉ': 'お',
}

// largeVowels keeps hiragana and katakana apart: a loanword is written in katakana and the okurigana and
// particles around it in hiragana, so folding one into the other would let メール match the める of 定める.
// The script folds a query typed in hiragana (ぱすわーど) at search time instead.
func largeVowels(us []unit) []unit {
	for i, u := range us {
		if big, ok := smallVowels[u.r]; ok {
			us[i].r = big
		}
	}
	return us
}

// isSpace lists white space explicitly rather than by unicode.IsSpace, so the script can use the very same
// set.
func isSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return 0x2000 <= r && r <= 0x200A
}

// isWide tells Japanese characters (kana, kanji, CJK punctuation and everything above them), between which
// and anything else a space carries no meaning.
func isWide(r rune) bool { return r >= 0x2E80 }

// separates reports whether white space between a and b separates words: between Latin letters or digits,
// and between katakana (ア セキュリティ, a list item's label and its text), whose words a space or ・ divides.
func separates(a, b rune) bool {
	katakanaWord := func(r rune) bool { return isKatakana(r) || r == 'ー' }
	return !isWide(a) && !isWide(b) || katakanaWord(a) && katakanaWord(b)
}

func collapseSpace(us []unit) []unit {
	out := us[:0:0]
	for i := 0; i < len(us); {
		if !isSpace(us[i].r) {
			out = append(out, us[i])
			i++
			continue
		}
		j := i
		for j < len(us) && isSpace(us[j].r) {
			j++
		}
		if len(out) > 0 && j < len(us) && separates(out[len(out)-1].r, us[j].r) {
			out = append(out, unit{' ', us[i].src})
		}
		i = j
	}
	return out
}

func isNumeral(r rune) bool {
	return '0' <= r && r <= '9' || strings.ContainsRune("〇一二三四五六七八九十百千何数", r)
}

func isCounted(r rune) bool { return strings.ContainsRune("月所国年条", r) }

func unifyCounters(us []unit) []unit {
	out := make([]unit, len(us))
	copy(out, us)
	for i, u := range us {
		switch u.r {
		case 'ヶ', 'ヵ':
			out[i].r = 'カ'
		case 'ケ', '箇', 'か':
			if i > 0 && i+1 < len(us) && isNumeral(us[i-1].r) && isCounted(us[i+1].r) {
				out[i].r = 'カ'
			}
		}
	}
	return out
}

func isKatakana(r rune) bool { return 0x30A1 <= r && r <= 0x30FA }

func isKana(r rune) bool { return isKatakana(r) || 0x3041 <= r && r <= 0x3096 }

// isDash lists what people type for ー when their input method gives them a dash (after NFKC, which already
// turned ｰ into ー and － into -).
func isDash(r rune) bool {
	switch r {
	case '-', 0x2010, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212:
		return true
	}
	return false
}

// longVowelMarks turns a dash typed after kana into the long-vowel mark ー, which stays: it is part of the
// word (メール is not メル). Only a word-final ー is optional (サーバ/サーバー, JIS Z 8301), and the script
// matches that at search time, where it knows where a katakana word ends.
// A ー after anything but kana lengthens nothing and is dropped, so that a query of ー alone finds nothing.
func longVowelMarks(us []unit) []unit {
	out := us[:0:0]
	for _, u := range us {
		afterKana := len(out) > 0 && (isKana(out[len(out)-1].r) || out[len(out)-1].r == 'ー')
		switch {
		case u.r == 'ー' && !afterKana:
			continue
		case isDash(u.r) && afterKana:
			u.r = 'ー'
		}
		out = append(out, u)
	}
	return out
}

func isASCIIAlnum(r rune) bool { return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' }

// controlNotation drops the dot of "a.9": ISO/IEC 27001:2013 prints its controls as A.9.4.2, the handbook
// as A9.4.2, and staff type either.
func controlNotation(us []unit) []unit {
	out := us[:0:0]
	for i, u := range us {
		if u.r == '.' && i > 0 && us[i-1].r == 'a' && i+1 < len(us) && '0' <= us[i+1].r && us[i+1].r <= '9' &&
			(i < 2 || !isASCIIAlnum(us[i-2].r)) {
			continue
		}
		out = append(out, u)
	}
	return out
}
