package http

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"isms/quiz"
	"isms/tracker"
	"isms/tracker/roster"
)

// requireAdminPage answers 403 to anyone but a 事務局 account.
func (s *Server) requireAdminPage(w http.ResponseWriter, r *http.Request) bool {
	if session(r).Account.Admin() {
		return true
	}
	s.Error(w, r, tracker.Errorf(tracker.EFORBIDDEN, "この画面は情報セキュリティ事務局の管理者IDだけが使えます。"))
	return false
}

type adminPage struct {
	Plan     *tracker.Plan
	Recorded *tracker.Plan
	Active   int
	Left     int
}

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	ctx := r.Context()
	plan, recorded, err := s.planInForce(ctx, s.fiscalYear())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	_, active, err := s.Services.FindPeople(ctx, tracker.PersonFilter{Status: tracker.StatusActive, Limit: 1})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	_, left, _ := s.Services.FindPeople(ctx, tracker.PersonFilter{Status: tracker.StatusLeft, Limit: 1})
	s.pages.render(w, "admin", s.page(r, "情報セキュリティ事務局", adminPage{Plan: plan, Recorded: recorded, Active: active, Left: left}))
}

// pendingRosters keeps uploaded rosters between preview and apply, for one account each, for a
// short while; the upload is not stored anywhere else until applied.
type pendingRosters struct {
	mu      sync.Mutex
	entries map[string]*pendingRoster
}

type pendingRoster struct {
	account int64
	roster  *tracker.Roster
	created time.Time
}

const pendingTTL = 30 * time.Minute

func newPendingRosters() *pendingRosters {
	return &pendingRosters{entries: map[string]*pendingRoster{}}
}

func (p *pendingRosters) put(account int64, r *tracker.Roster) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, e := range p.entries {
		if time.Since(e.created) > pendingTTL || e.account == account {
			delete(p.entries, id)
		}
	}
	id := randomString()
	p.entries[id] = &pendingRoster{account: account, roster: r, created: time.Now()}
	return id
}

func (p *pendingRosters) take(account int64, id string) *tracker.Roster {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.entries[id]
	if e == nil || e.account != account || time.Since(e.created) > pendingTTL {
		return nil
	}
	delete(p.entries, id)
	return e.roster
}

type rosterPage struct {
	Columns []string
	Roles   []rolePositions
	Message string
	Roster  *tracker.Roster
	Diff    *tracker.RosterDiff
	Pending string
	Result  *tracker.RosterResult
}

type rolePositions struct {
	Role      tracker.Role
	Positions []string
}

func (s *Server) rosterPage(message string) rosterPage {
	var rp []rolePositions
	for _, role := range tracker.Roles() {
		var ps []string
		for _, pos := range s.Roster.Roles.Positions() {
			if s.Roster.Roles[pos] == role {
				ps = append(ps, pos)
			}
		}
		rp = append(rp, rolePositions{Role: role, Positions: ps})
	}
	return rosterPage{Columns: roster.Columns, Roles: rp, Message: message}
}

func (s *Server) handleRosterPage(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	s.pages.render(w, "roster", s.page(r, "職員名簿の取り込み", s.rosterPage("")))
}

// handleRosterPreview parses the uploaded file and shows who is added, changed and leaving;
// nothing is applied yet.
func (s *Server) handleRosterPreview(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	fail := func(err error) {
		if tracker.ErrorCode(err) != tracker.EINVALID {
			s.Error(w, r, err)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		s.pages.render(w, "roster", s.page(r, "職員名簿の取り込み", s.rosterPage(tracker.ErrorMessage(err))))
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		fail(tracker.Errorf(tracker.EINVALID, "名簿ファイル（CSV）を選んでください。"))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, roster.MaxFileBytes+1))
	if err != nil {
		fail(tracker.Errorf(tracker.EINVALID, "名簿ファイルを読み込めません。"))
		return
	}
	ros, err := s.Roster.Parse(hdr.Filename, data)
	if err != nil {
		fail(err)
		return
	}
	diff, err := s.Services.PreviewRoster(r.Context(), ros)
	if err != nil {
		fail(err)
		return
	}
	v := s.rosterPage("")
	v.Roster, v.Diff, v.Pending = ros, diff, s.pending.put(session(r).Account.ID, ros)
	s.pages.render(w, "roster_preview", s.page(r, "職員名簿の取り込み（確認）", v))
}

