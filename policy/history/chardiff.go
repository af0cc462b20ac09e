package history

import "unicode"

// Seg is a run of text in one column of a 新旧対照表; a Changed run is underlined (傍線).
type Seg struct {
	Text    string
	Changed bool
}

// Line is one printed line of a column.
type Line []Seg

// maxEdits bounds the Myers search: beyond it two texts have little in common and the whole of each is
// marked, which is also what a reader would want underlined.
const maxEdits = 1500

type opKind int

const (
	opEqual opKind = iota
	opDelete
	opInsert
)

// chunk is a stretch of the edit script: an equal run, or a change that deletes del and inserts ins.
type chunk struct {
	equal    bool
	del, ins []rune
}

// diffRunes compares old and new character by character and returns, for each side, which characters
// belong to the change. Changes separated by a short equal stretch are merged, and a change that touches a
// word of letters, digits or katakana covers the whole word, so that the marks read as phrases, not as
// scattered single characters.
func diffRunes(old, new []rune) (oldMarks, newMarks []bool) {
	chunks := cleanup(toChunks(old, new, myers(old, new)))
	oldMarks, newMarks = make([]bool, len(old)), make([]bool, len(new))
	i, j := 0, 0
	for _, c := range chunks {
		if c.equal {
			i += len(c.del)
			j += len(c.del)
			continue
		}
		for k := range c.del {
			oldMarks[i+k] = true
		}
		for k := range c.ins {
			newMarks[j+k] = true
		}
		i += len(c.del)
		j += len(c.ins)
	}
	widenToWords(old, oldMarks)
	widenToWords(new, newMarks)
	return oldMarks, newMarks
}

// myers returns the shortest edit script from a to b (E. Myers, "An O(ND) difference algorithm", 1986),
// after trimming the common prefix and suffix. Past maxEdits it gives up and replaces everything.
func myers(a, b []rune) []opKind {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := make([]opKind, 0, len(a)+len(b))
	for range pre {
		ops = append(ops, opEqual)
	}
	ops = append(ops, myersCore(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for range suf {
		ops = append(ops, opEqual)
	}
	return ops
}

func myersCore(a, b []rune) []opKind {
	n, m := len(a), len(b)
	replaceAll := func() []opKind {
		ops := make([]opKind, 0, n+m)
		for range n {
			ops = append(ops, opDelete)
		}
		for range m {
			ops = append(ops, opInsert)
		}
		return ops
	}
	if n == 0 || m == 0 {
		return replaceAll()
	}
	limit := min(n+m, maxEdits)
	off := limit + 1
	v := make([]int, 2*limit+3)
	// trace[d] holds v[k] for k in [-d, d] as it stood after round d, for the walk back.
	var trace [][]int
	for d := 0; d <= limit; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
				return walkBack(trace, n, m)
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	return replaceAll()
}

// walkBack turns the rounds of the Myers search into the edit script, from the end to the start.
func walkBack(trace [][]int, n, m int) []opKind {
	get := func(d, k int) int { return trace[d][k+d] }
	var rev []opKind
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		k := x - y
		var pk int
		if k == -d || (k != d && get(d-1, k-1) < get(d-1, k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := get(d-1, pk)
		py := px - pk
		for x > px && y > py {
			rev = append(rev, opEqual)
			x--
			y--
		}
		if x == px {
			rev = append(rev, opInsert)
		} else {
			rev = append(rev, opDelete)
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		rev = append(rev, opEqual)
		x--
		y--
	}
	ops := make([]opKind, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}

// toChunks groups an edit script into alternating equal runs and changes.
func toChunks(a, b []rune, ops []opKind) []chunk {
	var out []chunk
	i, j := 0, 0
	for _, op := range ops {
		equal := op == opEqual
		if len(out) == 0 || out[len(out)-1].equal != equal {
			out = append(out, chunk{equal: equal})
		}
		c := &out[len(out)-1]
		switch op {
		case opEqual:
			c.del = append(c.del, a[i]) // an equal run keeps its text in del only
			i++
			j++
		case opDelete:
			c.del = append(c.del, a[i])
			i++
		case opInsert:
			c.ins = append(c.ins, b[j])
			j++
		}
	}
	return out
}

// cleanup absorbs an equal stretch between two changes into them when it is short: two characters or
// fewer, or no longer than the changes on either side. What remains reads as whole phrases replaced.
func cleanup(chunks []chunk) []chunk {
	for changed := true; changed; {
		changed = false
		for i := 1; i+1 < len(chunks); i++ {
			eq, before, after := chunks[i], chunks[i-1], chunks[i+1]
			if !eq.equal || before.equal || after.equal {
				continue
			}
			n := len(eq.del)
			if n > 2 && (n > max(len(before.del), len(before.ins)) || n > max(len(after.del), len(after.ins))) {
				continue
			}
			merged := chunk{
				del: concat(before.del, eq.del, after.del),
				ins: concat(before.ins, eq.del, after.ins),
			}
			chunks = append(chunks[:i-1], append([]chunk{merged}, chunks[i+2:]...)...)
			changed = true
		}
	}
	return chunks
}

func concat(parts ...[]rune) []rune {
	var out []rune
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// widenToWords extends marks over the whole word they touch: a run of Latin letters and digits (full- or
// half-width, with the dots of A9.4.2) or of katakana. 第13条 → 第14条 is then underlined as 13/14, and
// A9.4.2 → A9.4.3 as the whole control.
func widenToWords(text []rune, marks []bool) {
	for i := 0; i < len(text); {
		class := wordClass(text, i)
		if class == 0 {
			i++
			continue
		}
		j := i
		any := false
		for j < len(text) && wordClass(text, j) == class {
			any = any || marks[j]
			j++
		}
		if any {
			for k := i; k < j; k++ {
				marks[k] = true
			}
		}
		i = j
	}
}

// wordClass is 1 for letters and digits, 2 for katakana, 0 for anything else (kanji, kana, punctuation:
// Japanese has no spaces, and widening over kanji would underline whole clauses).
func wordClass(text []rune, i int) int {
	r := text[i]
	switch {
	case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)),
		r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return 1
	case r == '.' && i > 0 && i+1 < len(text) && unicode.IsDigit(text[i-1]) && unicode.IsDigit(text[i+1]):
		return 1
	case unicode.Is(unicode.Katakana, r) || r == 'ー':
		return 2
	}
	return 0
}

// segments cuts text into lines of runs by its marks.
func segments(text []rune, marks []bool) []Line {
	lines := []Line{{}}
	for i := 0; i < len(text); {
		if text[i] == '\n' {
			lines = append(lines, Line{})
			i++
			continue
		}
		j := i
		for j < len(text) && text[j] != '\n' && marks[j] == marks[i] {
			j++
		}
		last := &lines[len(lines)-1]
		*last = append(*last, Seg{Text: string(text[i:j]), Changed: marks[i]})
		i = j
	}
	return lines
}
