package export

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"isms/tracker"
)

// The CSV files are tables a program or Excel's filter can read as they are: the header row is
// the first line, one row per record below it, nothing above or between. The 重要性分類A label is
// in the file name and in a last column, 取扱区分, on every row, so it stays with any row copied
// out of the file. The rest of the title block (年度, 範囲, 作成) is in the 持ち出し record and in
// the XLSX; a report of several tables (受講歴, 研修の有効性評価) is a ZIP of one such CSV per
// table with the title block as a file of its own (表題.csv).

// classificationColumn heads the last column of every CSV table.
const classificationColumn = "取扱区分"

// WriteCSV writes the table as CSV: UTF-8 with a byte-order mark and CRLF line ends, so Excel
// opens the Japanese text as it is; a table of several sections as a ZIP (Zipped). It returns the
// number of data rows.
func WriteCSV(w io.Writer, t *Table) (int, error) {
	if len(t.Sections) == 1 {
		return writeCSVTable(w, t.Sections[0])
	}
	zw := zip.NewWriter(w)
	// Fixed times in the entries keep the file's digest a function of its content.
	create := func(name string) (io.Writer, error) {
		return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: t.MadeAt.In(tracker.Japan)})
	}
	f, err := create("0_表題.csv")
	if err != nil {
		return 0, err
	}
	if _, err := writeCSVTable(f, t.titleSection()); err != nil {
		return 0, err
	}
	rows := 0
	for i, s := range t.Sections {
		f, err := create(fmt.Sprintf("%d_%s.csv", i+1, fileSafe(s.Name)))
		if err != nil {
			return rows, err
		}
		n, err := writeCSVTable(f, s)
		rows += n
		if err != nil {
			return rows, err
		}
	}
	return rows, zw.Close()
}

// Zipped reports whether a report's CSV is a ZIP of several tables.
func Zipped(kind tracker.ReportKind, f tracker.ExportFormat) bool {
	return f == tracker.FormatCSV && (kind == tracker.ReportHistory || kind == tracker.ReportEffectiveness)
}

// writeCSVTable writes one section as a CSV file: header row, rows, the classification on each.
func writeCSVTable(w io.Writer, s *Section) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	header := make([]string, 0, len(s.Columns)+1)
	for _, c := range s.Columns {
		header = append(header, text(c.Name))
	}
	if err := cw.Write(append(header, classificationColumn)); err != nil {
		return 0, err
	}
	rows := 0
	record := make([]string, 0, len(s.Columns)+1)
	err := s.Rows(func(row ...any) error {
		record = record[:0]
		for _, v := range row {
			record = append(record, text(v))
		}
		rows++
		return cw.Write(append(record, tracker.ClassificationA))
	})
	if err != nil {
		return rows, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return rows, err
	}
	return rows, bw.Flush()
}

// titleSection is the title block as a table of its own, for the ZIP.
func (t *Table) titleSection() *Section {
	return &Section{Name: "表題", Columns: []Column{{"項目", 10}, {"内容", 60}}, Rows: func(emit func(...any) error) error {
		if err := emit("帳票", t.Title); err != nil {
			return err
		}
		for _, l := range t.titleBlock() {
			if err := emit(l[0], l[1]); err != nil {
				return err
			}
		}
		return nil
	}}
}

// fileSafe keeps a section's name usable as a file name in the ZIP on any system.
func fileSafe(name string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]<>|"`, r) || r < ' ' {
			return '_'
		}
		return r
	}, name)
}
