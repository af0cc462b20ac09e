// Package roster reads 職員名簿 CSV files as Excel saves them (UTF-8 with or without BOM, or
// Shift_JIS/CP932) into a tracker.Roster, checking every row (【06】第5条: input validation).
// A file with any bad row is refused as a whole, with every problem listed by row number.
package roster

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"

	"isms/tracker"
)

// scan is what a first pass over a file learns: its size, its SHA-256, whether it is valid UTF-8
// and how it begins.
type scan struct {
	size   int64
	digest string
	utf8   bool
	head   []byte // the first bytes, for the byte-order marks
}

// scanFile reads f once, holding no more than a buffer of it.
func scanFile(f io.Reader) (*scan, error) {
	h := sha256.New()
	sc := &scan{utf8: true}
	buf := make([]byte, 64<<10)
	var carry []byte // an incomplete UTF-8 sequence at the end of the previous buffer
	for {
		n, err := f.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			h.Write(chunk)
			sc.size += int64(n)
			if len(sc.head) < 3 {
				sc.head = append(sc.head, chunk[:min(len(chunk), 3-len(sc.head))]...)
			}
			if sc.size > MaxFileBytes {
				return sc, nil
			}
			if sc.utf8 {
				chunk = append(carry, chunk...)
				cut := len(chunk)
				for i := len(chunk) - 1; i >= max(0, len(chunk)-utf8.UTFMax); i-- {
					if utf8.RuneStart(chunk[i]) {
						if !utf8.FullRune(chunk[i:]) {
							cut = i
						}
						break
					}
				}
				sc.utf8 = utf8.Valid(chunk[:cut])
				carry = append(carry[:0], chunk[cut:]...)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	sc.utf8 = sc.utf8 && utf8.Valid(carry)
	sc.digest = hex.EncodeToString(h.Sum(nil))
	return sc, nil
}

// text returns the file (read again from its start) as UTF-8 text, and the encoding it was in.
// Excel's "CSV UTF-8" adds a BOM; its plain "CSV" writes CP932, which x/text's Shift_JIS decoder
// reads including the NEC and IBM extensions (①, ㈱, 髙). Bytes that are not valid in either come
// out as U+FFFD, which the row checks then report with their row number.
func (sc *scan) text(f io.ReadSeeker) (io.Reader, string, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, "", err
	}
	switch {
	case bytes.HasPrefix(sc.head, []byte{0xEF, 0xBB, 0xBF}):
		if _, err := f.Seek(3, io.SeekStart); err != nil {
			return nil, "", err
		}
		return f, "UTF-8 (BOM)", nil
	case bytes.HasPrefix(sc.head, []byte{0xFF, 0xFE}), bytes.HasPrefix(sc.head, []byte{0xFE, 0xFF}):
		return nil, "", tracker.Errorf(tracker.EINVALID,
			"UTF-16 のファイルは読み込めません。Excel では「CSV UTF-8（コンマ区切り）」または「CSV（コンマ区切り）」で保存してください。")
	case sc.utf8:
		return f, "UTF-8", nil
	}
	return transform.NewReader(f, japanese.ShiftJIS.NewDecoder()), "Shift_JIS", nil
}

// maxRecordBytes bounds one CSV record (a row, with any line breaks inside quotes): ten fields of
// at most MaxFieldLen characters need a few kilobytes, so a longer record is a wrong file, and
// refusing it keeps a file of one endless row from being held whole.
const maxRecordBytes = 64 << 10

// recordLimit counts the bytes read since the last record ended (reset by the parser after each
// record) and fails past maxRecordBytes.
type recordLimit struct {
	r io.Reader
	n int
}

var errRecordTooLong = errors.New("roster: record too long")

func (l *recordLimit) Read(p []byte) (int, error) {
	if l.n > maxRecordBytes {
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

// decode reads a file held whole in memory (an attendance list, a 訓練's results) as text, the
// same way rosters are read, with the file's SHA-256 from the same pass.
func decode(data []byte) (text, encoding, digest string, err error) {
	f := bytes.NewReader(data)
	sc, err := scanFile(f)
	if err != nil {
		return "", "", "", err
	}
	r, enc, err := sc.text(f)
	if err != nil {
		return "", "", "", err
	}
	b, err := io.ReadAll(r)
	return string(b), enc, sc.digest, err
}
