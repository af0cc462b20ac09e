package http_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"isms/quiz"
	"isms/tracker"
)

// TestSingleAnswerQuestion proves that several choices sent to a question with one right answer
// are refused with the question's number, through the form and the API, and nothing is recorded.
func TestSingleAnswerQuestion(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	bank := quiz.Find(e.banks, "general")
	// single returns the paper position (1-based) and ID of the first single-answer question.
	single := func(ids []string) (int, string) {
		for i, id := range ids {
			if !bank.Question(id).Multiple() {
				return i + 1, id
			}
		}
		t.Fatal("no single-answer question on the paper")
		return 0, ""
	}
	recorded := func() int {
		_, total, err := e.db.FindAttempts(context.Background(), tracker.AttemptFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}

	t.Run("Form", func(t *testing.T) {
		c := e.staff("1001", temps["1001"])
		page := c.get("/app/training/general/quiz")
		form := e.answerForm("general", page.body, true)
		var ids []string
		for _, m := range questionPattern.FindAllStringSubmatch(page.body, -1) {
			if len(ids) == 0 || ids[len(ids)-1] != m[1] {
				ids = append(ids, m[1])
			}
		}
		n, id := single(ids)
		q := bank.Question(id)
		form["q."+id] = []string{q.Choices[0].ID, q.Choices[1].ID}
		r := c.post("/app/training/general/quiz", form)
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, fmt.Sprintf("問%dは選択肢を1つだけ選ぶ問題です", n))
		if got := recorded(); got != 0 {
			t.Fatalf("got %d attempts recorded, want none", got)
		}
	})
	t.Run("API", func(t *testing.T) {
		c := e.staff("1003", temps["1003"])
		var paper struct {
			Paper     string `json:"paper"`
			Questions []struct {
				ID string `json:"id"`
			} `json:"questions"`
		}
		wantStatus(t, c.api("POST", "/api/training/general/papers", map[string]any{}, &paper), http.StatusCreated)
		answers := map[string][]string{}
		var ids []string
		for _, q := range paper.Questions {
			answers[q.ID] = bank.Question(q.ID).CorrectIDs()
			ids = append(ids, q.ID)
		}
		n, id := single(ids)
		q := bank.Question(id)
		answers[id] = []string{q.Choices[0].ID, q.Choices[1].ID}
		r := c.api("POST", "/api/attempts", map[string]any{"paper": paper.Paper, "answers": answers}, nil)
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, fmt.Sprintf("問%dは選択肢を1つだけ選ぶ問題です", n))
		if got := recorded(); got != 0 {
			t.Fatalf("got %d attempts recorded, want none", got)
		}
	})
}
