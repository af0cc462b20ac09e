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