func (s *Server) handleRosterApply(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	ros := s.pending.take(session(r).Account.ID, r.PostFormValue("pending"))
	if ros == nil {
		s.Error(w, r, tracker.Errorf(tracker.ECONFLICT, "確認画面の有効期限（30分）が切れたか、すでに取り込み済みです。もう一度ファイルを選んでプレビューしてください。"))
		return
	}
	res, err := s.Services.ApplyRoster(r.Context(), ros, r.PostFormValue("digest"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v := s.rosterPage("")
	v.Roster, v.Result = ros, res
	s.pages.render(w, "roster_result", s.page(r, "職員名簿を取り込みました", v))
}

type plansPage struct {
	Plans   []*tracker.Plan
	Current tracker.FiscalYear
}

func (s *Server) handlePlans(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	plans, err := s.Services.FindPlans(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "plans", s.page(r, "年度教育計画", plansPage{Plans: plans, Current: s.fiscalYear()}))
}

type planPage struct {
	Plan    *tracker.Plan
	Modules []*quiz.Bank
	New     bool
	Message string
}

func (s *Server) handlePlanPage(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	fy, err := tracker.ParseFiscalYear(r.PathValue("fy"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p, err := s.Services.FindPlan(r.Context(), fy)
	isNew := tracker.ErrorCode(err) == tracker.ENOTFOUND
	if isNew {
		p, err = tracker.DefaultPlan(fy, required), nil
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "plan", s.page(r, fy.String()+"の年度教育計画", planPage{Plan: p, Modules: s.Banks, New: isNew}))
}

// planFromForm reads the plan form. Dates that do not parse are reported together with the
// plan's own checks.
func planFromForm(r *http.Request, fy tracker.FiscalYear) (*tracker.Plan, error) {
	p := &tracker.Plan{FiscalYear: fy, Modules: map[tracker.Role][]string{},
		Approver: strings.TrimSpace(r.PostFormValue("approver")), Note: strings.TrimSpace(r.PostFormValue("note"))}
	var problems []string
	for _, f := range []struct {
		name, label string
		dst         *tracker.Date
		optional    bool
	}{{"start", "実施期間の開始日", &p.Start, false}, {"end", "実施期間の終了日", &p.End, false},
		{"deadline", "受講期限", &p.Deadline, false}, {"approved_on", "承認日", &p.ApprovedOn, true}} {
		v := strings.TrimSpace(r.PostFormValue(f.name))
		if v == "" && f.optional {
			continue
		}
		d, err := tracker.ParseDate(v)
		if err != nil {
			problems = append(problems, f.label+"を 2026-04-01 の形で入力してください。")
			continue
		}
		*f.dst = d
	}
	for _, role := range tracker.Roles() {
		p.Modules[role] = r.PostForm["modules."+string(role)]
	}
	if len(problems) > 0 {
		return p, &tracker.Error{Code: tracker.EINVALID, Message: strings.Join(problems, "\n")}
	}
	return p, nil
}

func (s *Server) handlePlanSave(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	fy, err := tracker.ParseFiscalYear(r.PathValue("fy"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p, err := planFromForm(r, fy)
	if err == nil {
		err = s.Services.SavePlan(r.Context(), p)
		s.forgetPlans()
	}
	if err != nil {
		if tracker.ErrorCode(err) != tracker.EINVALID {
			s.Error(w, r, err)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		s.pages.render(w, "plan", s.page(r, fy.String()+"の年度教育計画", planPage{Plan: p, Modules: s.Banks, Message: tracker.ErrorMessage(err)}))
		return
	}
	http.Redirect(w, r, "/app/admin/plans/?done=plan", http.StatusSeeOther)
}

type peoplePage struct {
	Query    string
	Status   string
	People   []*tracker.Person
	Total    int
	Issued   *tracker.TempPassword
	Accounts []*tracker.Account
}

func (s *Server) handleAdminPeople(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	s.renderPeople(w, r, nil)
}

func (s *Server) renderPeople(w http.ResponseWriter, r *http.Request, issued *tracker.TempPassword) {
	q, st := r.URL.Query().Get("q"), r.URL.Query().Get("status")
	if r.Method == http.MethodPost {
		q, st = r.PostFormValue("q"), r.PostFormValue("status")
	}
	f := tracker.PersonFilter{Query: q, Status: tracker.Status(st), Limit: 200}
	people, total, err := s.Services.FindPeople(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	accounts, err := s.Services.FindAccounts(r.Context(), tracker.KindAdmin)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "people", s.page(r, "職員と管理者ID", peoplePage{Query: q, Status: st, People: people, Total: total,
		Issued: issued, Accounts: accounts}))
}

// handlePasswordReset issues a temporary password and shows it once on the resulting page.
func (s *Server) handlePasswordReset(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	temp, err := s.Services.ResetPassword(r.Context(), r.PathValue("no"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderPeople(w, r, temp)
}

type auditPage struct {
	Filter   tracker.AuditFilter
	Events   []*tracker.AuditEvent
	Total    int
	Page     int
	Pages    int
	Verified *tracker.AuditVerification
	Actions  []string
}

var auditActions = []string{tracker.ActionSignIn, tracker.ActionSignInTrusted, tracker.ActionSignOut, tracker.ActionLockout,
	tracker.ActionPasswordChange, tracker.ActionPasswordReset, tracker.ActionAdminCreate, tracker.ActionRosterImport,
	tracker.ActionPlanSave, tracker.ActionAttemptSubmit, tracker.ActionSurveySubmit, tracker.ActionAccessDenied,
	tracker.ActionBackup, tracker.ActionExport, tracker.ActionAuditView}

const auditPageSize = 100

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	f := tracker.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Outcome: q.Get("outcome"),
		Limit: auditPageSize, Offset: (page - 1) * auditPageSize}
	events, total, err := s.Services.FindEvents(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v := auditPage{Filter: f, Events: events, Total: total, Page: page, Pages: (total + auditPageSize - 1) / auditPageSize, Actions: auditActions}
	if q.Get("verify") == "1" {
		if v.Verified, err = s.Services.VerifyChain(r.Context()); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	// Reading the log is itself logged: who looked at whose sign-ins is part of the record.
	s.Services.RecordEvent(r.Context(), &tracker.AuditEvent{Action: tracker.ActionAuditView, Outcome: tracker.OutcomeSuccess,
		Detail: "filter actor=" + f.Actor + " action=" + f.Action + " outcome=" + f.Outcome})
	s.pages.render(w, "audit", s.page(r, "監査ログ", v))
}
