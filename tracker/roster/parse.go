package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"isms/tracker"
)

// Columns are the roster's columns. Their order in a file is free; the header names them.
var Columns = []string{"職員番号", "氏名", "氏名カナ", "局", "部", "課", "職位", "区分", "監査委員", "メール"}

// Limits on a file, so a wrong upload cannot exhaust the server.
const (
	MaxRows      = 50000
	MaxFieldLen  = 100 // characters
	maxProblems  = 200 // problems listed before "…ほかN件"
	MaxFileBytes = 20 << 20
)

// Parser reads roster files with a role mapping.
type Parser struct {
	Roles tracker.RoleMap
}

// refused is the opening of every refusal, so the 事務局 knows at once that nothing was applied.
const refused = "名簿に誤りがあります。取り込みは行っていません。"

// Parse reads a whole file. It returns an EINVALID *tracker.Error listing every problem by row
// number when any row is bad; nothing partial is returned.
func (p *Parser) Parse(name string, data []byte) (*tracker.Roster, error) {
	return p.ParseFile(name, bytes.NewReader(data))
}

// ParseFile is Parse reading the file twice from f (once for its digest and encoding, once for
// its rows) instead of holding it: what stays in memory is the entries, not the file.
func (p *Parser) ParseFile(name string, f io.ReadSeeker) (*tracker.Roster, error) {
	r, err := p.parse(name, f)
	if e, ok := err.(*tracker.Error); ok && e.Code == tracker.EINVALID && !strings.HasPrefix(e.Message, "名簿に誤りがあります") {
		return nil, &tracker.Error{Code: e.Code, Message: refused + "\n" + e.Message}
	}
	return r, err
}

// TooLarge is the answer to a file over MaxFileBytes.
func TooLarge() error {
	return tracker.Errorf(tracker.ETOOLARGE, "ファイルが大きすぎます（上限 %d MB）。", MaxFileBytes>>20)
}

func (p *Parser) parse(name string, f io.ReadSeeker) (*tracker.Roster, error) {
	sc, err := scanFile(f)
	if err != nil {
		return nil, tracker.Errorf(tracker.EINVALID, "名簿ファイルを読み込めません。")
	}
	if sc.size > MaxFileBytes {
		return nil, TooLarge()
	}
	text, enc, err := sc.text(f)
	if err != nil {
		return nil, err
	}
	r := &tracker.Roster{FileName: name, Digest: sc.digest, Encoding: enc}

	limit := &recordLimit{r: text}
	cr := csv.NewReader(limit)
	cr.FieldsPerRecord = -1 // a wrong column count is reported per row, not as the end of reading
	cr.ReuseRecord = false
	var probs problems
	var notes notes

	header, err := cr.Read()
	if err == io.EOF {
		return nil, tracker.Errorf(tracker.EINVALID, "名簿ファイルが空です。1行目に見出し（%s）が必要です。", strings.Join(Columns, ","))
	}
	if err != nil {
		return nil, csvError(err)
	}
	index, err := headerIndex(header)
	if err != nil {
		return nil, err
	}

	firstRow := map[string]int{}
	row := 1
	for {
		limit.n = 0
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		row++
		if row-1 > MaxRows {
			return nil, tracker.Errorf(tracker.EINVALID, "名簿の行数が多すぎます（上限 %d 行）。", MaxRows)
		}
		if blank(rec) {
			continue // Excel leaves rows of empty cells after the data
		}
		if len(rec) != len(header) {
			probs.add(row, "列の数が%dではありません（%d列あります）。", len(header), len(rec))
			continue
		}
		// Duplicates are found on the number alone, so a row with other problems still counts.
		if no := norm.NFKC.String(strings.TrimFunc(rec[index["職員番号"]], unicode.IsSpace)); no != "" {
			if first, dup := firstRow[no]; dup {
				probs.add(row, "職員番号「%s」が%d行目と重複しています。", no, first)
				continue
			}
			firstRow[no] = row
		}
		if e := p.entry(row, rec, index, &probs, &notes); e != nil {
			r.Entries = append(r.Entries, e)
		}
	}
	if err := probs.err(); err != nil {
		return nil, err
	}
	if len(r.Entries) == 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "名簿にデータ行がありません。")
	}
	r.Warnings = notes.warnings()
	return r, nil
}

