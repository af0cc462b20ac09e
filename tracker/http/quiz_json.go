package http

import (
	"bytes"
	"encoding/json"
	"strconv"
	"sync"

	"isms/quiz"
)

// Papers and results are the API's largest and most frequent answers: twenty questions of rendered
// HTML. encoding/json escapes every string by reflection on every answer; here each question's
// fixed text is encoded once, and an answer is assembled from those pieces. questionsJSON gives
// exactly what json.Marshal gives for []questionView with HTML escaping off (the tests compare).

type questionFragments struct {
	id, competency, stem, explanation []byte
	choices                           map[string][]byte // choice ID → encoded HTML
	choiceIDs                         map[string][]byte
	cites                             []byte // the encoded cites array
}

var fragmentCache sync.Map // *quiz.Question → *questionFragments

func jsonString(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func fragments(q *quiz.Question) *questionFragments {
	if f, ok := fragmentCache.Load(q); ok {
		return f.(*questionFragments)
	}
	r := rendered(q)
	f := &questionFragments{id: jsonString(q.ID), competency: jsonString(q.Competency), stem: jsonString(string(r.stem)),
		explanation: jsonString(string(r.explanation)), choices: map[string][]byte{}, choiceIDs: map[string][]byte{}}
	for _, c := range q.Choices {
		f.choices[c.ID] = jsonString(string(r.choices[c.ID]))
		f.choiceIDs[c.ID] = jsonString(c.ID)
	}
	var cites []citationView
	for _, c := range q.Cites {
		cites = append(cites, citationView{ID: c, Label: quiz.ArticleLabel(c), URL: quiz.ArticleURL(c)})
	}
	if len(cites) > 0 {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(cites)
		f.cites = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	}
	actual, _ := fragmentCache.LoadOrStore(q, f)
	return actual.(*questionFragments)
}

// questionsJSON encodes views laid out from bank b.
func questionsJSON(b *quiz.Bank, views []questionView) []byte {
	out := make([]byte, 0, 1024*len(views))
	out = append(out, '[')
	for i, v := range views {
		if i > 0 {
			out = append(out, ',')
		}
		q := b.Question(v.ID)
		if q == nil || v.Missing {
			// Rare (a question removed from the bank): the general encoder is fine.
			one, _ := marshalNoEscape(v)
			out = append(out, one...)
			continue
		}
		f := fragments(q)
		out = append(out, `{"n":`...)
		out = strconv.AppendInt(out, int64(v.N), 10)
		out = append(out, `,"id":`...)
		out = append(out, f.id...)
		out = append(out, `,"competency":`...)
		out = append(out, f.competency...)
		out = append(out, `,"stemHtml":`...)
		out = append(out, f.stem...)
		out = append(out, `,"multiple":`...)
		out = strconv.AppendBool(out, v.Multiple)
		out = append(out, `,"choices":`...)
		if v.Choices == nil {
			out = append(out, "null"...)
		} else {
			out = append(out, '[')
			for j, c := range v.Choices {
				if j > 0 {
					out = append(out, ',')
				}
				out = append(out, `{"id":`...)
				out = append(out, f.choiceIDs[c.ID]...)
				out = append(out, `,"html":`...)
				out = append(out, f.choices[c.ID]...)
				if c.Chosen {
					out = append(out, `,"chosen":true`...)
				}
				if c.Correct {
					out = append(out, `,"correct":true`...)
				}
				out = append(out, '}')
			}
			out = append(out, ']')
		}
		out = append(out, `,"answered":`...)
		out = strconv.AppendBool(out, v.Answered)
		if v.Right {
			out = append(out, `,"right":true`...)
		}
		if v.Explanation != "" {
			out = append(out, `,"explanationHtml":`...)
			out = append(out, f.explanation...)
		}
		if len(v.Cites) > 0 {
			out = append(out, `,"cites":`...)
			out = append(out, f.cites...)
		}
		out = append(out, '}')
	}
	return append(out, ']')
}

func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), err
}

// withQuestions writes obj (a JSON object) with a "questions" member added at the end.
func withQuestions(obj any, b *quiz.Bank, views []questionView) ([]byte, error) {
	head, err := marshalNoEscape(obj)
	if err != nil {
		return nil, err
	}
	head = bytes.TrimSuffix(head, []byte("}"))
	if len(head) > 1 {
		head = append(head, ',')
	}
	head = append(head, `"questions":`...)
	head = append(head, questionsJSON(b, views)...)
	return append(head, '}', '\n'), nil
}
