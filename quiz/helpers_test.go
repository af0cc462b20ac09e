package quiz_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"isms/quiz"
)

// articleCounts is the number of articles per standard ("00" is the 方針's 取組み), as in the policy source.
var articleCounts = map[string]int{
	"00": 7, "01": 21, "02": 8, "03": 15, "04": 20, "05": 12, "06": 10,
	"07": 24, "08": 22, "09": 10, "10": 10, "11": 8, "12": 7, "13": 9,
}

// articleExists stands in for the policy model: it knows how many articles each standard has.
func articleExists(id string) bool {
	std, n, ok := strings.Cut(id, "-")
	if !ok {
		return false
	}
	num, err := strconv.Atoi(n)
	return err == nil && num >= 1 && num <= articleCounts[std]
}

// bankSpec describes a generated bank that passes Validate unless a test edits it.
type bankSpec struct {
	module       string
	competencies []string
	perComp      int
	draw         int
}

// src writes the bank. Question n (1-based, over all competencies) has choices a–d, answer b, and cites
// 04-13; its heading is "### <module>-NNN".
func (s bankSpec) src() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nmodule: %s\ntitle: テスト %s\npass: 80\ndraw: %d\n---\n\n", s.module, s.module, s.draw)
	b.WriteString("# メモ\n\n編集者向けの説明。\n\n## 力量\n\n")
	for _, c := range s.competencies {
		fmt.Fprintf(&b, "- %s: %sを理解すること\n", c, c)
	}
	b.WriteString("\n## 問題\n")
	n := 0
	for _, c := range s.competencies {
		for i := 0; i < s.perComp; i++ {
			n++
			fmt.Fprintf(&b, "\n### %s-%03d\n力量: %s\n条文: 04-13\n\n問題文 %d です。\n\n", s.module, n, c, n)
			for _, l := range []string{"a", "b", "c", "d"} {
				fmt.Fprintf(&b, "- %s. 問題 %d の選択肢 %s\n", l, n, l)
			}
			fmt.Fprintf(&b, "\n正解: b\n解説: 【04】第13条のとおりです（問題 %d）。\n", n)
		}
	}
	return b.String()
}

// smallSpec is a valid non-general bank: 5 questions for each of 4 competencies.
var smallSpec = bankSpec{module: "manager", competencies: []string{"authority", "area", "assets", "risk"}, perComp: 5, draw: 10}

// completeBanks returns valid banks for all five 第16条 modules, the given banks in place of the generated
// ones with the same module, so that Validate reports only the given banks' problems.
func completeBanks(t testing.TB, given ...*quiz.Bank) []*quiz.Bank {
	t.Helper()
	banks := append([]*quiz.Bank(nil), given...)
	for _, m := range quiz.ModuleOrder() {
		if quiz.Find(given, m) != nil {
			continue
		}
		spec := bankSpec{module: m, competencies: []string{"c1", "c2"}, perComp: 10, draw: 10}
		if m == "general" {
			spec = bankSpec{module: m, competencies: []string{"c1", "c2", "c3", "c4", "c5"}, perComp: 6, draw: 20}
		}
		banks = append(banks, mustParse(t, m+".md", spec.src()))
	}
	return banks
}

func mustParse(t testing.TB, name, src string) *quiz.Bank {
	t.Helper()
	b, err := quiz.Parse(name, []byte(src))
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return b
}

// lineOf returns the 1-based line of the first occurrence of needle in src.
func lineOf(t testing.TB, src, needle string) int {
	t.Helper()
	i := strings.Index(src, needle)
	if i < 0 {
		t.Fatalf("%q not in source", needle)
	}
	return strings.Count(src[:i], "\n") + 1
}

// replaceOnce replaces the only occurrence of old in s.
func replaceOnce(t testing.TB, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%q occurs %d times, want 1", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

// problems returns the Problems in err, failing the test if err is something else.
func problems(t testing.TB, err error) quiz.Problems {
	t.Helper()
	var ps quiz.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T) is not quiz.Problems", err, err)
	}
	return ps
}

// hasProblem reports whether ps holds a problem at file:line whose message contains want.
func hasProblem(ps quiz.Problems, file string, line int, want string) bool {
	for _, p := range ps {
		if p.File == file && p.Line == line && strings.Contains(p.Message, want) {
			return true
		}
	}
	return false
}
