package export

import (
	"bufio"
	"encoding/csv"
	"io"
)

// WriteCSV writes the table as CSV: UTF-8 with a byte-order mark and CRLF line ends, so Excel
// opens the Japanese text as it is. The title block comes first, then each section's heading
// (when there are several), header row and rows, a blank line between sections. It returns the
// number of data rows.
func WriteCSV(w io.Writer, t *Table) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write([]string{text(t.titleLine())}); err != nil {
		return 0, err
	}
	for _, l := range t.titleBlock() {
		if err := cw.Write([]string{l[0], text(l[1])}); err != nil {
			return 0, err
		}
	}
	rows := 0
	for _, s := range t.Sections {
		if err := cw.Write([]string{""}); err != nil {
			return rows, err
		}
		if len(t.Sections) > 1 {
			if err := cw.Write([]string{"■" + s.Name}); err != nil {
				return rows, err
			}
		}
		header := make([]string, len(s.Columns))
		for i, c := range s.Columns {
			header[i] = text(c.Name)
		}
		if err := cw.Write(header); err != nil {
			return rows, err
		}
		record := make([]string, len(s.Columns))
		err := s.Rows(func(row ...any) error {
			record = record[:0]
			for _, v := range row {
				record = append(record, text(v))
			}
			rows++
			return cw.Write(record)
		})
		if err != nil {
			return rows, err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return rows, err
	}
	return rows, bw.Flush()
}
