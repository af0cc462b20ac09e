package quiz_test

import (
	"testing"

	"isms/quiz"
)

// The tracker parses the banks once, then draws, renders and grades on every attempt; these measure each
// step on the general bank (the largest, taken by everyone).

func generalBank(b *testing.B) *quiz.Bank {
	banks, err := quiz.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	return quiz.Find(banks, "general")
}

func BenchmarkBuiltin(b *testing.B) {
	for b.Loop() {
		if _, err := quiz.Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	banks, err := quiz.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := quiz.Validate(banks, articleExists); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDraw(b *testing.B) {
	bank := generalBank(b)
	seed := int64(0)
	for b.Loop() {
		seed++
		bank.Draw(seed)
	}
}

func BenchmarkGrade(b *testing.B) {
	bank := generalBank(b)
	p := bank.Draw(1)
	answers := allRight(bank, p)
	for b.Loop() {
		if _, err := bank.Grade(p, answers); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderPaper renders what one attempt shows: every drawn stem and choice, then every explanation.
func BenchmarkRenderPaper(b *testing.B) {
	bank := generalBank(b)
	p := bank.Draw(1)
	for b.Loop() {
		for _, it := range p.Items {
			q := bank.Question(it.QuestionID)
			_ = q.StemHTML()
			for _, c := range q.Choices {
				_ = c.HTML()
			}
			_ = q.ExplanationHTML()
		}
	}
}
