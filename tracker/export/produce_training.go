package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"

	"isms/tracker"
)

// training exports the records of 集合研修・訓練 and reminders in the caller's scope.
func (src *Source) training(ctx context.Context, req Request, meta Meta, w io.Writer) (int, string, error) {
	scope, err := src.Reports.ReportScope(ctx, 0)
	if err != nil {
		return 0, "", err
	}
	meta.Scope = scope
	switch req.Report {
	case tracker.ReportSessions:
		list, err := src.Training.FindAttendance(ctx, 0, 0)
		if err != nil {
			return 0, "", err
		}
		each := func(fn func(*tracker.Attendance) error) error {
			for _, a := range list {
				if a.Session.FiscalYear == req.FiscalYear {
					if err := fn(a); err != nil {
						return err
					}
				}
			}
			return nil
		}
		if req.Format == tracker.FormatXAPI {
			n, err := src.xapi().WriteAttendance(w, each)
			return n, scope, err
		}
		n, err := write(w, req.Format, Sessions(meta, each))
		return n, scope, err
	case tracker.ReportDrills:
		each := func(fn func(*tracker.DrillResult) error) error {
			return src.Drills.EachDrillResult(ctx, req.FiscalYear, fn)
		}
		if req.Format == tracker.FormatXAPI {
			n, err := src.xapi().WriteDrills(w, each)
			return n, scope, err
		}
		n, err := write(w, req.Format, Drills(meta, each))
		return n, scope, err
	}
	logs, err := src.Reminders.FindReminders(ctx, req.FiscalYear, 0)
	if err != nil {
		return 0, "", err
	}
	n, err := write(w, req.Format, Reminders(meta, logs))
	return n, scope, err
}

// joinArrays writes two JSON arrays of statements as one.
func joinArrays(w io.Writer, a, b []byte) error {
	a, b = bytes.TrimSpace(a), bytes.TrimSpace(b)
	inner := func(x []byte) []byte { return bytes.TrimSpace(x[1 : len(x)-1]) }
	parts := [][]byte{}
	for _, x := range [][]byte{inner(a), inner(b)} {
		if len(x) > 0 {
			parts = append(parts, x)
		}
	}
	_, err := io.WriteString(w, "[\n"+string(bytes.Join(parts, []byte(",\n")))+"\n]\n")
	return err
}

// ProduceRemindList writes a prepared batch as a mail-merge file (XLSX or CSV) and records it as
// a 持ち出し, like Produce.
func (src *Source) ProduceRemindList(ctx context.Context, b *tracker.ReminderBatch, format tracker.ExportFormat, purpose, madeBy string,
	w io.Writer) (*tracker.Export, error) {
	if format != tracker.FormatXLSX && format != tracker.FormatCSV {
		return nil, tracker.Errorf(tracker.EINVALID, "差し込み用一覧は xlsx か csv で出力します。")
	}
	meta := Meta{FiscalYear: b.FiscalYear, Scope: "全庁", MadeAt: b.Prepared, MadeBy: madeBy, Titles: map[string]string{}}
	for _, m := range src.Modules {
		meta.Titles[m.Module] = m.Title
	}
	rec := &tracker.Export{Report: tracker.ReportRemindList, Format: format, FiscalYear: b.FiscalYear, Purpose: strings.TrimSpace(purpose),
		Scope: "全庁"}
	h := sha256.New()
	n, err := write(io.MultiWriter(w, h), format, RemindList(meta, b))
	if err != nil {
		return nil, err
	}
	rec.Rows, rec.FileSHA256 = n, hex.EncodeToString(h.Sum(nil))
	return rec, src.Reports.RecordExport(ctx, rec)
}
