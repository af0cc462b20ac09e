package http

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"strconv"

	"isms/tracker"
	"isms/tracker/annual"
	"isms/tracker/evidencepack"
	"isms/tracker/export"
)

// routeAnnual registers the year report (【01】第17条) and the evidence pack under /app/reports/annual.
func (s *Server) routeAnnual(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/reports/annual", s.handleAnnual)
	mux.HandleFunc("GET /app/reports/annual/print", s.handleAnnualPrint)
	mux.HandleFunc("GET /app/reports/annual.css", s.handleAnnualCSS)
	mux.HandleFunc("POST /app/reports/annual/export", s.handleAnnualExport)
	mux.HandleFunc("POST /app/reports/annual/pack", s.handleAnnualPack)
	mux.HandleFunc("POST /app/reports/annual/proposal", s.handleProposalSave)
}

// annualSource is what this server's year reports are made from.
func (s *Server) annualSource() *annual.Source {
	return &annual.Source{Reports: s.ReportService, Plans: s.PlanService, Proposals: s.ProposalService, Modules: export.ModuleRefs(s.Banks), Now: s.Now}
}

type annualView struct {
	Report    *annual.Report
	Body      template.HTML
	Years     []tracker.FiscalYear
	Proposals []*tracker.PlanProposal
	Draft     string // the proposal's text in the form
	Message   string
}

// annualYear reads ?fy= (or the form's fy), the current fiscal year when absent.
func (s *Server) annualYear(r *http.Request) (tracker.FiscalYear, error) {
	v := r.FormValue("fy")
	if v == "" {
		return s.fiscalYear(), nil
	}
	return tracker.ParseFiscalYear(v)
}

func (s *Server) buildAnnual(r *http.Request) (*annual.Report, error) {
	fy, err := s.annualYear(r)
	if err != nil {
		return nil, err
	}
	return s.annualSource().Build(r.Context(), fy, madeBy(r))
}

func (s *Server) handleAnnual(w http.ResponseWriter, r *http.Request) {
	s.renderAnnual(w, r, http.StatusOK, "", "")
}

// renderAnnual shows the report page; a refused proposal comes back with its text and the reason.
func (s *Server) renderAnnual(w http.ResponseWriter, r *http.Request, status int, draft, message string) {
	rep, err := s.buildAnnual(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	body, err := annual.Body(rep)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	proposals, err := s.ProposalService.FindProposals(r.Context(), rep.FiscalYear)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v := &annualView{Report: rep, Body: body, Years: s.fiscalYears(), Proposals: proposals, Draft: draft, Message: message}
	if message == "" && len(proposals) > 0 {
		v.Draft = proposals[0].Text
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
	}
	s.pages.render(w, "annual", s.page(r, rep.FiscalYear.String()+"の年度報告", v))
}

// handleAnnualPrint is the report as the committee's A4 document, for the browser's print.
func (s *Server) handleAnnualPrint(w http.ResponseWriter, r *http.Request) {
	rep, err := s.buildAnnual(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := annual.WriteHTML(&buf, rep, annual.Document{CSSHref: "/app/reports/annual.css"}); err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	buf.WriteTo(w)
}

func (s *Server) handleAnnualCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Write(annual.CSS)
}

// handleAnnualExport sends the report as a document or a workbook, recorded as a 持ち出し first.
func (s *Server) handleAnnualExport(w http.ResponseWriter, r *http.Request) {
	format := tracker.ExportFormat(r.FormValue("format"))
	if format != tracker.FormatHTML && format != tracker.FormatXLSX {
		s.Error(w, r, tracker.Errorf(tracker.EINVALID, "年度報告の出力形式は html・xlsx のいずれかです。"))
		return
	}
	rep, err := s.buildAnnual(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rec := &tracker.Export{Report: tracker.ReportAnnual, Format: format, FiscalYear: rep.FiscalYear, Scope: "全庁", Purpose: r.FormValue("purpose")}
	var buf bytes.Buffer
	if format == tracker.FormatHTML {
		err = annual.WriteHTML(&buf, rep, annual.Document{})
	} else {
		rec.Rows, err = annual.WriteXLSX(&buf, rep)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	sum := sha256.Sum256(buf.Bytes())
	rec.FileSHA256 = hex.EncodeToString(sum[:])
	if err := s.ReportService.RecordExport(r.Context(), rec); err != nil {
		s.Error(w, r, err)
		return
	}
	writeExport(w, rec, &buf)
}

// handleAnnualPack makes the year's evidence pack for the 事務局, in memory (no copy of the
// records is left on the server's disk), recorded as a 持ち出し before it is sent.
func (s *Server) handleAnnualPack(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	fy, err := s.annualYear(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	src := &evidencepack.Source{Evidence: s.EvidenceService, Reports: s.ReportService, Plans: s.PlanService, Annual: s.annualSource(),
		Exports: s.exportSource(r), Now: s.Now}
	var buf bytes.Buffer
	res, err := src.Build(r.Context(), evidencepack.Options{FiscalYear: fy, MadeBy: madeBy(r), Purpose: r.FormValue("purpose"),
		Names: r.FormValue("names") == "yes"}, &buf)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("X-Evidence-Seal", res.Seal.String())
	writeExport(w, res.Record, &buf)
}

func (s *Server) handleProposalSave(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	fy, err := s.annualYear(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	text := r.FormValue("text")
	err = s.ProposalService.SaveProposal(r.Context(), &tracker.PlanProposal{FiscalYear: fy, Text: text})
	switch {
	case tracker.ErrorCode(err) == tracker.EINVALID:
		s.renderAnnual(w, r, http.StatusBadRequest, text, tracker.ErrorMessage(err))
	case err != nil:
		s.Error(w, r, err)
	default:
		http.Redirect(w, r, "/app/reports/annual?fy="+strconv.Itoa(int(fy))+"&done=proposal#s6", http.StatusSeeOther)
	}
}
