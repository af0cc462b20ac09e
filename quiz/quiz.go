// Package quiz holds the competency modules of 【01】第16条 as question banks: it parses the bank files
// (one Markdown file per module, format in FORMAT.md), validates them against the policy's articles, draws a
// paper for one attempt and grades the answers.
//
// The answer key stays on the server: a Paper names questions and the order of their choices, never which
// choice is correct, so a client can render it without learning the key.
//
// The package imports nothing of this module; the policy model is reached only through the articleExists
// function given to Validate.
package quiz

import "sync"

// Bank is the question bank of one module.
type Bank struct {
	Module       string       // "general": the module ID, also the last path element of /modules/<id>/
	Title        string       // module title in Japanese
	PassPercent  int          // pass mark in percent of the questions drawn; default 80
	DrawCount    int          // questions per attempt
	Competencies []Competency // the competencies the module adds, worded as in the 第16条 table
	Questions    []*Question  // in file order
	Version      string       // short content hash of the bank file, recorded with every attempt
	File         string       // name the bank was parsed from, for messages

	// Where things were written, so Validate can point at the line to fix.
	line            int            // front matter start
	competencyLines map[string]int // competency ID → line of its definition
}

// Competency is one competency a module adds, e.g. {ID: "legal", Name: "法的要求事項について理解すること"}.
type Competency struct {
	ID   string // stable within its bank; questions refer to it
	Name string // as worded in the 第16条 table
}

// Question is one question of a bank.
type Question struct {
	ID          string   // stable, e.g. "general-001"; attempts refer to it
	Competency  string   // a Competency.ID of its bank
	Cites       []string // article IDs "04-13"; "00-N" for the 方針's 取組み N
	Stem        string   // Markdown source
	Choices     []Choice // 3–5, in file order
	Explanation string   // Markdown source, quotes or points at the article
	Line        int      // line of the question's heading in its bank file

	// Parse-time facts that only Validate reports, with the lines to point at.
	unknownAnswers []string // IDs on the 正解 line that are not choices
	competencyLine int
	citesLine      int
	answerLine     int
	choiceLines    []int // parallel to Choices

	render   sync.Once // Rendered
	rendered *Rendered
}

// Choice is one answer option. Correct never leaves the server.
type Choice struct {
	ID      string // "a".."e", stable in the file
	Text    string // Markdown source
	Correct bool
}

// Multiple reports whether the question has more than one correct choice (rendered as checkboxes).
func (q *Question) Multiple() bool {
	n := 0
	for _, c := range q.Choices {
		if c.Correct {
			n++
		}
	}
	return n > 1
}

// Choice returns the choice with the given ID, or false.
func (q *Question) Choice(id string) (Choice, bool) {
	for _, c := range q.Choices {
		if c.ID == id {
			return c, true
		}
	}
	return Choice{}, false
}

// CorrectIDs returns the IDs of the correct choices in file order.
func (q *Question) CorrectIDs() []string {
	var ids []string
	for _, c := range q.Choices {
		if c.Correct {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// Question returns the question with the given ID, or nil.
func (b *Bank) Question(id string) *Question {
	for _, q := range b.Questions {
		if q.ID == id {
			return q
		}
	}
	return nil
}

// Competency returns the competency with the given ID, or false.
func (b *Bank) Competency(id string) (Competency, bool) {
	for _, c := range b.Competencies {
		if c.ID == id {
			return c, true
		}
	}
	return Competency{}, false
}

// Find returns the bank of the given module, or nil.
func Find(banks []*Bank, module string) *Bank {
	for _, b := range banks {
		if b.Module == module {
			return b
		}
	}
	return nil
}
