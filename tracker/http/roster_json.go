package http

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"

	"isms/tracker"
)

// A roster's diff and result can hold 50,000 rows. Encoded whole, as writeJSON does, the answer
// would sit in memory beside the parsed roster; jsonStream writes it element by element instead,
// as the same JSON that encoding the value whole gives (a test compares them).

type jsonStream struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder // into buf, escaping as writeJSON does
}

// writeJSONWith answers with the JSON that fn writes.
func writeJSONWith(w http.ResponseWriter, status int, fn func(*jsonStream)) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	j := &jsonStream{w: bufio.NewWriterSize(w, 32<<10)}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	fn(j)
	bw := j.w
	bw.WriteString("\n")
	bw.Flush()
}

func (j *jsonStream) raw(s string) { j.w.WriteString(s) }

// value writes v without the newline json.Encoder adds.
func (j *jsonStream) value(v any) {
	j.buf.Reset()
	j.enc.Encode(v)
	j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}

// array writes a JSON array of n elements, each written by elem (null for a nil slice, as
// encoding/json writes it).
func (j *jsonStream) array(n int, isNil bool, elem func(i int) any) {
	if isNil {
		j.raw("null")
		return
	}
	j.raw("[")
	for i := range n {
		if i > 0 {
			j.raw(",")
		}
		j.value(elem(i))
	}
	j.raw("]")
}

// rosterDiff writes d as encoding/json writes a tracker.RosterDiff.
func (j *jsonStream) rosterDiff(d *tracker.RosterDiff) {
	j.raw(`{"added":`)
	j.array(len(d.Added), d.Added == nil, func(i int) any { return d.Added[i] })
	j.raw(`,"changed":`)
	j.array(len(d.Changed), d.Changed == nil, func(i int) any { return d.Changed[i] })
	j.raw(`,"leaving":`)
	j.array(len(d.Leaving), d.Leaving == nil, func(i int) any { return d.Leaving[i] })
	j.raw(`,"unchanged":`)
	j.value(d.Unchanged)
	if len(d.Warnings) > 0 {
		j.raw(`,"warnings":`)
		j.value(d.Warnings)
	}
	j.raw(`,"digest":`)
	j.value(d.Digest)
	j.raw("}")
}

// rosterResult writes res as encoding/json writes a tracker.RosterResult.
func (j *jsonStream) rosterResult(res *tracker.RosterResult) {
	j.raw(`{"importId":`)
	j.value(res.ImportID)
	j.raw(`,"diff":`)
	if res.Diff == nil {
		j.raw("null")
	} else {
		j.rosterDiff(res.Diff)
	}
	j.raw(`,"passwords":`)
	j.array(len(res.Passwords), res.Passwords == nil, func(i int) any { return res.Passwords[i] })
	j.raw("}")
}