func csvError(err error) error {
	if errors.Is(err, errRecordTooLong) {
		return tracker.Errorf(tracker.EINVALID, "名簿に誤りがあります。取り込みは行っていません。\n1行が長すぎます（%d KB を超えています）。引用符 \" の対応を確かめてください。", maxRecordBytes>>10)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return tracker.Errorf(tracker.EINVALID, "名簿に誤りがあります。取り込みは行っていません。\n%d行目: CSV の形式が正しくありません（引用符 \" の対応を確かめてください）。", pe.StartLine)
	}
	return tracker.Errorf(tracker.EINVALID, "名簿ファイルを読み込めません。")
}

// headerIndex maps each column to its position and refuses missing, unknown or repeated names.
func headerIndex(header []string) (map[string]int, error) {
	index := map[string]int{}
	var msgs []string
	for i, h := range header {
		h = cleanHeader(h)
		switch {
		case !known(h):
			msgs = append(msgs, fmt.Sprintf("見出し「%s」は名簿の列ではありません。", h))
		case index[h] != 0:
			msgs = append(msgs, fmt.Sprintf("見出し「%s」が重複しています。", h))
		default:
			index[h] = i + 1 // +1 so that the zero value means "absent"
		}
	}
	if len(index) == 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "名簿の見出し（1行目）を読み取れません。見出しは %s の10列です。文字コード（UTF-8 または Shift_JIS）が混在していないかも確かめてください。",
			strings.Join(Columns, ","))
	}
	for _, c := range Columns {
		if index[c] == 0 {
			msgs = append(msgs, fmt.Sprintf("見出し「%s」の列がありません。", c))
		}
	}
	if len(msgs) > 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "名簿に誤りがあります。取り込みは行っていません。\n1行目（見出し）: %s\n見出しは %s の10列です。",
			strings.Join(msgs, " "), strings.Join(Columns, ","))
	}
	for k := range index {
		index[k]--
	}
	return index, nil
}

func cleanHeader(h string) string {
	return strings.TrimSpace(norm.NFKC.String(strings.TrimPrefix(h, "\ufeff")))
}

