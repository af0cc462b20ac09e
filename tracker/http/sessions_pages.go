package http

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"isms/quiz"
	"isms/tracker"
	"isms/tracker/export"
	"isms/tracker/roster"
)

type sessionsPage struct {
	FiscalYear tracker.FiscalYear
	Sessions   []*tracker.TrainingSession
	Kinds      []tracker.SessionKind
	Modules    []*quiz.Bank
	Units      []*tracker.Unit
	Form       *tracker.TrainingSession // values to put back after an error
	Message    string
}

// mayFollowSessions allows the 事務局 and those who manage people (who confirm attendance).
func (s *Server) mayFollowSessions(r *http.Request) error {
	if !tracker.PrincipalFrom(r.Context()).Scope().Manages() {
		return tracker.Errorf(tracker.EFORBIDDEN, "集合研修・訓練の記録は、情報セキュリティ事務局とセキュリティ管理者が扱います。")
	}
	return nil
}

func (s *Server) sessionsView(r *http.Request, form *tracker.TrainingSession, message string) (*sessionsPage, error) {
	fy, err := s.fiscalYearParam(r)
	if err != nil {
		return nil, err
	}
	sessions, err := s.TrainingService.FindSessions(r.Context(), fy)
	if err != nil {
		return nil, err
	}
	v := &sessionsPage{FiscalYear: fy, Sessions: sessions, Kinds: tracker.SessionKinds(), Modules: s.Banks, Form: form, Message: message}
	if session(r).Account.Admin() {
		if v.Units, err = s.PersonService.FindUnits(r.Context()); err != nil {
			return nil, err
		}
	}
	if v.Form == nil {
		v.Form = &tracker.TrainingSession{Kind: tracker.KindClassroom}
	}
	return v, nil
}

// handleSessions lists a year's 集合研修・訓練; the 事務局 records new ones here.
func (s *Server) handleSessions(w http.ResponseWriter, r *http.Request) {
	if err := s.mayFollowSessions(r); err != nil {
		s.Error(w, r, err)
		return
	}
	v, err := s.sessionsView(r, nil, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "sessions", s.page(r, "集合研修・訓練", v))
}

// sessionFromForm reads the form of a new session.
func sessionFromForm(r *http.Request) (*tracker.TrainingSession, []string) {
	ts := &tracker.TrainingSession{Kind: tracker.SessionKind(r.PostFormValue("kind")), Title: r.PostFormValue("title"),
		Place: r.PostFormValue("place"), Note: r.PostFormValue("note"), Modules: r.PostForm["modules"]}
	var problems []string
	for _, f := range []struct {
		name, label string
		dst         *tracker.Date
	}{{"start", "実施日", &ts.Start}, {"end", "終了日", &ts.End}} {
		v := strings.TrimSpace(r.PostFormValue(f.name))
		if v == "" {
			continue
		}
		d, err := tracker.ParseDate(v)
		if err != nil {
			problems = append(problems, f.label+"を 2026-07-10 の形で入力してください。")
			continue
		}
		*f.dst = d
	}
	for _, role := range r.PostForm["roles"] {
		ts.Roles = append(ts.Roles, tracker.Role(role))
	}
	for _, u := range r.PostForm["units"] {
		id, err := strconv.ParseInt(u, 10, 64)
		if err != nil {
			problems = append(problems, "対象の所属の指定が正しくありません。")
			continue
		}
		ts.UnitIDs = append(ts.UnitIDs, id)
	}
	return ts, problems
}

func (s *Server) handleSessionCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	ts, problems := sessionFromForm(r)
	var err error
	if len(problems) > 0 {
		// Every problem at once: the form's dates and the session's own checks.
		if verr := ts.Validate(func(m string) bool { return s.bank(m) != nil }); verr != nil {
			for _, p := range strings.Split(tracker.ErrorMessage(verr), "\n") {
				if !strings.HasPrefix(p, "実施日を入力") {
					problems = append(problems, p)
				}
			}
		}
		err = &tracker.Error{Code: tracker.EINVALID, Message: strings.Join(problems, "\n")}
	} else {
		err = s.TrainingService.CreateSession(r.Context(), ts)
	}
	if err != nil {
		if tracker.ErrorCode(err) != tracker.EINVALID {
			s.Error(w, r, err)
			return
		}
		v, verr := s.sessionsView(r, ts, tracker.ErrorMessage(err))
		if verr != nil {
			s.Error(w, r, verr)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		s.pages.render(w, "sessions", s.page(r, "集合研修・訓練", v))
		return
	}
	http.Redirect(w, r, "/app/sessions/"+strconv.FormatInt(ts.ID, 10)+"/?done=session", http.StatusSeeOther)
}

type sessionPage struct {
	Session    *tracker.TrainingSession
	Attendance []*tracker.Attendance
	Credits    []creditLine
	// Tick lists people to tick as attending: the 事務局's choice of unit, or a manager's own 課.
	Tick     []*tracker.Person
	Attended map[int64]bool
	Units    []*tracker.Unit
	UnitID   int64
	Manager  bool // the caller confirms for their own 課
	Drill    *tracker.DrillReport
	Message  string
	Preview  *tracker.AttendancePreview
	DrillPV  *tracker.DrillPreview
	Pending  string
	Method   string
}

// creditLine is what the plan in force says of one module the session covers.
type creditLine struct {
	Module string
	Roles  []tracker.Role
}

