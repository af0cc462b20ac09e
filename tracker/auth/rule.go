package auth

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLength bounds a password so that hashing cost stays predictable.
const MaxLength = 128

//go:embed common.txt
var commonList string

// Rule is the strength rule every new password must meet: long enough, not containing the ID,
// not a common password or a common word dressed up with digits and symbols.
type Rule struct {
	MinLength int                 // in characters; 12 by default
	common    map[string]struct{} // normalised common passwords and words
}

// NewRule returns the rule with the built-in list of common passwords, plus extra words (the
// city's name, the system's name …) that the configuration adds.
func NewRule(minLength int, extra ...string) *Rule {
	r := &Rule{MinLength: minLength, common: map[string]struct{}{}}
	sc := bufio.NewScanner(strings.NewReader(commonList))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			r.add(w)
		}
	}
	for _, w := range extra {
		if w = strings.TrimSpace(w); w != "" {
			r.add(w)
		}
	}
	return r
}

// add keeps a word both as written and with digit-for-letter swaps undone, so "1qaz2wsx" on the
// list matches however the password is read.
func (r *Rule) add(w string) {
	w = normalize(w)
	r.common[w] = struct{}{}
	r.common[unleet(w)] = struct{}{}
}

// Check returns every way password breaks the rule for the given login, as Japanese sentences,
// or nil. The password itself never appears in a message.
func (r *Rule) Check(login, password string) []string {
	var problems []string
	if !utf8.ValidString(password) || strings.ContainsFunc(password, unicode.IsControl) {
		return []string{"パスワードに使用できない文字（制御文字）が含まれています。"}
	}
	n := utf8.RuneCountInString(password)
	if n < r.MinLength {
		problems = append(problems, fmt.Sprintf("パスワードは%d文字以上にしてください（現在%d文字）。", r.MinLength, n))
	}
	if n > MaxLength {
		problems = append(problems, fmt.Sprintf("パスワードは%d文字以内にしてください。", MaxLength))
	}
	p := normalize(password)
	if l := normalize(login); len(l) >= 3 && strings.Contains(p, l) {
		problems = append(problems, "パスワードに利用者ID（職員番号）を含めないでください。")
	}
	if r.isCommon(p) {
		problems = append(problems, "よく使われるパスワードや推測されやすい語は使えません。")
	} else if weakPattern(p) {
		problems = append(problems, "同じ文字の繰り返しや連続した文字（123456、abcdef など）だけのパスワードは使えません。")
	}
	return problems
}

// normalize folds width and case, so ＰＡＳＳＷＯＲＤ and Password match password.
func normalize(s string) string {
	return strings.ToLower(norm.NFKC.String(s))
}

// isCommon reports whether p, or p without the digits and symbols around it, or p with the usual
// letter-for-digit swaps undone, is on the list.
func (r *Rule) isCommon(p string) bool {
	core := strings.TrimFunc(p, func(c rune) bool { return !unicode.IsLetter(c) })
	for _, v := range []string{p, core, unleet(p), unleet(core),
		strings.TrimFunc(unleet(p), func(c rune) bool { return !unicode.IsLetter(c) })} {
		if v == "" {
			continue
		}
		if _, ok := r.common[v]; ok {
			return true
		}
		// A common word repeated ("passwordpassword") is as weak as the word.
		for w := range r.common {
			if len(w) >= 4 && len(v)%len(w) == 0 && strings.Repeat(w, len(v)/len(w)) == v {
				return true
			}
		}
	}
	return false
}

var leet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i")

func unleet(s string) string { return leet.Replace(s) }

// weakPattern reports passwords with fewer than 4 distinct characters, or made only of steps of
// +1 or -1 (123456789012, abcdefghijkl, 987654321098) or of one short block repeated.
func weakPattern(p string) bool {
	rs := []rune(p)
	distinct := map[rune]bool{}
	for _, c := range rs {
		distinct[c] = true
	}
	if len(distinct) < 4 {
		return true
	}
	steps := true
	for i := 1; i < len(rs); i++ {
		d := rs[i] - rs[i-1]
		// '0' after '9' continues a run of digits on the keyboard row.
		if d != 1 && d != -1 && !(rs[i-1] == '9' && rs[i] == '0') && !(rs[i-1] == '0' && rs[i] == '9') {
			steps = false
			break
		}
	}
	if steps {
		return true
	}
	for size := 1; size <= len(rs)/2; size++ {
		if len(rs)%size == 0 && strings.Repeat(string(rs[:size]), len(rs)/size) == p {
			return true
		}
	}
	return false
}
