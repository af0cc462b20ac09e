package http

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"isms/tracker"
	"isms/tracker/export"
)

// handleReportExport makes an export from a report page's form. The file is made in memory (no
// copy of 重要性分類A records is left in a temporary directory), recorded as a 持ち出し, and only
// then sent.
func (s *Server) handleReportExport(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Error(w, r, tracker.Errorf(tracker.EINVALID, "送信内容を読み取れません。"))
		return
	}
	req, err := exportRequest(r.PostForm)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.sendExport(w, r, req)
}

// apiReportExport is the same for the API, from a JSON body (export.Request).
func (s *Server) apiReportExport(w http.ResponseWriter, r *http.Request) {
	var req export.Request
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	s.sendExport(w, r, req)
}

func (s *Server) sendExport(w http.ResponseWriter, r *http.Request, req export.Request) {
	if req.Format == tracker.FormatXAPI && !session(r).Account.Admin() {
		s.Error(w, r, tracker.Errorf(tracker.EFORBIDDEN, xapiAdminOnly))
		return
	}
	if req.Module != "" && s.bank(req.Module) == nil {
		s.Error(w, r, tracker.Errorf(tracker.EINVALID, "研修モジュール「%s」はありません。", req.Module))
		return
	}
	var buf bytes.Buffer
	rec, err := s.exportSource(r).Produce(r.Context(), req, madeBy(r), &buf)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeExport(w, rec, &buf)
}

// writeExport sends an exported file, already recorded as a 持ち出し, as a download named after
// the report, its year and time, marked with the record's number and classification.
func writeExport(w http.ResponseWriter, rec *tracker.Export, body io.Reader) {
	name, ascii := export.FileName(rec.Report, rec.FiscalYear, rec.Format, rec.At)
	h := w.Header()
	h.Set("Content-Type", export.ContentType(rec.Report, rec.Format))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": ascii})+
		"; filename*=UTF-8''"+url.PathEscape(name))
	if b, ok := body.(*bytes.Buffer); ok {
		h.Set("Content-Length", strconv.Itoa(b.Len()))
	}
	h.Set("X-Export-Id", strconv.FormatInt(rec.ID, 10))
	h.Set("X-Export-Classification", "A")
	io.Copy(w, body)
}

// xapiAdminOnly is the answer to anyone but the 事務局 asking for xAPI: the statements are for
// the 事務局's learning record store, and mean nothing in a 課長's spreadsheet.
const xapiAdminOnly = "xAPI（JSON）形式の出力は、学習記録を他のシステムへ移す情報セキュリティ事務局だけが使えます。Excel（XLSX）か CSV で出力してください。"

// exportFormats are the formats a report page offers its caller: xAPI, where the report has it,
// to the 事務局 only.
func exportFormats(r *http.Request, xapi bool) []tracker.ExportFormat {
	formats := []tracker.ExportFormat{tracker.FormatXLSX, tracker.FormatCSV}
	if xapi && session(r).Account.Admin() {
		formats = append(formats, tracker.FormatXAPI)
	}
	return formats
}

// exportRequest reads the export form.
func exportRequest(form url.Values) (export.Request, error) {
	req := export.Request{
		Report:   tracker.ReportKind(form.Get("report")),
		Format:   tracker.ExportFormat(form.Get("format")),
		Role:     tracker.Role(form.Get("role")),
		Category: tracker.Category(form.Get("category")),
		State:    tracker.PersonState(form.Get("state")),
		Module:   form.Get("module"),
		StaffNo:  strings.TrimSpace(form.Get("staff")),
		Purpose:  form.Get("purpose"),
		Version:  form.Get("version"),
		AckState: tracker.AckState(form.Get("ack_state")),
	}
	if v := form.Get("fy"); v != "" {
		fy, err := tracker.ParseFiscalYear(v)
		if err != nil {
			return req, err
		}
		req.FiscalYear = fy
	}
	if v := form.Get("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return req, tracker.Errorf(tracker.EINVALID, "所属の指定が正しくありません。")
		}
		req.UnitID = id
	}
	return req, nil
}
