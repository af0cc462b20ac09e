package roster

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"isms/tracker"
)

// The attendance and 訓練 files are read as the roster is: UTF-8 with or without BOM or
// Shift_JIS, a header row naming the columns in any order, every bad row listed by number and
// nothing returned when any row is bad.

// sheet is a decoded file: its header index and rows, with the row number of each.
type sheet struct {
	name, digest, encoding string
	index                  map[string]int // cleaned header → column
	rows                   [][]string
	rowNo                  []int
}

// readSheet decodes a file and reads its rows; what names the kind of file in messages.
func readSheet(what, name string, data []byte, probs *problems) (*sheet, error) {
	if len(data) > MaxFileBytes {
		return nil, tracker.Errorf(tracker.EINVALID, "%sが大きすぎます（上限 %d MB）。", what, MaxFileBytes>>20)
	}
	text, enc, digest, err := decode(data)
	if err != nil {
		return nil, err
	}
	sh := &sheet{name: name, digest: digest, encoding: enc, index: map[string]int{}}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, tracker.Errorf(tracker.EINVALID, "%sが空です。1行目に見出しが必要です。", what)
	}
	if err != nil {
		return nil, listCSVError(what, err)
	}
	for i, h := range header {
		h = cleanHeader(h)
		if _, dup := sh.index[h]; dup && h != "" {
			probs.add(1, "見出し「%s」が重複しています。", h)
		}
		sh.index[h] = i
	}
	row := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, listCSVError(what, err)
		}
		row++
		if row-1 > MaxRows {
			return nil, tracker.Errorf(tracker.EINVALID, "%sの行数が多すぎます（上限 %d 行）。", what, MaxRows)
		}
		if blank(rec) {
			continue
		}
		if len(rec) != len(header) {
			probs.add(row, "列の数が%dではありません（%d列あります）。", len(header), len(rec))
			continue
		}
		sh.rows, sh.rowNo = append(sh.rows, rec), append(sh.rowNo, row)
	}
	return sh, nil
}

func listCSVError(what string, err error) error {
	if pe, ok := err.(*csv.ParseError); ok {
		return tracker.Errorf(tracker.EINVALID, "%d行目: CSV の形式が正しくありません（引用符 \" の対応を確かめてください）。", pe.StartLine)
	}
	return tracker.Errorf(tracker.EINVALID, "%sを読み込めません。", what)
}

// cell is a row's value in a column (folded like the roster's: NFKC, trimmed), and its problem.
func (sh *sheet) cell(rec []string, col string) (string, string) {
	i, ok := sh.index[col]
	if !ok {
		return "", ""
	}
	v := strings.TrimFunc(rec[i], unicode.IsSpace)
	if bad := badChar(v); bad != "" {
		return "", fmt.Sprintf("%sに使用できない文字（%s）が含まれています。", col, bad)
	}
	if len([]rune(v)) > MaxFieldLen {
		return "", fmt.Sprintf("%sが長すぎます（上限%d文字）。", col, MaxFieldLen)
	}
	return norm.NFKC.String(v), ""
}

// refuse wraps the problems in the message that says nothing was applied.
func refuse(what string, probs *problems) error {
	if probs.n == 0 {
		return nil
	}
	msg := fmt.Sprintf("%sに誤りがあります（%d件）。記録は行っていません。\n%s", what, probs.n, strings.Join(probs.lines, "\n"))
	if probs.n > len(probs.lines) {
		msg += fmt.Sprintf("\n…ほか%d件", probs.n-len(probs.lines))
	}
	return &tracker.Error{Code: tracker.EINVALID, Message: msg}
}

// ParseStaffList reads a file of 職員番号 (an attendance list): a header row with a 職員番号
// column; other columns (氏名, 所属 …) are there for people and are not read.
func ParseStaffList(name string, data []byte) (*tracker.StaffList, error) {
	const what = "出席者ファイル"
	var probs problems
	sh, err := readSheet(what, name, data, &probs)
	if err != nil {
		return nil, err
	}
	if _, ok := sh.index["職員番号"]; !ok {
		return nil, tracker.Errorf(tracker.EINVALID, "%sに誤りがあります。記録は行っていません。\n1行目（見出し）: 見出し「職員番号」の列がありません。", what)
	}
	l := &tracker.StaffList{FileName: name, Digest: sh.digest, Encoding: sh.encoding}
	first := map[string]int{}
	for i, rec := range sh.rows {
		row := sh.rowNo[i]
		no, bad := sh.cell(rec, "職員番号")
		switch {
		case bad != "":
			probs.add(row, "%s", bad)
		case no == "":
			probs.add(row, "職員番号がありません。")
		case !staffNoPattern.MatchString(no):
			probs.add(row, "職員番号「%s」は英数字（20文字以内、- と _ も可）で入力してください。", no)
		case first[no] != 0:
			probs.add(row, "職員番号「%s」が%d行目と重複しています。", no, first[no])
		default:
			first[no] = row
			l.StaffNos, l.Rows = append(l.StaffNos, no), append(l.Rows, row)
		}
	}
	if err := refuse(what, &probs); err != nil {
		return nil, err
	}
	if len(l.StaffNos) == 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "%sにデータ行がありません。", what)
	}
	return l, nil
}
