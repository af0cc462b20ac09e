package roster

import (
	"fmt"
	"strings"
)

// A note is something a row was accepted with that the 事務局 should see in the preview.
type note int

const (
	noteContractor note = iota // a 外部委託 row without 職位, taken as 一般職員
	noteNoKana                 // an empty 氏名カナ
	noteKinds
)

// maxNoteRows is how many row numbers a warning lists before "ほかN行".
const maxNoteRows = 20

// notes collects the rows of each note.
type notes struct {
	rows [noteKinds][]int
}

func (n *notes) add(kind note, row int) { n.rows[kind] = append(n.rows[kind], row) }

// warnings says, for each note, what was done and on which rows.
func (n *notes) warnings() []string {
	var out []string
	if rows := n.rows[noteContractor]; len(rows) > 0 {
		out = append(out, fmt.Sprintf("区分が外部委託で職位が空欄の%d人は、一般職員として取り込みます（%s）。", len(rows), rowList(rows)))
	}
	if rows := n.rows[noteNoKana]; len(rows) > 0 {
		out = append(out, fmt.Sprintf("氏名カナが空欄の人が%d人います（%s）。研修の受講には影響しませんが、職員の検索でカナを使えません。", len(rows), rowList(rows)))
	}
	return out
}

// rowList names the rows: 7行目、9行目、…ほか3行.
func rowList(rows []int) string {
	var parts []string
	for _, r := range rows[:min(len(rows), maxNoteRows)] {
		parts = append(parts, fmt.Sprintf("%d行目", r))
	}
	s := strings.Join(parts, "、")
	if len(rows) > maxNoteRows {
		s += fmt.Sprintf("、ほか%d行", len(rows)-maxNoteRows)
	}
	return s
}
