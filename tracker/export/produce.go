package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"isms/quiz"
	"isms/tracker"
)

// Request says what to export. The filter fields apply to the reports over people (attendance,
// outstanding, attempts); StaffNo names the person of a history.
type Request struct {
	Report     tracker.ReportKind   `json:"report"`
	Format     tracker.ExportFormat `json:"format"`
	FiscalYear tracker.FiscalYear   `json:"fiscalYear"`
	UnitID     int64                `json:"unitId,omitempty"`
	Role       tracker.Role         `json:"role,omitempty"`
	Category   tracker.Category     `json:"category,omitempty"`
	State      tracker.PersonState  `json:"state,omitempty"`
	Module     string               `json:"module,omitempty"`
	StaffNo    string               `json:"staffNo,omitempty"`
	Purpose    string               `json:"purpose,omitempty"` // 持ち出しの目的
	// Version names the amendment of an acknowledgements report, AckState narrows it to 確認済 or 未確認.
	Version  string           `json:"version,omitempty"`
	AckState tracker.AckState `json:"ackState,omitempty"`
}

// Validate checks the request before anything is read.
func (r *Request) Validate() error {
	if !slices.Contains(tracker.ReportKinds(), r.Report) || r.Report == tracker.ReportRemindList {
		return tracker.Errorf(tracker.EINVALID, "出力する帳票は attendance・outstanding・attempts・effectiveness・history・sessions・drills・reminders・acknowledgements のいずれかです。")
	}
	if !r.Format.Tabular() {
		return tracker.Errorf(tracker.EINVALID, "出力形式は xlsx・csv・xapi のいずれかです。")
	}
	if r.Format == tracker.FormatXAPI && (r.Report == tracker.ReportOutstanding || r.Report == tracker.ReportEffectiveness || r.Report == tracker.ReportReminders) {
		return tracker.Errorf(tracker.EINVALID, "xAPI 形式で出力できるのは受講状況一覧・受験記録・受講歴・集合研修・訓練の出席記録・訓練結果です。")
	}
	if r.Report == tracker.ReportAcknowledgements {
		q := tracker.AckQuery{Version: r.Version, UnitID: r.UnitID, State: r.AckState}
		return q.Validate()
	}
	if r.Report == tracker.ReportHistory {
		if strings.TrimSpace(r.StaffNo) == "" {
			return tracker.Errorf(tracker.EINVALID, "受講歴を出力する職員の職員番号を指定してください。")
		}
		return nil
	}
	if !r.FiscalYear.Valid() {
		return tracker.Errorf(tracker.EINVALID, "年度が正しくありません。西暦の4桁（例: 2026）で指定してください。")
	}
	f := r.statusFilter()
	return f.Validate()
}

func (r *Request) statusFilter() tracker.StatusFilter {
	return tracker.StatusFilter{FiscalYear: r.FiscalYear, UnitID: r.UnitID, Role: r.Role, Category: r.Category, State: r.State, Module: r.Module}
}

// Source is what exports are made from.
type Source struct {
	Reports   tracker.ReportService
	Training  tracker.TrainingService
	Drills    tracker.DrillService
	Reminders tracker.ReminderService
	// PlanFor is the plan in force in a fiscal year (tracker.InForce with the 第16条 modules).
	PlanFor func(ctx context.Context, fy tracker.FiscalYear) (*tracker.Plan, error)
	Modules []*tracker.ModuleRef
	// Editions name the policy editions attempts recorded, beside their IDs.
	Editions tracker.Editions
	XAPI     *XAPI
	Now      func() time.Time
	// Amendments and Acks are what the 周知確認状況 is made from; a 改正研修 is named after its version.
	Amendments []*tracker.Amendment
	Acks       tracker.AmendmentService
}

