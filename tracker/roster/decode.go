// Package roster reads 職員名簿 CSV files as Excel saves them (UTF-8 with or without BOM, or
// Shift_JIS/CP932) into a tracker.Roster, checking every row (【06】第5条: input validation).
// A file with any bad row is refused as a whole, with every problem listed by row number.
package roster

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"

	"isms/tracker"
)

// decode returns the file as UTF-8 text and the encoding it was in. Excel's "CSV UTF-8" adds a
// BOM; its plain "CSV" writes CP932, which x/text's Shift_JIS decoder reads including the NEC and
// IBM extensions (①, ㈱, 髙). Bytes that are not valid in either come out as U+FFFD, which the
// row checks then report with their row number.
func decode(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(data[3:]), "UTF-8 (BOM)", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "", "", tracker.Errorf(tracker.EINVALID,
			"UTF-16 のファイルは読み込めません。Excel では「CSV UTF-8（コンマ区切り）」または「CSV（コンマ区切り）」で保存してください。")
	case utf8.Valid(data):
		return string(data), "UTF-8", nil
	}
	out, err := japanese.ShiftJIS.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", tracker.Errorf(tracker.EINVALID, "ファイルの文字コードを判別できません。UTF-8 または Shift_JIS で保存してください。")
	}
	return string(out), "Shift_JIS", nil
}
