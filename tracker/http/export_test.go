package http

// QuestionsJSON and PaperView let the tests compare the hand-built encoding with encoding/json.
var (
	QuestionsJSON = questionsJSON
	PaperView     = paperView
)
