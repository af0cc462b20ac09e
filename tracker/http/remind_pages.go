package http

import (
	"bytes"
	"net/http"

	"isms/tracker"
	"isms/tracker/remind"
)

type remindersPage struct {
	FiscalYear tracker.FiscalYear
	Batch      *tracker.ReminderBatch
	NoAddress  []*tracker.Reminder
	Mail       bool // a relay is configured
	Result     *remind.Result
	Recent     []*tracker.ReminderLog
}

// remindOptions reads the fiscal year of a reminder form or query.
func (s *Server) remindOptions(r *http.Request) (remind.Options, error) {
	o := remind.Options{FiscalYear: s.fiscalYear()}
	if v := r.FormValue("fy"); v != "" {
		fy, err := tracker.ParseFiscalYear(v)
		if err != nil {
			return o, err
		}
		o.FiscalYear = fy
	}
	return o, nil
}

func (s *Server) remindersView(r *http.Request, b *tracker.ReminderBatch, res *remind.Result) (*remindersPage, error) {
	recent, err := s.ReminderService.FindReminders(r.Context(), b.FiscalYear, 20)
	if err != nil {
		return nil, err
	}
	return &remindersPage{FiscalYear: b.FiscalYear, Batch: b, NoAddress: b.NoAddress(), Mail: s.Reminders.Mailer != nil, Result: res,
		Recent: recent}, nil
}

// handleReminders previews who would get which reminder; nothing is sent from this page's GET.
func (s *Server) handleReminders(w http.ResponseWriter, r *http.Request) {
	s.reminders(w, r, false)
}

// handleRemindersSend sends the previewed batch, then shows what was done beside the next preview.
func (s *Server) handleRemindersSend(w http.ResponseWriter, r *http.Request) {
	s.reminders(w, r, true)
}

func (s *Server) reminders(w http.ResponseWriter, r *http.Request, send bool) {
	if !s.requireAdminPage(w, r) {
		return
	}
	o, err := s.remindOptions(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var res *remind.Result
	if send {
		if res, err = s.Reminders.Send(r.Context(), o, r.PostFormValue("digest")); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	b, err := s.Reminders.Prepare(r.Context(), o)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v, err := s.remindersView(r, b, res)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "reminders", s.page(r, "未受講者への督促", v))
}

// handleRemindersHandOut gives the previewed batch as a mail-merge file (recorded as a 持ち出し)
// or as printable slips per 課; either way every reminder is recorded as handed out.
func (s *Server) handleRemindersHandOut(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	o, err := s.remindOptions(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	channel := tracker.ChannelSlip
	format := tracker.ExportFormat(r.PostFormValue("format"))
	if format != "" {
		channel = tracker.ChannelCSV
		if !format.Valid() || format == tracker.FormatXAPI {
			s.Error(w, r, tracker.Errorf(tracker.EINVALID, "差し込み用一覧は xlsx か csv で出力します。"))
			return
		}
	}
	b, _, err := s.Reminders.HandOut(r.Context(), o, r.PostFormValue("digest"), channel)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if channel == tracker.ChannelSlip {
		s.pages.render(w, "reminder_slips", s.page(r, "督促の通知票", slipsOf(b, s.Reminders.PortalURL)))
		return
	}
	var buf bytes.Buffer
	rec, err := s.exportSource(r).ProduceRemindList(r.Context(), b, format, r.PostFormValue("purpose"), madeBy(r), &buf)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeExport(w, rec, &buf)
}

// slipSection is one 課's slips: its セキュリティ管理者's list first, then each 未受講者's slip.
type slipSection struct {
	Unit    tracker.Unit
	Manager *tracker.Reminder
	Staff   []*tracker.Reminder
}

type slipsPage struct {
	FiscalYear tracker.FiscalYear
	Sections   []*slipSection
	LoginURL   string
}

func slipsOf(b *tracker.ReminderBatch, portal string) slipsPage {
	v := slipsPage{FiscalYear: b.FiscalYear, LoginURL: portal + "/app/login"}
	by := map[tracker.Unit]*slipSection{}
	section := func(u tracker.Unit) *slipSection {
		if sec := by[u]; sec != nil {
			return sec
		}
		sec := &slipSection{Unit: u}
		by[u] = sec
		v.Sections = append(v.Sections, sec)
		return sec
	}
	for _, r := range b.Staff {
		sec := section(r.Person.Unit)
		sec.Staff = append(sec.Staff, r)
	}
	for _, m := range b.Managers {
		section(m.Person.Unit).Manager = m
	}
	return v
}

func (s *Server) apiRemindersPreview(w http.ResponseWriter, r *http.Request) {
	if err := requireAdminAPI(r); err != nil {
		s.Error(w, r, err)
		return
	}
	o, err := s.remindOptions(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b, err := s.Reminders.Prepare(r.Context(), o)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	type row struct {
		Kind, StaffNo, Name, To, Subject string
		Deadline                         tracker.Date `json:",omitzero"`
	}
	var rows []row
	for _, m := range b.All() {
		rows = append(rows, row{m.Kind, m.Person.StaffNo, m.Person.Name, m.To, m.Subject, m.Deadline})
	}
	writeJSON(w, http.StatusOK, map[string]any{"fiscalYear": b.FiscalYear, "digest": b.Digest, "staff": len(b.Staff),
		"managers": len(b.Managers), "noAddress": len(b.NoAddress()), "reminders": rows})
}

// requireAdminAPI refuses anyone but a 事務局 account.
func requireAdminAPI(r *http.Request) error {
	if s := session(r); s != nil && s.Account.Admin() {
		return nil
	}
	return tracker.Errorf(tracker.EFORBIDDEN, "この操作は情報セキュリティ事務局の管理者IDだけが行えます。")
}