func (s *Server) sessionView(r *http.Request) (*sessionPage, error) {
	if err := s.mayFollowSessions(r); err != nil {
		return nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "この集合研修・訓練は見つかりません。")
	}
	ctx := r.Context()
	ts, err := s.TrainingService.FindSession(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &sessionPage{Session: ts, Attended: map[int64]bool{}}
	if v.Attendance, err = s.TrainingService.FindAttendance(ctx, id, 0); err != nil {
		return nil, err
	}
	for _, a := range v.Attendance {
		v.Attended[a.PersonID] = true
	}
	plan, _, err := s.PlanService.PlanInForce(ctx, ts.FiscalYear)
	if err != nil {
		return nil, err
	}
	for _, m := range ts.Modules {
		line := creditLine{Module: m}
		for _, role := range tracker.Roles() {
			if plan.Counts(ts.ID, m, role) {
				line.Roles = append(line.Roles, role)
			}
		}
		v.Credits = append(v.Credits, line)
	}
	p := tracker.PrincipalFrom(ctx)
	if p.Account.Admin() {
		if v.Units, err = s.PersonService.FindUnits(ctx); err != nil {
			return nil, err
		}
		if u := r.URL.Query().Get("unit"); u != "" {
			if v.UnitID, err = strconv.ParseInt(u, 10, 64); err != nil {
				return nil, tracker.Errorf(tracker.EINVALID, "所属の指定が正しくありません。")
			}
		}
	} else if p.Person != nil && p.Person.Role == tracker.RoleManager && p.Scope().Unit != nil {
		v.Manager, v.UnitID = true, p.Scope().Unit.SectionID
	}
	if v.UnitID != 0 {
		if v.Tick, _, err = s.PersonService.FindPeople(ctx, tracker.PersonFilter{UnitID: v.UnitID, Status: tracker.StatusActive}); err != nil {
			return nil, err
		}
	}
	if ts.Kind == tracker.KindDrill {
		if v.Drill, err = s.DrillService.DrillReport(ctx, ts.ID, ts.FiscalYear); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *Server) handleSession(w http.ResponseWriter, r *http.Request) {
	v, err := s.sessionView(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "session", s.page(r, v.Session.Title, v))
}

// attendanceList reads what the form names: a file of 職員番号 (the 事務局), or ticked people.
func (s *Server) attendanceList(r *http.Request) (*tracker.StaffList, string, error) {
	admin := session(r).Account.Admin()
	if data, name, ok, err := uploadedFile(r); ok {
		if err != nil {
			return nil, "", tracker.Errorf(tracker.EINVALID, "出席者ファイルを読み込めません。")
		}
		l, err := roster.ParseStaffList(name, data)
		return l, tracker.AttendanceCSV, err
	}
	ticked := r.PostForm["staff"]
	if len(ticked) == 0 {
		return nil, "", tracker.Errorf(tracker.EINVALID, "出席した職員を選ぶか、出席者ファイル（CSV）を選んでください。")
	}
	method := tracker.AttendancePage
	if !admin {
		method = tracker.AttendanceManager
	}
	return &tracker.StaffList{StaffNos: ticked}, method, nil
}

func (s *Server) handleAttendancePreview(w http.ResponseWriter, r *http.Request) {
	v, err := s.sessionView(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	list, method, err := s.attendanceList(r)
	if err == nil {
		v.Preview, err = s.TrainingService.PreviewAttendance(r.Context(), v.Session.ID, list, method)
	}
	if err != nil {
		s.sessionProblem(w, r, v, err)
		return
	}
	v.Pending, v.Method = s.pendingLists.put(session(r).Account.ID, list), method
	s.pages.render(w, "attendance_preview", s.page(r, v.Session.Title+"（出席の確認）", v))
}

// sessionProblem shows the session's page again with the problem on top; nothing was recorded.
func (s *Server) sessionProblem(w http.ResponseWriter, r *http.Request, v *sessionPage, err error) {
	if tracker.ErrorCode(err) != tracker.EINVALID {
		s.Error(w, r, err)
		return
	}
	v.Message = tracker.ErrorMessage(err)
	w.WriteHeader(http.StatusBadRequest)
	s.pages.render(w, "session", s.page(r, v.Session.Title, v))
}

func (s *Server) handleAttendanceApply(w http.ResponseWriter, r *http.Request) {
	v, err := s.sessionView(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	id := r.PostFormValue("pending")
	list, ok := s.pendingLists.get(session(r).Account.ID, id)
	if !ok {
		s.Error(w, r, errPendingGone("記録済み", "新しい出席者を指定した", "もう一度出席者を指定してください。"))
		return
	}
	method := r.PostFormValue("method")
	if _, err := s.TrainingService.RecordAttendance(r.Context(), v.Session.ID, list, method, r.PostFormValue("digest")); err != nil {
		s.Error(w, r, err)
		return
	}
	s.pendingLists.drop(id)
	http.Redirect(w, r, "/app/sessions/"+strconv.FormatInt(v.Session.ID, 10)+"/?done=attendance", http.StatusSeeOther)
}

// sessionFor reports whether a person is among the roles and units a session is for (templates).
func sessionFor(ts *tracker.TrainingSession, p *tracker.Person) bool { return ts.For(p) }

// hasRole reports whether roles include r (templates).
func hasRole(roles []tracker.Role, r tracker.Role) bool { return slices.Contains(roles, r) }

func init() {
	funcs["sessionFor"] = sessionFor
	funcs["hasRole"] = hasRole
	funcs["percent"] = func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }
	funcs["attendanceMethod"] = tracker.AttendanceMethodName
	funcs["reminderChannel"] = export.ReminderChannelName
	funcs["reminderOutcome"] = export.ReminderOutcomeName
	notices["session"] = "集合研修・訓練を記録しました。出席者や訓練結果を記録できます。"
	notices["attendance"] = "出席を記録しました。"
	notices["drill"] = "訓練結果を記録しました。"
}
