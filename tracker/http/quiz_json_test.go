package http_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"isms/quiz"
	"isms/tracker"
	trackerhttp "isms/tracker/http"
)

// TestQuestionsJSON checks the hand-built encoding against encoding/json on every question of
// every bank, as a form, with answers, and graded.
func TestQuestionsJSON(t *testing.T) {
	banks, err := quiz.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range banks {
		paper := b.Draw(7)
		answers := map[string][]string{}
		var items []tracker.AttemptItem
		for i, it := range paper.Items {
			q := b.Question(it.QuestionID)
			if i%2 == 0 {
				answers[q.ID] = q.CorrectIDs()
			}
			items = append(items, tracker.AttemptItem{QuestionID: q.ID, Right: i%2 == 0})
		}
		for _, tt := range []struct {
			name    string
			answers map[string][]string
			reveal  bool
		}{{"Form", nil, false}, {"Answered", answers, false}, {"Graded", answers, true}} {
			t.Run(b.Module+tt.name, func(t *testing.T) {
				views := trackerhttp.PaperView(b, paper, tt.answers, tt.reveal, items)
				var want bytes.Buffer
				enc := json.NewEncoder(&want)
				enc.SetEscapeHTML(false)
				enc.Encode(views)
				got := trackerhttp.QuestionsJSON(banks, b, views)
				if !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
					t.Fatalf("got\n%.400s\nwant\n%.400s", got, want.Bytes())
				}
			})
		}
	}
}
