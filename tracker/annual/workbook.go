package annual

import (
	"fmt"
	"io"

	"isms/tracker"
	"isms/tracker/export"
)

// Workbook is the report as a workbook: a sheet with the text of every section, then a sheet per
// table with the same rows and totals as the printed table, so every figure can be traced.
func Workbook(r *Report) *export.Table {
	text := &export.Section{Name: "本文", Columns: []export.Column{{Name: "節", Width: 26}, {Name: "本文", Width: 120}},
		Rows: func(emit func(...any) error) error {
			for _, s := range r.Sections {
				for _, p := range s.Paragraphs {
					if err := emit(sectionName(s), p); err != nil {
						return err
					}
				}
				for _, t := range s.Tables {
					if err := emit(sectionName(s), t.Number+"　"+t.Caption+"（シート「"+t.Number+"」）"); err != nil {
						return err
					}
				}
			}
			return nil
		}}
	sections := []*export.Section{text}
	for _, s := range r.Sections {
		for _, t := range s.Tables {
			sections = append(sections, sheet(t))
		}
	}
	return &export.Table{Title: r.Title, FiscalYear: r.FiscalYear, Scope: "全庁", MadeAt: r.MadeAt, MadeBy: r.MadeBy, Sections: sections}
}

// WriteXLSX writes the workbook and returns its rows.
func WriteXLSX(w io.Writer, r *Report) (int, error) { return export.WriteXLSX(w, Workbook(r)) }

func sectionName(s *Section) string {
	if s.Appendix {
		return "別表　" + s.Title
	}
	return fmt.Sprintf("%d．%s", s.Number, s.Title)
}

func sheet(t *Table) *export.Section {
	cols := make([]export.Column, len(t.Columns))
	for i, c := range t.Columns {
		width := 14.0
		if !c.Numeric {
			width = 30
		}
		cols[i] = export.Column{Name: c.Name, Width: width}
	}
	return &export.Section{Name: t.Number + " " + t.Caption, Columns: cols, Rows: func(emit func(...any) error) error {
		rows := t.Rows
		if t.Total != nil {
			rows = append(rows[:len(rows):len(rows)], t.Total)
		}
		for _, row := range rows {
			values := make([]any, len(row))
			for i, v := range row {
				values[i] = workbookValue(v)
			}
			if err := emit(values...); err != nil {
				return err
			}
		}
		return nil
	}}
}

// workbookValue is a cell as the workbook holds it: a completion rate as the same share.
func workbookValue(v any) any {
	switch v := v.(type) {
	case Percent:
		return export.Ratio(float64(v) / 100)
	case tracker.Date:
		return v
	}
	return v
}
