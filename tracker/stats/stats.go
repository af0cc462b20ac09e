// Package stats computes the item analysis of a quiz the way Moodle's quiz statistics report does
// (https://docs.moodle.org/dev/Quiz_statistics_calculations): the facility index and standard
// deviation of each question, its discrimination index (the correlation of the question's mark
// with the mark on the rest of the test) and the test's coefficient of internal consistency
// (Cronbach's alpha). The effectiveness evaluation of 【01】第17条3 lists the questions whose figures
// say they do not measure what they should.
//
// The package is pure arithmetic on marks; it knows nothing of banks, attempts or the store.
package stats

import (
	"math"
	"sort"
)

// Response is the mark one attempt got on one question.
type Response struct {
	Item string  // question ID
	Mark float64 // 0 … Max
	Max  float64 // the question's full mark, > 0 (1 for a right/wrong question)
}

// Attempt is one graded paper: its responses in paper order. The position of a response is its
// slot, which is what Moodle analyses when questions are drawn at random.
type Attempt []Response

// ItemStat is the analysis of one question over the attempts that drew it.
type ItemStat struct {
	Item string `json:"item"`
	// N is the number of attempts that drew the question.
	N int `json:"n"`
	// Facility is the mean mark as a fraction of the full mark (0 = nobody right, 1 = everybody).
	Facility float64 `json:"facility"`
	// SD is the standard deviation of the mark as a fraction of the full mark.
	SD float64 `json:"sd"`
	// Discrimination is the correlation between the mark on this question and the mark on the
	// rest of the paper, −1 … 1. It is undefined (HasDiscrimination false) when fewer than two
	// attempts drew the question or either mark did not vary.
	Discrimination    float64 `json:"discrimination"`
	HasDiscrimination bool    `json:"hasDiscrimination"`
}

// Basis says over what the internal consistency was computed.
type Basis string

const (
	// BasisItems: every attempt answered the same questions, so alpha is over questions.
	BasisItems Basis = "items"
	// BasisSlots: questions were drawn at random, so, like Moodle for random questions, alpha is
	// over positions on the paper, from the attempts with the most common number of questions.
	BasisSlots Basis = "slots"
)

// Analysis is the item analysis of a set of attempts.
type Analysis struct {
	Attempts int        `json:"attempts"`
	Items    []ItemStat `json:"items"` // in the order questions first appear in the attempts
	// Alpha is Cronbach's alpha (Moodle's coefficient of internal consistency as a fraction);
	// undefined (HasAlpha false) with fewer than two attempts or questions, or no variance in
	// the total.
	Alpha      float64 `json:"alpha"`
	HasAlpha   bool    `json:"hasAlpha"`
	AlphaBasis Basis   `json:"alphaBasis,omitempty"`
}

// Item returns the analysis of one question, or false when no attempt drew it.
func (a *Analysis) Item(id string) (ItemStat, bool) {
	for _, it := range a.Items {
		if it.Item == id {
			return it, true
		}
	}
	return ItemStat{}, false
}

