package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"isms/tracker"
	"isms/tracker/roster"
	"isms/tracker/sqlite"
)

func classroom(t *testing.T, db *sqlite.DB, title string, roles []tracker.Role, modules ...string) *tracker.TrainingSession {
	t.Helper()
	s := &tracker.TrainingSession{Kind: tracker.KindClassroom, Title: title, Start: date("2026-07-10"), Place: "本庁舎8階会議室",
		Roles: roles, Modules: modules}
	if err := db.CreateSession(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}

func attend(t *testing.T, ctx context.Context, db *sqlite.DB, sessionID int64, method string, nos ...string) []*tracker.Attendance {
	t.Helper()
	l := &tracker.StaffList{StaffNos: nos, Digest: "ticks"}
	pv, err := db.PreviewAttendance(ctx, sessionID, l, method)
	if err != nil {
		t.Fatal(err)
	}
	out, err := db.RecordAttendance(ctx, sessionID, l, method, pv.Digest)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrInvalid", func(t *testing.T) {
		db, _ := openDB(t)
		err := db.CreateSession(ctx, &tracker.TrainingSession{Kind: "セミナー", Start: date("2026-07-10"), End: date("2026-07-01"),
			Roles: []tracker.Role{"boss"}})
		wantCode(t, err, tracker.EINVALID)
		for _, want := range []string{"種類は", "名称を入力", "終了日が実施日より前", "役割「boss」"} {
			if !strings.Contains(tracker.ErrorMessage(err), want) {
				t.Errorf("got %q, want it to say %q", tracker.ErrorMessage(err), want)
			}
		}
	})
	t.Run("ErrForbiddenForStaff", func(t *testing.T) {
		db, _ := openDB(t)
		_, pw := importRoster(t, db, baseRoster)
		err := db.CreateSession(signIn(t, db, "1001", pw["1001"]), &tracker.TrainingSession{Kind: tracker.KindClassroom, Title: "x", Start: date("2026-07-10")})
		wantCode(t, err, tracker.EFORBIDDEN)
	})
}