func known(h string) bool {
	for _, c := range Columns {
		if c == h {
			return true
		}
	}
	return false
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

var staffNoPattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_-]{0,19}$`)

// entry checks one row and returns its entry, or nil after adding its problems.
func (p *Parser) entry(row int, rec []string, index map[string]int, probs *problems, notes *notes) *tracker.RosterEntry {
	before := probs.n
	field := func(col string) string {
		v := strings.TrimFunc(rec[index[col]], unicode.IsSpace)
		if bad := badChar(v); bad != "" {
			probs.add(row, "%sに使用できない文字（%s）が含まれています。", col, bad)
		} else if n := utf8.RuneCountInString(v); n > MaxFieldLen {
			probs.add(row, "%sが長すぎます（%d文字、上限%d文字）。", col, n, MaxFieldLen)
		}
		return v
	}
	e := &tracker.RosterEntry{Row: row}
	e.StaffNo = norm.NFKC.String(field("職員番号"))
	e.Name = field("氏名")
	e.Kana = kana(field("氏名カナ"))
	e.Bureau = field("局")
	e.Department = field("部")
	e.Section = field("課")
	e.Position = field("職位")
	category := norm.NFKC.String(field("区分"))
	auditor := norm.NFKC.String(field("監査委員"))
	e.Mail = norm.NFKC.String(field("メール"))
	if probs.n > before {
		return nil // a bad character makes the other checks on the row meaningless
	}

	switch {
	case e.StaffNo == "":
		probs.add(row, "職員番号がありません。")
	case !staffNoPattern.MatchString(e.StaffNo):
		probs.add(row, "職員番号「%s」は英数字（20文字以内、- と _ も可）で入力してください。", e.StaffNo)
	}
	if e.Name == "" {
		probs.add(row, "氏名がありません。")
	}
	switch {
	case e.Kana == "":
		// カナ is not needed to train anyone: the row is taken, and the preview says so.
		notes.add(noteNoKana, row)
	case !isKana(e.Kana):
		probs.add(row, "氏名カナ「%s」はカタカナで入力してください。", e.Kana)
	}
	if e.Bureau == "" {
		probs.add(row, "局がありません。")
	}
	switch c := tracker.Category(category); {
	case c.Valid():
		e.Category = c
	case category == "外部委託要員" || category == "委託":
		e.Category = tracker.CategoryContractor
	case category == "":
		probs.add(row, "区分がありません（職員、会計年度任用職員、外部委託のいずれか）。")
	default:
		probs.add(row, "区分「%s」は職員、会計年度任用職員、外部委託のいずれかです。", category)
	}
	switch r, ok := p.Roles.RoleFor(e.Bureau, e.Position, e.Category); {
	case e.Position == "" && ok:
		e.Role = r
		notes.add(noteContractor, row)
	case e.Position == "":
		probs.add(row, "職位がありません（職位が空欄でよいのは区分が外部委託の人だけです）。")
	case !ok:
		probs.add(row, "職位「%s」は職位の対応表にありません。事務局メニューの「職位と役割の対応表」に追加するか、職位を直してください。", e.Position)
	default:
		e.Role = r
		if r == tracker.RoleManager && e.Section == "" {
			probs.add(row, "職位「%s」はセキュリティ管理者（課等の長）なので、課が必要です。", e.Position)
		}
	}
	switch strings.ToLower(auditor) {
	case "1", "○", "〇", "◯", "はい", "true", "yes":
		e.Auditor = true
	case "", "0", "×", "いいえ", "false", "no", "-":
	default:
		probs.add(row, "監査委員「%s」は 1（委員）か 空欄・0（委員でない）で入力してください。", auditor)
	}
	if e.Mail != "" {
		if a, err := mail.ParseAddress(e.Mail); err != nil || a.Name != "" || a.Address != e.Mail || !strings.Contains(e.Mail[strings.LastIndex(e.Mail, "@")+1:], ".") {
			probs.add(row, "メール「%s」はメールアドレスの形ではありません。", e.Mail)
		}
	}
	if probs.n > before {
		return nil
	}
	return e
}

// badChar names the first character that may not be stored: control characters, U+FFFD from an
// undecodable byte, and private-use characters (外字) that print differently on every machine.
func badChar(s string) string {
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return "読み取れない文字"
		case unicode.IsControl(r):
			return fmt.Sprintf("制御文字 U+%04X", r)
		case unicode.Is(unicode.Co, r):
			return fmt.Sprintf("外字 U+%04X", r)
		}
	}
	return ""
}

// kana folds half-width katakana and hiragana into full-width katakana, so that a name typed
// either way compares equal on re-import.
func kana(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if r >= 'ぁ' && r <= 'ゖ' {
			return r + ('ァ' - 'ぁ')
		}
		return r
	}, s)
}

func isKana(s string) bool {
	for _, r := range s {
		if !(unicode.Is(unicode.Katakana, r) || r == 'ー' || r == '・' || r == ' ' || r == '　') {
			return false
		}
	}
	return true
}

// problems collects row messages.
type problems struct {
	lines []string
	n     int
}

func (p *problems) add(row int, format string, args ...any) {
	p.n++
	if len(p.lines) < maxProblems {
		p.lines = append(p.lines, fmt.Sprintf("%d行目: ", row)+fmt.Sprintf(format, args...))
	}
}

func (p *problems) err() error {
	if p.n == 0 {
		return nil
	}
	msg := fmt.Sprintf("名簿に誤りがあります（%d件）。取り込みは行っていません。\n%s", p.n, strings.Join(p.lines, "\n"))
	if p.n > len(p.lines) {
		msg += fmt.Sprintf("\n…ほか%d件", p.n-len(p.lines))
	}
	return &tracker.Error{Code: tracker.EINVALID, Message: msg}
}
