package http

import (
	"bytes"
	"encoding/json"
	"strconv"

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

// questionJSON holds the encoded fragments of every question of the server's banks, made once when the
// handler is built; it is only read afterwards.
type questionJSON map[*quiz.Question]*questionFragments

func newQuestionJSON(banks []*quiz.Bank) questionJSON {
	out := questionJSON{}
	for _, b := range banks {
		for _, q := range b.Questions {
			out[q] = encodeFragments(q)
		}
	}
	return out
}

func jsonString(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func encodeFragments(q *quiz.Question) *questionFragments {
	r := q.Rendered()
	f := &questionFragments{id: jsonString(q.ID), competency: jsonString(q.Competency), stem: jsonString(string(r.Stem)),
		explanation: jsonString(string(r.Explanation)), choices: map[string][]byte{}, choiceIDs: map[string][]byte{}}
	for _, c := range q.Choices {
		f.choices[c.ID] = jsonString(string(r.Choices[c.ID]))
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
	return f
}

// encode writes views laid out from bank b as a JSON array.
func (qj questionJSON) encode(b *quiz.Bank, views []questionView) []byte {
	out := make([]byte, 0, 1024*len(views))
	out = append(out, '[')
	for i, v := range views {
		if i > 0 {
			out = append(out, ',')
		}
		q := b.Question(v.ID)
		f := qj[q]
		if f == nil || v.Missing {
			// Rare (a question removed from the bank): the general encoder is fine.
			one, _ := marshalNoEscape(v)
			out = append(out, one...)
			continue
		}
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
func (qj questionJSON) withQuestions(obj any, b *quiz.Bank, views []questionView) ([]byte, error) {
	head, err := marshalNoEscape(obj)
	if err != nil {
		return nil, err
	}
	head = bytes.TrimSuffix(head, []byte("}"))
	if len(head) > 1 {
		head = append(head, ',')
	}
	head = append(head, `"questions":`...)
	head = append(head, qj.encode(b, views)...)
	return append(head, '}', '\n'), nil
}