// Analyze computes the item analysis. Responses with Max ≤ 0 are ignored.
func Analyze(attempts []Attempt) *Analysis {
	an := &Analysis{Attempts: len(attempts)}

	// Per attempt: its total mark and full mark, so each item's rest-of-test mark is the
	// attempt's total without the item.
	type pair struct{ x, rest float64 }
	byItem := map[string][]pair{}
	var order []string
	for _, at := range attempts {
		var total, full float64
		for _, r := range at {
			if r.Max > 0 {
				total += r.Mark
				full += r.Max
			}
		}
		for _, r := range at {
			if r.Max <= 0 {
				continue
			}
			if _, seen := byItem[r.Item]; !seen {
				order = append(order, r.Item)
			}
			// Marks as fractions of their maxima: the correlation does not change when every
			// attempt has the same full mark (Moodle's case), and stays meaningful when papers
			// of different lengths are mixed (a bank edited during the year).
			rest := math.NaN()
			if full-r.Max > 0 {
				rest = (total - r.Mark) / (full - r.Max)
			}
			byItem[r.Item] = append(byItem[r.Item], pair{r.Mark / r.Max, rest})
		}
	}

	for _, id := range order {
		ps := byItem[id]
		st := ItemStat{Item: id, N: len(ps)}
		xs := make([]float64, 0, len(ps))
		var xr, rr []float64
		for _, p := range ps {
			xs = append(xs, p.x)
			if !math.IsNaN(p.rest) {
				xr, rr = append(xr, p.x), append(rr, p.rest)
			}
		}
		st.Facility = mean(xs)
		if len(xs) > 1 {
			st.SD = math.Sqrt(variance(xs))
		}
		if r, ok := correlation(xr, rr); ok {
			st.Discrimination, st.HasDiscrimination = r, true
		}
		an.Items = append(an.Items, st)
	}

	an.Alpha, an.HasAlpha, an.AlphaBasis = alpha(attempts, order)
	return an
}

// alpha computes Cronbach's alpha, k/(k−1)·(1 − ΣV(xᵢ)/V(T)), over questions when every attempt
// has the same set of questions, else over slots.
func alpha(attempts []Attempt, items []string) (float64, bool, Basis) {
	if len(attempts) < 2 {
		return 0, false, ""
	}
	complete := true
	for _, at := range attempts {
		n := 0
		seen := map[string]bool{}
		for _, r := range at {
			if r.Max > 0 && !seen[r.Item] {
				seen[r.Item] = true
				n++
			}
		}
		if n != len(items) {
			complete = false
			break
		}
	}
	var matrix [][]float64 // attempt × item or slot, as fractions of the full mark
	basis := BasisItems
	if complete {
		index := map[string]int{}
		for i, id := range items {
			index[id] = i
		}
		for _, at := range attempts {
			row := make([]float64, len(items))
			for _, r := range at {
				if r.Max > 0 {
					row[index[r.Item]] = r.Mark / r.Max
				}
			}
			matrix = append(matrix, row)
		}
	} else {
		basis = BasisSlots
		k := modalLength(attempts)
		for _, at := range attempts {
			if len(at) != k {
				continue
			}
			row := make([]float64, k)
			ok := true
			for i, r := range at {
				if r.Max <= 0 {
					ok = false
					break
				}
				row[i] = r.Mark / r.Max
			}
			if ok {
				matrix = append(matrix, row)
			}
		}
	}
	if len(matrix) < 2 || len(matrix[0]) < 2 {
		return 0, false, ""
	}
	k := len(matrix[0])
	totals := make([]float64, len(matrix))
	for s, row := range matrix {
		for _, v := range row {
			totals[s] += v
		}
	}
	vt := variance(totals)
	if vt == 0 {
		return 0, false, ""
	}
	var sum float64
	col := make([]float64, len(matrix))
	for i := 0; i < k; i++ {
		for s, row := range matrix {
			col[s] = row[i]
		}
		sum += variance(col)
	}
	return float64(k) / float64(k-1) * (1 - sum/vt), true, basis
}

// modalLength is the most common number of responses per attempt (the longest on a tie).
func modalLength(attempts []Attempt) int {
	count := map[int]int{}
	for _, at := range attempts {
		count[len(at)]++
	}
	lengths := make([]int, 0, len(count))
	for n := range count {
		lengths = append(lengths, n)
	}
	sort.Ints(lengths)
	best := 0
	for _, n := range lengths {
		if count[n] >= count[best] {
			best = n
		}
	}
	return best
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// variance is the sample variance (divided by n−1), as Moodle uses.
func variance(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	m := mean(xs)
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return s / float64(len(xs)-1)
}

// correlation is Pearson's r, and false when it is undefined.
func correlation(xs, ys []float64) (float64, bool) {
	if len(xs) < 2 || len(xs) != len(ys) {
		return 0, false
	}
	mx, my := mean(xs), mean(ys)
	var sxy, sxx, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}