func TestAttendance(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrEveryBadNumberNothingRecorded", func(t *testing.T) {
		db, _ := openDB(t)
		importRoster(t, db, baseRoster)
		s := classroom(t, db, "課長研修", []tracker.Role{tracker.RoleManager}, "manager")
		_, err := db.PreviewAttendance(ctx, s.ID, &tracker.StaffList{StaffNos: []string{"1002", "9999", "1004", "1002", "8888"}, Rows: []int{2, 3, 4, 5, 6}},
			tracker.AttendanceCSV)
		wantCode(t, err, tracker.EINVALID)
		for _, want := range []string{"3行目: 職員番号「9999」は名簿にありません", "5行目: 職員番号「1002」が2行目と重複", "6行目: 職員番号「8888」"} {
			if !strings.Contains(tracker.ErrorMessage(err), want) {
				t.Errorf("got %q, want %q", tracker.ErrorMessage(err), want)
			}
		}
		if got, _ := db.FindAttendance(ctx, s.ID, 0); len(got) != 0 {
			t.Fatalf("got %d attendances recorded, want none", len(got))
		}
	})
	t.Run("ErrStaleDigest", func(t *testing.T) {
		db, _ := openDB(t)
		importRoster(t, db, baseRoster)
		s := classroom(t, db, "課長研修", nil, "manager")
		_, err := db.RecordAttendance(ctx, s.ID, &tracker.StaffList{StaffNos: []string{"1002"}}, tracker.AttendanceCSV, "forged")
		wantCode(t, err, tracker.ECONFLICT)
	})
	t.Run("ManagerConfirmsOwnSection", func(t *testing.T) {
		db, _ := openDB(t)
		_, pw := importRoster(t, db, baseRoster)
		s := classroom(t, db, "全職員研修", nil, "general")
		mgr := signIn(t, db, "1002", pw["1002"]) // 課長 of 情報企画課: 1001 and 1002
		got := attend(t, mgr, db, s.ID, tracker.AttendanceManager, "1001")
		if len(got) != 1 || got[0].RecordedBy != "1002" || got[0].Method != tracker.AttendanceManager {
			t.Fatalf("got %+v", got)
		}
		_, err := db.PreviewAttendance(mgr, s.ID, &tracker.StaffList{StaffNos: []string{"1003"}}, tracker.AttendanceManager)
		if wantCode(t, err, tracker.EINVALID); !strings.Contains(tracker.ErrorMessage(err), "所属の職員ではありません") {
			t.Fatalf("got %q", tracker.ErrorMessage(err))
		}
		_, err = db.PreviewAttendance(mgr, s.ID, &tracker.StaffList{StaffNos: []string{"1001"}}, tracker.AttendanceCSV)
		wantCode(t, err, tracker.EFORBIDDEN)
		staff := signIn(t, db, "1001", pw["1001"])
		_, err = db.PreviewAttendance(staff, s.ID, &tracker.StaffList{StaffNos: []string{"1001"}}, tracker.AttendanceManager)
		wantCode(t, err, tracker.EFORBIDDEN)
		// Scoped reads: the other 課長 sees none of it, the person their own, an unknown person 404.
		other := signIn(t, db, "1004", pw["1004"])
		if got, err := db.FindAttendance(other, s.ID, 0); err != nil || len(got) != 0 {
			t.Fatalf("another section's manager: got %d, %v", len(got), err)
		}
		if got, err := db.FindAttendance(staff, 0, got[0].PersonID); err != nil || len(got) != 1 {
			t.Fatalf("own: got %d, %v", len(got), err)
		}
		p3, _ := db.FindPersonByStaffNo(ctx, "1003")
		_, err = db.FindAttendance(staff, 0, p3.ID)
		wantCode(t, err, tracker.ENOTFOUND)
	})
	t.Run("AlreadyRecordedLeftAsItIs", func(t *testing.T) {
		db, _ := openDB(t)
		importRoster(t, db, baseRoster)
		s := classroom(t, db, "課長研修", []tracker.Role{tracker.RoleManager}, "manager")
		attend(t, ctx, db, s.ID, tracker.AttendancePage, "1002")
		pv, err := db.PreviewAttendance(ctx, s.ID, &tracker.StaffList{StaffNos: []string{"1002", "1004", "1001"}}, tracker.AttendancePage)
		if err != nil {
			t.Fatal(err)
		}
		if len(pv.Already) != 1 || len(pv.Add) != 2 || len(pv.NotFor) != 1 || pv.NotFor[0].StaffNo != "1001" {
			t.Fatalf("got already %d, add %d, not for %v", len(pv.Already), len(pv.Add), pv.NotFor)
		}
	})
}

