package quiz

import "math/rand/v2"

// Paper is one drawn attempt: which questions, in which order, with their choices in which order. It holds
// no answer key, so it can be stored with the attempt (as JSON) and rendered without leaking the answers.
type Paper struct {
	Module      string      `json:"module"`
	BankVersion string      `json:"bank_version"`
	Seed        int64       `json:"seed"`
	Items       []PaperItem `json:"items"`
}

// PaperItem is one question of a paper.
type PaperItem struct {
	QuestionID  string   `json:"question"`
	ChoiceOrder []string `json:"choices"` // choice IDs in display order
}

// Draw draws DrawCount questions for one attempt, the same paper for the same seed and bank version.
//
// Questions are taken round-robin over the competencies (each round in a random competency order, each
// competency's questions in a random order), so every competency gets at least one question and the paper
// covers them evenly; then the questions and each question's choices are shuffled.
func (b *Bank) Draw(seed int64) *Paper {
	r := newRNG(seed)
	groups := b.groups()
	for _, g := range groups {
		r.shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
	}
	n := min(max(b.DrawCount, len(groups)), len(b.Questions))

	picked := make([]*Question, 0, n)
	order := make([]int, len(groups))
	for round := 0; len(picked) < n; round++ {
		for i := range order {
			order[i] = i
		}
		r.shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, g := range order {
			if round < len(groups[g]) && len(picked) < n {
				picked = append(picked, groups[g][round])
			}
		}
	}
	r.shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })

	p := &Paper{Module: b.Module, BankVersion: b.Version, Seed: seed, Items: make([]PaperItem, len(picked))}
	for i, q := range picked {
		ids := make([]string, len(q.Choices))
		for j, c := range q.Choices {
			ids[j] = c.ID
		}
		r.shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		p.Items[i] = PaperItem{QuestionID: q.ID, ChoiceOrder: ids}
	}
	return p
}

// groups returns the questions per competency, in the order the bank defines the competencies; questions of
// an undefined competency (only in a bank that failed Validate) form one more group.
func (b *Bank) groups() [][]*Question {
	index := map[string]int{}
	for i, c := range b.Competencies {
		index[c.ID] = i
	}
	groups := make([][]*Question, len(b.Competencies)+1)
	for _, q := range b.Questions {
		i, ok := index[q.Competency]
		if !ok {
			i = len(b.Competencies)
		}
		groups[i] = append(groups[i], q)
	}
	nonEmpty := groups[:0]
	for _, g := range groups {
		if len(g) > 0 {
			nonEmpty = append(nonEmpty, g)
		}
	}
	return nonEmpty
}

// rng is a PCG stream with its own bounded draw and shuffle. math/rand/v2 fixes the PCG algorithm but not how
// its helpers consume the stream, so owning them keeps a stored seed drawing the same paper across Go releases.
type rng struct{ src *rand.PCG }

// drawStream separates the draw's stream from any other use of the same seed.
const drawStream = 0x9e3779b97f4a7c15

func newRNG(seed int64) rng { return rng{rand.NewPCG(uint64(seed), drawStream)} }

// intn returns a uniform int in [0, n) for n > 0, rejecting the low values that would bias the modulo.
func (r rng) intn(n int) int {
	bound := uint64(n)
	threshold := -bound % bound
	for {
		if x := r.src.Uint64(); x >= threshold {
			return int(x % bound)
		}
	}
}

// shuffle is Fisher–Yates.
func (r rng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, r.intn(i+1))
	}
}
