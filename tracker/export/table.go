// Package export writes the tracker's reports as files that leave the server: Excel workbooks
// (github.com/xuri/excelize/v2, streaming), CSV that Excel opens as Japanese text, and xAPI 1.0.3
// statements for an LMS or LRS.
//
// Every file carries 重要性分類A in its name and title block (【03】第5条), and no cell is ever
// written so that a spreadsheet evaluates it: text that begins like a formula stays text.
// Recording the export as a 持ち出し is the caller's duty (tracker.ReportService.RecordExport).
package export

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"isms/tracker"
)

// Table is a report as a file: a title block and one or more sections of rows.
type Table struct {
	Title      string             // the report's name, e.g. 受講状況一覧
	FiscalYear tracker.FiscalYear // 0 when the report spans years
	Scope      string             // 全庁, a unit's name, or a person
	MadeAt     time.Time
	MadeBy     string // login and name of whoever made it
	Sections   []*Section
}

// Section is one sheet of a workbook, one block of a CSV file.
type Section struct {
	Name    string // the sheet's name (at most 31 characters)
	Columns []Column
	// Rows calls emit once per row; the values are string, int, float64, bool, tracker.Date,
	// time.Time, Ratio, or nil for an empty cell. An error from emit must be returned.
	Rows func(emit func(row ...any) error) error
}

// Column is one column's heading and width in Excel character units.
type Column struct {
	Name  string
	Width float64
}

// Ratio is a share between 0 and 1, shown as a percentage with one decimal.
type Ratio float64

// Fixed is a figure shown with a fixed number of decimals (facility and discrimination indices).
type Fixed struct {
	V      float64
	Places int
}

// titleLine is the report's name with its classification.
func (t *Table) titleLine() string { return t.Title + "（" + tracker.ClassificationA + "）" }

// titleBlock is the lines above the rows: label and value.
func (t *Table) titleBlock() [][2]string {
	var rows [][2]string
	if t.FiscalYear != 0 {
		rows = append(rows, [2]string{"年度", t.FiscalYear.String()})
	}
	rows = append(rows,
		[2]string{"範囲", t.Scope},
		[2]string{"作成", tracker.JapaneseTime(t.MadeAt) + "　" + t.MadeBy},
		[2]string{"取扱区分", tracker.ClassificationA + "（職員名簿情報）。許可なく複製・送信・持ち出しをしないこと（【03】第9条）。"},
	)
	return rows
}

// inert reports whether a spreadsheet could take the text for a formula or a command: a leading
// = + - @ (also in full width), or a tab, carriage return or line feed.
func inert(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠':
		return true
	}
	return false
}

// text renders a value for CSV; formula-like text gets a leading apostrophe, which Excel shows
// as text and never evaluates.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		if inert(v) {
			return "'" + v
		}
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case Ratio:
		return strconv.FormatFloat(float64(v)*100, 'f', 1, 64) + "%"
	case Fixed:
		return strconv.FormatFloat(v.V, 'f', v.Places, 64)
	case bool:
		if v {
			return "はい"
		}
		return "いいえ"
	case tracker.Date:
		return v.String()
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return v.In(tracker.Japan).Format("2006-01-02 15:04:05")
	case *time.Time:
		if v == nil {
			return ""
		}
		return text(*v)
	}
	return text(fmt.Sprint(v))
}

// FileName is the name an export is saved under, carrying 重要性分類A, and an ASCII name for
// clients that cannot take the Japanese one.
func FileName(kind tracker.ReportKind, fy tracker.FiscalYear, format tracker.ExportFormat, at time.Time) (string, string) {
	ext := string(format)
	switch {
	case format == tracker.FormatXAPI:
		ext = "json"
	case Zipped(kind, format):
		ext = "zip"
	}
	stamp := at.In(tracker.Japan).Format("20060102-1504")
	year, asciiYear := "", ""
	if fy != 0 {
		year, asciiYear = fmt.Sprintf("_%d年度", int(fy)), fmt.Sprintf("_%d", int(fy))
	}
	name := "【" + tracker.ClassificationA + "】" + kind.Title() + year + "_" + stamp + "." + ext
	ascii := "classA_" + string(kind) + asciiYear + "_" + stamp + "." + ext
	return name, ascii
}

// sheetName makes a valid, unique sheet name: at most 31 characters, none of : \ / ? * [ ].
func sheetName(name string, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		name = "Sheet"
	}
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	base := name
	for i := 2; used[name]; i++ {
		suffix := fmt.Sprintf("(%d)", i)
		r := []rune(base)
		name = string(r[:min(len(r), 31-len(suffix))]) + suffix
	}
	used[name] = true
	return name
}