// TestCredits: a module is passed by its quiz or by attending a session the plan credits for the
// attendee's role; pages, the dashboard cache and the 受講歴 agree.
func TestCredits(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	importRoster(t, db, baseRoster)
	s := classroom(t, db, "課長研修", []tracker.Role{tracker.RoleManager}, "manager")
	plan := validPlan()
	plan.ApprovedOn, plan.Approver = date("2026-04-20"), "情報セキュリティ委員会"
	if err := db.SavePlan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	attend(t, ctx, db, s.ID, tracker.AttendanceCSV, "1002", "1001")
	p2, _ := db.FindPersonByStaffNo(ctx, "1002")
	passedManager := func(t *testing.T, plan *tracker.Plan) bool {
		t.Helper()
		res, err := db.FindResults(ctx, plan, 0, p2.ID)
		if err != nil {
			t.Fatal(err)
		}
		st := tracker.StatusOf(plan, p2, res[p2.ID])
		return st.Modules[1].State == tracker.StatePassed
	}
	t.Run("NotCreditedNotPassed", func(t *testing.T) {
		if passedManager(t, plan) {
			t.Fatal("attendance counted without the plan's credit")
		}
	})
	plan.Credits = []tracker.SessionCredit{{Session: s.ID, Module: "manager", Roles: []tracker.Role{tracker.RoleManager}}}
	if err := db.SavePlan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	inForce, _, _ := db.PlanInForce(ctx, 2026)
	t.Run("Credited", func(t *testing.T) {
		if !passedManager(t, inForce) {
			t.Fatal("credited attendance does not pass the module")
		}
	})
	t.Run("DashboardAndLists", func(t *testing.T) {
		d, err := db.Dashboard(ctx, inForce, 0)
		if err != nil {
			t.Fatal(err)
		}
		var mgr tracker.ModuleCounts
		for _, m := range d.Modules {
			if m.Module == "manager" {
				mgr = m
			}
		}
		if mgr.Passed != 1 {
			t.Fatalf("dashboard: manager module passed by %d, want 1 (the 課長 who attended)", mgr.Passed)
		}
		rs, _, err := db.FindStatuses(ctx, inForce, tracker.StatusFilter{FiscalYear: 2026, Module: "manager"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if got := r.Modules[1].State == tracker.StatePassed; got != (r.Person.StaffNo == "1002") {
				t.Errorf("%s: manager passed %v", r.Person.StaffNo, got)
			}
		}
		h, err := db.FindHistory(ctx, "1002", func(tracker.FiscalYear) (*tracker.Plan, error) { return inForce, nil })
		if err != nil || len(h.Years[0].Attendance) != 1 || h.Years[0].Report.Modules[1].State != tracker.StatePassed {
			t.Fatalf("history: %+v, %v", h.Years[0], err)
		}
	})
	t.Run("ErrCreditOfOtherModule", func(t *testing.T) {
		bad := *plan
		bad.Credits = []tracker.SessionCredit{{Session: s.ID, Module: "executive", Roles: []tracker.Role{tracker.RoleExecutive}}}
		err := db.SavePlan(ctx, &bad)
		if wantCode(t, err, tracker.EINVALID); !strings.Contains(tracker.ErrorMessage(err), "扱っていません") {
			t.Fatalf("got %q", tracker.ErrorMessage(err))
		}
	})
	t.Run("VerifyChain", func(t *testing.T) {
		if v, err := db.VerifyChain(ctx); err != nil || !v.OK() {
			t.Fatalf("got %+v, %v", v, err)
		}
	})
}

// TestJoinedAndRoleChanged: the first roster loads the staff; people added later joined then; a
// changed role is dated, and Plan.DeadlineFor gives relative deadlines from them.
func TestJoinedAndRoleChanged(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	importRoster(t, db, baseRoster)
	if p, _ := db.FindPersonByStaffNo(ctx, "1001"); !p.JoinedAt.IsZero() {
		t.Fatalf("the first import's people joined at %v, want zero", p.JoinedAt)
	}
	c.Add(130 * 24 * time.Hour) // 9 October 2026
	importRoster(t, db, strings.Replace(baseRoster, "1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事",
		"1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,課長", 1)+"1007,渡辺 五郎,ワタナベ ゴロウ,市民局,市民部,市民課,主事,職員,,\n")
	plan := validPlan()
	plan.JoinerDays, plan.RoleChangeDays = 30, 60
	joiner, _ := db.FindPersonByStaffNo(ctx, "1007")
	promoted, _ := db.FindPersonByStaffNo(ctx, "1001")
	for _, tt := range []struct {
		name   string
		p      *tracker.Person
		module string
		want   string
	}{
		{"NewHire", joiner, "general", "2026-11-08"},
		{"PromotedAddedModule", promoted, "manager", "2026-12-08"},
		{"PromotedKeptModule", promoted, "general", "2027-01-31"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.DeadlineFor(tt.p, tt.module).String(); got != tt.want {
				t.Fatalf("got %s, want %s (joined %v, role changed %v from %q)", got, tt.want, tt.p.JoinedAt, tt.p.RoleChangedAt, tt.p.RoleBefore)
			}
		})
	}
	t.Run("PlanWithoutRelativeDays", func(t *testing.T) {
		if got := validPlan().DeadlineFor(joiner, "general").String(); got != "2027-01-31" {
			t.Fatalf("got %s", got)
		}
	})
}

