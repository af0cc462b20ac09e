package http

import "isms/quiz"

// QuestionsJSON and PaperView let the tests compare the hand-built encoding with encoding/json.
var PaperView = paperView

func QuestionsJSON(banks []*quiz.Bank, b *quiz.Bank, views []questionView) []byte {
	return newQuestionJSON(banks).encode(b, views)
}
