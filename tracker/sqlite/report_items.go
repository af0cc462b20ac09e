package sqlite

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"

	"isms/tracker"
)

// itemDecoder reads the per-question grading an attempt keeps (JSON of []tracker.AttemptItem).
// The effectiveness report reads it for every attempt of two fiscal years, 100,000 and more at
// the city's scale, where encoding/json took seconds: this reader takes only the three fields the
// report needs and gives back shared strings for the few question and competency IDs there are.
// Anything it does not expect goes to encoding/json, so it is never wrong, only sometimes slow.
type itemDecoder struct {
	names map[string]string
	items []tracker.AttemptItem
}

func newItemDecoder() *itemDecoder { return &itemDecoder{names: map[string]string{}} }

// decode returns the items of b; the slice is reused by the next call.
func (d *itemDecoder) decode(b []byte) ([]tracker.AttemptItem, error) {
	items, err := d.fast(b)
	if err == nil {
		return items, nil
	}
	var slow []tracker.AttemptItem
	if err := json.Unmarshal(b, &slow); err != nil {
		return nil, err
	}
	return slow, nil
}

var errUnexpected = errors.New("unexpected JSON")

// fast reads an array of objects with the keys questionId, competency (plain strings), right
// (a boolean) and chosen (an array of plain strings), as json.Marshal writes them.
func (d *itemDecoder) fast(b []byte) ([]tracker.AttemptItem, error) {
	d.items = d.items[:0]
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, errUnexpected
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return d.items, trailing(b, i+1)
	}
	for {
		if i >= len(b) || b[i] != '{' {
			return nil, errUnexpected
		}
		var it tracker.AttemptItem
		i = skipSpace(b, i+1)
		for i < len(b) && b[i] != '}' {
			key, next, ok := rawString(b, i)
			if !ok {
				return nil, errUnexpected
			}
			i = skipSpace(b, next)
			if i >= len(b) || b[i] != ':' {
				return nil, errUnexpected
			}
			i = skipSpace(b, i+1)
			switch string(key) {
			case "questionId", "competency":
				v, next, ok := rawString(b, i)
				if !ok {
					return nil, errUnexpected
				}
				s, ok := d.intern(v)
				if !ok {
					return nil, errUnexpected
				}
				if string(key) == "questionId" {
					it.QuestionID = s
				} else {
					it.Competency = s
				}
				i = next
			case "right":
				switch {
				case hasPrefix(b[i:], "true"):
					it.Right, i = true, i+4
				case hasPrefix(b[i:], "false"):
					it.Right, i = false, i+5
				default:
					return nil, errUnexpected
				}
			case "chosen":
				next, ok := skipStrings(b, i)
				if !ok {
					return nil, errUnexpected
				}
				i = next
			default:
				// encoding/json matches keys without regard to case; leave the rare
				// unknown key to it rather than decide differently.
				return nil, errUnexpected
			}
			i = skipSpace(b, i)
			if i < len(b) && b[i] == ',' {
				i = skipSpace(b, i+1)
				if i >= len(b) || b[i] != '"' {
					return nil, errUnexpected
				}
			} else if i >= len(b) || b[i] != '}' {
				return nil, errUnexpected
			}
		}
		if i >= len(b) || it.QuestionID == "" {
			return nil, errUnexpected
		}
		d.items = append(d.items, it)
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		if i < len(b) && b[i] == ']' {
			return d.items, trailing(b, i+1)
		}
		return nil, errUnexpected
	}
}

// intern returns a shared string for the bytes of a JSON string (without its quotes). Escaped or
// invalid UTF-8 strings are not taken: encoding/json's rules for them are its own.
func (d *itemDecoder) intern(raw []byte) (string, bool) {
	if s, ok := d.names[string(raw)]; ok {
		return s, true
	}
	if !utf8.Valid(raw) || bytes.IndexByte(raw, '\\') >= 0 {
		return "", false
	}
	s := string(raw)
	d.names[s] = s
	return s, true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

func hasPrefix(b []byte, s string) bool { return len(b) >= len(s) && string(b[:len(s)]) == s }

func trailing(b []byte, i int) error {
	if skipSpace(b, i) != len(b) {
		return errUnexpected
	}
	return nil
}

// rawString returns the bytes between the quotes of the string at b[i] and the index after it.
// Control characters are not allowed in JSON strings.
func rawString(b []byte, i int) ([]byte, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, i, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '\\':
			j++
		case c == '"':
			return b[i+1 : j], j + 1, true
		case c < 0x20:
			return nil, i, false
		}
	}
	return nil, i, false
}

// skipStrings skips an array of plain strings (the chosen choice IDs).
func skipStrings(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '[' {
		return i, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, true
	}
	for {
		v, next, ok := rawString(b, i)
		if !ok || !utf8.Valid(v) || bytes.IndexByte(v, '\\') >= 0 {
			return i, false
		}
		i = skipSpace(b, next)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		if i < len(b) && b[i] == ']' {
			return i + 1, true
		}
		return i, false
	}
}