const gophishCSV = "id,status,ip,latitude,longitude,send_date,reported,modified_date,email,first_name,last_name,position\n" +
	"a1,Clicked Link,192.0.2.1,0,0,2026-09-01T10:00:00Z,false,2026-09-01T10:05:00Z,yamada@city.example.jp,太郎,山田,\n" +
	"a2,Email Opened,192.0.2.2,0,0,2026-09-01T10:00:00Z,true,2026-09-01T10:06:00Z,SATO@city.example.jp,花子,佐藤,\n" +
	"a3,Submitted Data,192.0.2.3,0,0,2026-09-01T10:00:00Z,false,2026-09-01T10:07:00Z,other@city.example.jp,一郎,鈴木,1003\n" +
	"a4,Email Sent,,0,0,2026-09-01T10:00:00Z,false,2026-09-01T10:00:00Z,ito@city.example.jp,四郎,伊藤,\n"

const mailRoster = rosterHeader +
	"1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事,職員,,yamada@city.example.jp\n" +
	"1002,佐藤 花子,サトウ ハナコ,総務局,情報管理部,情報企画課,課長,職員,,sato@city.example.jp\n" +
	"1003,鈴木 一郎,スズキ イチロウ,総務局,情報管理部,情報システム課,主任,職員,,suzuki@city.example.jp\n" +
	"1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,ito@city.example.jp\n"

