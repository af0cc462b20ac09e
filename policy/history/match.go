package history

import (
	"sort"
	"strings"

	"isms/policy"
)

// Articles are matched across two versions in three passes, so that inserting or deleting an article
// does not make every later one look rewritten:
//  1. the same number and the same text: unchanged;
//  2. the same text under another number: renumbered;
//  3. similar text (character bigrams): amended, possibly renumbered too; the same number is preferred
//     and may be less similar, since an amendment usually keeps the article where it was.
//
// What is left is added or deleted.
const (
	minSimilarity           = 0.5
	minSimilaritySameNumber = 0.3
	sameNumberBonus         = 0.05
	minParagraphSimilarity  = 0.3
)

// contentKey is an article's text without its number: equal keys mean nothing but the number changed.
func contentKey(a *policy.Article) string {
	return a.Caption + "\x00" + strings.Join(a.Controls, "、") + "\x00" + a.PlainText()
}

// matchArticles returns, for each new article, the index of the same article among old, or -1.
func matchArticles(old, new []*policy.Article) []int {
	match := make([]int, len(new))
	taken := make([]bool, len(old))
	for j := range match {
		match[j] = -1
	}
	oldKeys := make([]string, len(old))
	byKey := map[string][]int{}
	for i, a := range old {
		oldKeys[i] = contentKey(a)
		byKey[oldKeys[i]] = append(byKey[oldKeys[i]], i)
	}
	newKeys := make([]string, len(new))
	byNumber := map[int]int{}
	for i, a := range old {
		byNumber[a.Number] = i
	}
	for j, a := range new {
		newKeys[j] = contentKey(a)
		if i, ok := byNumber[a.Number]; ok && oldKeys[i] == newKeys[j] {
			match[j], taken[i] = i, true
		}
	}
	for j := range new {
		if match[j] >= 0 {
			continue
		}
		for _, i := range byKey[newKeys[j]] {
			if !taken[i] {
				match[j], taken[i] = i, true
				break
			}
		}
	}

	type candidate struct {
		i, j  int
		score float64
		dist  int
	}
	var cands []candidate
	var oldGrams []bigrams
	for j, a := range new {
		if match[j] >= 0 {
			continue
		}
		if oldGrams == nil {
			oldGrams = make([]bigrams, len(old))
		}
		ng := newBigrams(newKeys[j])
		for i, b := range old {
			if taken[i] {
				continue
			}
			if oldGrams[i] == nil {
				oldGrams[i] = newBigrams(oldKeys[i])
			}
			s := ng.dice(oldGrams[i])
			same := a.Number == b.Number
			if s < minSimilarity && !(same && s >= minSimilaritySameNumber) {
				continue
			}
			if same {
				s += sameNumberBonus
			}
			cands = append(cands, candidate{i, j, s, abs(a.Number - b.Number)})
		}
	}
	sort.SliceStable(cands, func(x, y int) bool {
		if cands[x].score != cands[y].score {
			return cands[x].score > cands[y].score
		}
		return cands[x].dist < cands[y].dist
	})
	for _, c := range cands {
		if match[c.j] < 0 && !taken[c.i] {
			match[c.j], taken[c.i] = c.i, true
		}
	}
	return match
}

// alignParagraphs pairs the 項 of two versions of one article in order, maximising their total
// similarity (paragraphs are never reordered within an article). It returns pairs of indices; -1 on one
// side is a 項 added or deleted.
func alignParagraphs(old, new []printedPara) [][2]int {
	n, m := len(old), len(new)
	sim := make([][]float64, n)
	for i := range old {
		sim[i] = make([]float64, m)
		og := newBigrams(old[i].text)
		for j := range new {
			switch {
			case old[i].text == new[j].text:
				sim[i][j] = 1
			default:
				sim[i][j] = og.dice(newBigrams(new[j].text))
			}
		}
	}
	// best[i][j] is the best total for old[i:] and new[j:]
	best := make([][]float64, n+1)
	for i := range best {
		best[i] = make([]float64, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			b := max(best[i+1][j], best[i][j+1])
			if sim[i][j] >= minParagraphSimilarity {
				b = max(b, best[i+1][j+1]+sim[i][j])
			}
			best[i][j] = b
		}
	}
	var out [][2]int
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case sim[i][j] >= minParagraphSimilarity && best[i][j] == best[i+1][j+1]+sim[i][j]:
			out = append(out, [2]int{i, j})
			i++
			j++
		case best[i][j] == best[i+1][j]:
			out = append(out, [2]int{i, -1})
			i++
		default:
			out = append(out, [2]int{-1, j})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, [2]int{i, -1})
	}
	for ; j < m; j++ {
		out = append(out, [2]int{-1, j})
	}
	return out
}

// bigrams counts the pairs of adjacent characters of a text: a cheap similarity that works on Japanese,
// which has no spaces to split words at.
type bigrams map[[2]rune]int

func newBigrams(s string) bigrams {
	r := []rune(s)
	g := make(bigrams, len(r))
	for i := 0; i+1 < len(r); i++ {
		g[[2]rune{r[i], r[i+1]}]++
	}
	return g
}

// dice is the Sørensen–Dice coefficient of two bigram multisets: 1 for the same text, 0 for nothing shared.
func (g bigrams) dice(h bigrams) float64 {
	total, common := 0, 0
	for k, n := range g {
		total += n
		if m, ok := h[k]; ok {
			common += min(n, m)
		}
	}
	for _, n := range h {
		total += n
	}
	if total == 0 {
		return 0
	}
	return 2 * float64(common) / float64(total)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