// Produce writes the export to w, then records it as a 持ち出し (tracker.ReportService.RecordExport)
// and returns the record. w must be a staging place (a temporary file or buffer), not where the
// file goes: the record is made only once the content is complete, and the caller lets the file
// out only when Produce succeeds. madeBy names the exporter in the title block.
func (src *Source) Produce(ctx context.Context, req Request, madeBy string, w io.Writer) (*tracker.Export, error) {
	req.Purpose = strings.TrimSpace(req.Purpose)
	if err := req.Validate(); err != nil {
		return nil, err
	}
	now := time.Now
	if src.Now != nil {
		now = src.Now
	}
	meta := Meta{FiscalYear: req.FiscalYear, MadeAt: now(), MadeBy: madeBy, Titles: src.titles(),
		Competencies: map[string]map[string]string{}, Edition: src.Editions.Label}
	for _, m := range src.Modules {
		meta.Competencies[m.Module] = map[string]string{}
		for _, c := range m.Competencies {
			meta.Competencies[m.Module][c.ID] = c.Name
		}
	}
	rec := &tracker.Export{Report: req.Report, Format: req.Format, FiscalYear: req.FiscalYear, Purpose: req.Purpose}
	// The purpose is checked before the work, so a bad one wastes nothing.
	probe := *rec
	probe.Scope, probe.FileSHA256 = "-", strings.Repeat("0", 64)
	if err := probe.Validate(); err != nil {
		return nil, err
	}

	h := sha256.New()
	out := io.MultiWriter(w, h)
	var rows int
	var err error
	switch req.Report {
	case tracker.ReportAttendance, tracker.ReportOutstanding, tracker.ReportAttempts:
		rows, rec.Scope, err = src.overPeople(ctx, req, meta, out)
	case tracker.ReportEffectiveness:
		rec.Scope = "全庁"
		meta.Scope = rec.Scope
		var e *tracker.Effectiveness
		if e, err = src.Reports.Effectiveness(ctx, req.FiscalYear, req.Module); err == nil {
			e.Describe(src.Modules)
			rows, err = write(out, req.Format, Effectiveness(meta, e))
		}
	case tracker.ReportHistory:
		rows, rec.Scope, err = src.history(ctx, req, meta, out)
		rec.FiscalYear = 0
	case tracker.ReportSessions, tracker.ReportDrills, tracker.ReportReminders:
		rows, rec.Scope, err = src.training(ctx, req, meta, out)
	case tracker.ReportAcknowledgements:
		if a := tracker.FindAmendment(src.Amendments, req.Version); a != nil {
			meta.FiscalYear, rec.FiscalYear = a.FiscalYear(), a.FiscalYear()
		}
		rows, rec.Scope, err = src.acknowledgements(ctx, req, meta, out)
	}
	if err != nil {
		return nil, err
	}
	rec.Rows = rows
	rec.FileSHA256 = hex.EncodeToString(h.Sum(nil))
	if err := src.Reports.RecordExport(ctx, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

func (src *Source) overPeople(ctx context.Context, req Request, meta Meta, w io.Writer) (int, string, error) {
	scope, err := src.Reports.ReportScope(ctx, req.UnitID)
	if err != nil {
		return 0, "", err
	}
	meta.Scope = scope + describeFilter(req, meta)
	plan, err := src.PlanFor(ctx, req.FiscalYear)
	if err != nil {
		return 0, "", err
	}
	if req.Report == tracker.ReportAttempts || req.Format == tracker.FormatXAPI {
		each := func(fn func(*tracker.Attempt) error) error {
			return src.Reports.EachAttempt(ctx, tracker.AttemptFilter{FiscalYear: req.FiscalYear, UnitID: req.UnitID, Module: req.Module}, fn)
		}
		if req.Format == tracker.FormatXAPI {
			n, err := src.xapi().Write(w, each)
			return n, meta.Scope, err
		}
		n, err := write(w, req.Format, Attempts(meta, each))
		return n, meta.Scope, err
	}
	f := req.statusFilter()
	each := func(fn func(*tracker.PersonReport) error) error { return src.Reports.EachStatus(ctx, plan, f, fn) }
	var t *Table
	if req.Report == tracker.ReportOutstanding {
		t = Outstanding(meta, plan, each)
	} else {
		t = Attendance(meta, each)
	}
	n, err := write(w, req.Format, t)
	return n, meta.Scope, err
}

func (src *Source) history(ctx context.Context, req Request, meta Meta, w io.Writer) (int, string, error) {
	h, err := src.Reports.FindHistory(ctx, req.StaffNo, func(fy tracker.FiscalYear) (*tracker.Plan, error) { return src.PlanFor(ctx, fy) })
	if err != nil {
		return 0, "", err
	}
	scope := "職員番号 " + h.Person.StaffNo + " " + h.Person.Name
	meta.Scope, meta.FiscalYear = scope, 0
	if req.Format == tracker.FormatXAPI {
		var buf bytes.Buffer
		x := src.xapi()
		n, err := x.Write(&buf, func(fn func(*tracker.Attempt) error) error {
			for i := len(h.Years) - 1; i >= 0; i-- {
				for _, a := range h.Years[i].Attempts {
					if err := fn(a); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return 0, "", err
		}
		var att bytes.Buffer
		m, err := x.WriteAttendance(&att, func(fn func(*tracker.Attendance) error) error {
			for i := len(h.Years) - 1; i >= 0; i-- {
				for _, a := range h.Years[i].Attendance {
					if err := fn(a); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return 0, "", err
		}
		return n + m, "職員番号 " + h.Person.StaffNo, joinArrays(w, buf.Bytes(), att.Bytes())
	}
	n, err := write(w, req.Format, History(meta, h))
	// The record names the person by number only; the file itself carries the name.
	return n, "職員番号 " + h.Person.StaffNo, err
}

func (src *Source) xapi() *XAPI {
	if src.XAPI != nil {
		x := *src.XAPI
		if x.Titles == nil {
			x.Titles = src.titles()
		}
		return &x
	}
	return &XAPI{}
}

// titles names every module, and the 改正研修 of every version.
func (src *Source) titles() map[string]string {
	t := map[string]string{}
	for _, m := range src.Modules {
		t[m.Module] = m.Title
	}
	for _, a := range src.Amendments {
		t[tracker.AmendmentModule(a.Version)] = a.RetrainingTitle()
	}
	return t
}

// describeFilter adds the narrowing filters to the scope's name, so the record says exactly
// which rows left.
func describeFilter(req Request, m Meta) string {
	var parts []string
	if req.Role != "" {
		parts = append(parts, "役割 "+req.Role.Name())
	}
	if req.Category != "" {
		parts = append(parts, "区分 "+string(req.Category))
	}
	if req.State != "" {
		parts = append(parts, "状況 "+req.State.Label())
	}
	if req.Module != "" {
		parts = append(parts, "研修 "+m.title(req.Module))
	}
	if len(parts) == 0 {
		return ""
	}
	return "（" + strings.Join(parts, "・") + "）"
}

func write(w io.Writer, format tracker.ExportFormat, t *Table) (int, error) {
	switch format {
	case tracker.FormatXLSX:
		return WriteXLSX(w, t)
	case tracker.FormatCSV:
		return WriteCSV(w, t)
	}
	return 0, fmt.Errorf("export: format %s is not a table format", format)
}

// ModuleRefs describes the question banks to the reports.
func ModuleRefs(banks []*quiz.Bank) []*tracker.ModuleRef {
	refs := make([]*tracker.ModuleRef, 0, len(banks))
	for _, b := range banks {
		ref := &tracker.ModuleRef{Module: b.Module, Title: b.Title}
		for _, c := range b.Competencies {
			ref.Competencies = append(ref.Competencies, tracker.CompetencyRef{ID: c.ID, Name: c.Name})
		}
		for _, q := range b.Questions {
			ref.Questions = append(ref.Questions, tracker.QuestionRef{ID: q.ID, Competency: q.Competency, Cites: q.Cites, Stem: q.Stem})
		}
		refs = append(refs, ref)
	}
	return refs
}

// ContentType is the media type of a report's export in a format.
func ContentType(kind tracker.ReportKind, f tracker.ExportFormat) string {
	switch {
	case f == tracker.FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case f == tracker.FormatHTML:
		return "text/html; charset=utf-8"
	case f == tracker.FormatPDF:
		return "application/pdf"
	case f == tracker.FormatZIP || Zipped(kind, f):
		return "application/zip"
	case f == tracker.FormatCSV:
		return "text/csv; charset=utf-8"
	}
	return "application/json; charset=utf-8"
}