func drill(t *testing.T, db *sqlite.DB, title, day string) *tracker.TrainingSession {
	t.Helper()
	s := &tracker.TrainingSession{Kind: tracker.KindDrill, Title: title, Start: date(day)}
	if err := db.CreateSession(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}

func importDrill(t *testing.T, db *sqlite.DB, id int64, src string) {
	t.Helper()
	f, err := roster.ParseDrill("results.csv", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	pv, err := db.PreviewDrill(context.Background(), id, f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportDrill(context.Background(), id, f, pv.Digest); err != nil {
		t.Fatal(err)
	}
}

func TestDrills(t *testing.T) {
	ctx := context.Background()
	t.Run("Gophish", func(t *testing.T) {
		db, _ := openDB(t)
		importRoster(t, db, mailRoster)
		d := drill(t, db, "標的型メール訓練（第1回）", "2026-09-01")
		importDrill(t, db, d.ID, gophishCSV)
		r, err := db.DrillReport(ctx, d.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		got := r.Total
		want := tracker.DrillFigures{Sent: 4, Opened: 3, Clicked: 2, Submitted: 1, Reported: 1}
		if got != want {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		if r.Units[0].Unit.Bureau != "総務局" || r.Units[0].Sent != 3 {
			t.Fatalf("units: %+v", r.Units)
		}
	})
	t.Run("RepeatClickersAndYears", func(t *testing.T) {
		db, c := openDB(t)
		importRoster(t, db, mailRoster)
		first := drill(t, db, "第1回", "2026-09-01")
		importDrill(t, db, first.ID, gophishCSV)
		c.Add(365 * 24 * time.Hour)
		second := drill(t, db, "第2回", "2027-09-01")
		importDrill(t, db, second.ID, "職員番号,送信,開封,クリック,報告\n1001,1,1,1,0\n1002,1,1,0,1\n1003,1,0,0,1\n")
		r, err := db.DrillReport(ctx, second.ID, 2027)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.RepeatClickers) != 1 || r.RepeatClickers[0].StaffNo != "1001" || len(r.RepeatClickers[0].Drills) != 2 {
			t.Fatalf("repeat clickers: %+v", r.RepeatClickers)
		}
		if len(r.Years) != 2 || r.Years[0].FiscalYear != 2027 || r.Years[0].Sent != 3 || r.Years[1].Sent != 4 {
			t.Fatalf("years: %+v", r.Years)
		}
	})
	t.Run("ErrRowsMatchingNobody", func(t *testing.T) {
		db, _ := openDB(t)
		importRoster(t, db, mailRoster)
		d := drill(t, db, "第1回", "2026-09-01")
		f, err := roster.ParseDrill("r.csv", []byte(gophishCSV+"a5,Email Sent,,0,0,,false,,nobody@city.example.jp,,,\n"+
			"a6,Clicked Link,,0,0,,false,,yamada@city.example.jp,,,\n"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.PreviewDrill(ctx, d.ID, f)
		wantCode(t, err, tracker.EINVALID)
		for _, want := range []string{"6行目: メール「nobody@city.example.jp」の職員は名簿にいません", "7行目: 山田 太郎（職員番号 1001）の結果が2行目にも"} {
			if !strings.Contains(tracker.ErrorMessage(err), want) {
				t.Errorf("got %q, want %q", tracker.ErrorMessage(err), want)
			}
		}
	})
	t.Run("ErrNotADrill", func(t *testing.T) {
		db, _ := openDB(t)
		importRoster(t, db, mailRoster)
		s := classroom(t, db, "集合研修", nil)
		f, _ := roster.ParseDrill("r.csv", []byte(gophishCSV))
		_, err := db.PreviewDrill(ctx, s.ID, f)
		wantCode(t, err, tracker.EINVALID)
	})
	t.Run("ScopedForManagers", func(t *testing.T) {
		db, _ := openDB(t)
		_, pw := importRoster(t, db, mailRoster)
		d := drill(t, db, "第1回", "2026-09-01")
		importDrill(t, db, d.ID, gophishCSV)
		r, err := db.DrillReport(signIn(t, db, "1002", pw["1002"]), d.ID, 2026)
		if err != nil || r.Total.Sent != 2 {
			t.Fatalf("a 課長 sees %+v, %v; want their 課's 2", r, err)
		}
		_, err = db.DrillReport(signIn(t, db, "1001", pw["1001"]), d.ID, 2026)
		wantCode(t, err, tracker.EFORBIDDEN)
	})
}

// TestTrainingEvidence: sessions, attendance, drill results and reminders are written once and
// bound to the audit chain.
func TestTrainingEvidence(t *testing.T) {
	ctx := context.Background()
	fixture := func(t *testing.T) *sqlite.DB {
		db, _ := openDB(t)
		importRoster(t, db, mailRoster)
		s := classroom(t, db, "課長研修", nil, "manager")
		attend(t, ctx, db, s.ID, tracker.AttendanceCSV, "1002")
		d := drill(t, db, "第1回", "2026-09-01")
		importDrill(t, db, d.ID, gophishCSV)
		p, _ := db.FindPersonByStaffNo(ctx, "1001")
		if err := db.RecordReminders(ctx, []*tracker.ReminderLog{{Batch: "b1", FiscalYear: 2026, Channel: tracker.ChannelMail,
			Kind: tracker.ReminderStaff, PersonID: p.ID, StaffNo: p.StaffNo, To: p.Mail, Subject: "件名", Outcome: tracker.OutcomeSent}}); err != nil {
			t.Fatal(err)
		}
		return db
	}
	t.Run("OK", func(t *testing.T) {
		db := fixture(t)
		if v, err := db.VerifyChain(ctx); err != nil || !v.OK() {
			t.Fatalf("got %+v, %v", v, err)
		}
	})
	for _, tt := range []struct {
		name   string
		tamper []string
		want   string
	}{
		{"SessionChanged", []string{`DROP TRIGGER training_sessions_no_update`, `UPDATE training_sessions SET modules = 'manager,executive'`},
			"集合研修・訓練の記録 1"},
		{"AttendanceAdded", []string{`INSERT INTO attendance SELECT 2, session_id, person_id + 1, staff_no, name, role, bureau_id, bureau,
			department_id, department, section_id, section, method, file_sha256, recorded_at, recorded_by FROM attendance`}, "出席記録 2"},
		{"AttendanceRemoved", []string{`DROP TRIGGER attendance_no_delete`, `DELETE FROM attendance`}, "出席記録 1"},
		{"DrillClickHidden", []string{`DROP TRIGGER drill_results_no_update`, `UPDATE drill_results SET clicked = 0, submitted = 0`}, "訓練結果 1"},
		{"ReminderOutcomeChanged", []string{`DROP TRIGGER reminders_no_update`, `UPDATE reminders SET outcome = 'failed'`}, "督促の送信記録 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := fixture(t)
			raw := rawDB(t, db.Path)
			for _, q := range tt.tamper {
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			v, err := db.VerifyChain(ctx)
			if err != nil || v.OK() || v.Record != tt.want {
				t.Fatalf("got %+v, %v; want %s named", v, err, tt.want)
			}
		})
	}
	t.Run("ErrChangeRefused", func(t *testing.T) {
		raw := rawDB(t, fixture(t).Path)
		for _, q := range []string{`UPDATE training_sessions SET title = 'x'`, `DELETE FROM attendance`, `UPDATE drill_results SET clicked = 0`,
			`DELETE FROM reminders`} {
			if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "written once") {
				t.Errorf("%s: got %v", q, err)
			}
		}
	})
}

// TestFollowUp: the plan assigns a module to those who clicked in a 訓練, due by its own deadline;
// the others are not asked for it, and the dashboard counts it where it is required.
func TestFollowUp(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	importRoster(t, db, mailRoster)
	d := drill(t, db, "標的型メール訓練（第1回）", "2026-09-01")
	importDrill(t, db, d.ID, gophishCSV) // 1001 clicked, 1003 entered data; 1002 and 1006 did not
	plan := validPlan()
	plan.ApprovedOn, plan.Approver = date("2026-04-20"), "情報セキュリティ委員会"
	plan.FollowUps = []tracker.FollowUp{{Drill: d.ID, Module: "manager", Deadline: date("2026-10-31")}}
	if err := db.SavePlan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	inForce, _, _ := db.PlanInForce(ctx, 2026)
	rs, _, err := db.FindStatuses(ctx, inForce, tracker.StatusFilter{FiscalYear: 2026})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		var mods []string
		var deadline string
		for _, m := range r.Modules {
			mods = append(mods, m.Module)
			if m.Module == "manager" {
				deadline = m.Deadline.String()
			}
		}
		got := strings.Join(mods, ",") + " " + deadline
		want := map[string]string{"1001": "general,manager 2026-10-31", "1002": "general,manager 2027-01-31", "1003": "general,manager 2026-10-31",
			"1006": "general "}[r.Person.StaffNo]
		if got != want {
			t.Errorf("%s: got %q, want %q", r.Person.StaffNo, got, want)
		}
	}
	dash, err := db.Dashboard(ctx, inForce, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range dash.Modules {
		if m.Module == "manager" && m.Required != 3 {
			t.Errorf("dashboard: manager required of %d, want 3 (the 課長 and the two who clicked)", m.Required)
		}
	}
	t.Run("ErrNotADrill", func(t *testing.T) {
		s := classroom(t, db, "集合研修", nil)
		bad := *plan
		bad.FollowUps = []tracker.FollowUp{{Drill: s.ID, Module: "manager", Deadline: date("2026-10-31")}}
		wantCode(t, db.SavePlan(ctx, &bad), tracker.EINVALID)
	})
}
