package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"isms/tracker"
)

// newAttempt is a graded attempt as the HTTP layer would hand it over.
func newAttempt(key, module string, correct int, passed bool) *tracker.Attempt {
	return &tracker.Attempt{
		Key: key, Module: module, PolicyVersion: "current", BankVersion: "b1",
		Paper:   json.RawMessage(`{"Module":"` + module + `","Items":[{"QuestionID":"q1","ChoiceOrder":["a","b","c"]}]}`),
		Answers: map[string][]string{"q1": {"a"}},
		Items:   []tracker.AttemptItem{{QuestionID: "q1", Competency: "c1", Chosen: []string{"a"}, Right: passed}},
		Correct: correct, Total: 10, Percent: correct * 10, Passed: passed,
		StartedAt: time.Date(2026, 6, 1, 9, 50, 0, 0, tracker.Japan),
	}
}

func TestCreateAttempt(t *testing.T) {
	ctx := context.Background()
	db, clk := openDB(t)
	_, pw := importRoster(t, db, baseRoster)
	uctx := signIn(t, db, "1001", pw["1001"])

	t.Run("OKSnapshot", func(t *testing.T) {
		a := newAttempt("k1", "general", 9, true)
		created, err := db.CreateAttempt(uctx, a)
		if err != nil || !created || a.ID == 0 {
			t.Fatalf("got %v, %v, id %d", created, err, a.ID)
		}
		got, err := db.FindAttemptByID(uctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.StaffNo != "1001" || got.Unit.Section != "情報企画課" || got.Role != tracker.RoleGeneral || got.FiscalYear != 2026 ||
			got.Percent != 90 || !got.Passed || got.Answers["q1"][0] != "a" || got.PolicyVersion != "current" || got.SubmittedAt.IsZero() {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("DoubleSubmitRecordedOnce", func(t *testing.T) {
		first := newAttempt("k2", "general", 5, false)
		if _, err := db.CreateAttempt(uctx, first); err != nil {
			t.Fatal(err)
		}
		second := newAttempt("k2", "general", 10, true) // a resubmission cannot change the result
		created, err := db.CreateAttempt(uctx, second)
		if err != nil || created || second.ID != first.ID || second.Percent != 50 {
			t.Fatalf("got created=%v id=%d percent=%d, %v; want the first attempt back", created, second.ID, second.Percent, err)
		}
		_, total, _ := db.FindAttempts(uctx, tracker.AttemptFilter{})
		if total != 2 {
			t.Fatalf("got %d attempts, want 2", total)
		}
	})
	t.Run("ConcurrentDoubleSubmit", func(t *testing.T) {
		var wg sync.WaitGroup
		ids := make([]int64, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := newAttempt("k3", "general", 7, false)
				if _, err := db.CreateAttempt(uctx, a); err != nil {
					t.Error(err)
				}
				ids[i] = a.ID
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("got ids %v, want one attempt", ids)
			}
		}
	})
	t.Run("GroupCommitMany", func(t *testing.T) {
		var wg sync.WaitGroup
		for i := range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := db.CreateAttempt(uctx, newAttempt(fmt.Sprintf("many-%d", i), "manager", 8, true)); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		_, total, _ := db.FindAttempts(uctx, tracker.AttemptFilter{Module: "manager"})
		if total != 200 {
			t.Fatalf("got %d, want 200", total)
		}
		v, err := db.VerifyChain(ctx)
		if err != nil || !v.OK() {
			t.Fatalf("chain after concurrent submissions: %+v, %v", v, err)
		}
	})
	t.Run("ErrAdmin", func(t *testing.T) {
		temp, _ := db.EnsureAdmin(ctx)
		_, err := db.CreateAttempt(signIn(t, db, temp.Login, temp.Password), newAttempt("k4", "general", 9, true))
		wantCode(t, err, tracker.EFORBIDDEN)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		a := newAttempt("k5", "general", 11, true)
		_, err := db.CreateAttempt(uctx, a)
		wantCode(t, err, tracker.EINVALID)
	})
	t.Run("FiscalYearFromClock", func(t *testing.T) {
		clk.Add(300 * 24 * time.Hour) // 2027-03-28
		clk.Add(4 * 24 * time.Hour)   // 2027-04-01: fiscal 2027
		a := newAttempt("k6", "general", 9, true)
		if _, err := db.CreateAttempt(uctx, a); err != nil {
			t.Fatal(err)
		}
		if a.FiscalYear != 2027 {
			t.Fatalf("got %d, want 2027", a.FiscalYear)
		}
		clk.Add(-304 * 24 * time.Hour)
	})
}

func TestMaxAttempts(t *testing.T) {
	db, _ := openDB(t)
	db.Config.MaxAttempts = 2
	_, pw := importRoster(t, db, baseRoster)
	uctx := signIn(t, db, "1001", pw["1001"])
	for i := range 2 {
		if _, err := db.CreateAttempt(uctx, newAttempt(fmt.Sprint(i), "general", 5, false)); err != nil {
			t.Fatal(err)
		}
	}
	_, err := db.CreateAttempt(uctx, newAttempt("third", "general", 9, true))
	wantCode(t, err, tracker.ECONFLICT)
	// The limit is per module.
	if _, err := db.CreateAttempt(uctx, newAttempt("other", "manager", 9, true)); err != nil {
		t.Fatal(err)
	}
}

func TestScope(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	_, pw := importRoster(t, db, baseRoster)
	staff := signIn(t, db, "1001", pw["1001"])     // 情報企画課 主事
	neighbour := signIn(t, db, "1003", pw["1003"]) // 情報システム課 主任
	manager := signIn(t, db, "1002", pw["1002"])   // 情報企画課 課長
	otherMgr := signIn(t, db, "1004", pw["1004"])  // 情報システム課 課長
	director := signIn(t, db, "1005", pw["1005"])  // 情報管理部 部長
	a := newAttempt("s1", "general", 9, true)
	if _, err := db.CreateAttempt(staff, a); err != nil {
		t.Fatal(err)
	}
	own, _ := db.FindPersonByStaffNo(ctx, "1001")

	t.Run("StaffSeesOwn", func(t *testing.T) {
		if _, err := db.FindAttemptByID(staff, a.ID); err != nil {
			t.Fatal(err)
		}
	})
	for _, tt := range []struct {
		name string
		ctx  context.Context
		code string
	}{
		{"NeighbourNotFound", neighbour, tracker.ENOTFOUND},
		{"OtherSectionManagerNotFound", otherMgr, tracker.ENOTFOUND},
		{"ManagerSees", manager, ""},
		{"DirectorSees", director, ""},
		{"CommandLineSees", ctx, ""},
	} {
		t.Run("Attempt"+tt.name, func(t *testing.T) {
			_, err := db.FindAttemptByID(tt.ctx, a.ID)
			wantCode(t, err, tt.code)
		})
	}
	for _, tt := range []struct {
		name string
		ctx  context.Context
		code string
	}{
		{"StaffForbidden", staff, tracker.EFORBIDDEN},
		{"OtherManagerForbidden", otherMgr, tracker.EFORBIDDEN},
		{"ManagerOwnSection", manager, ""},
		{"DirectorDepartment", director, ""},
	} {
		t.Run("Unit"+tt.name, func(t *testing.T) {
			_, _, err := db.FindPeople(tt.ctx, tracker.PersonFilter{UnitID: own.Unit.SectionID})
			wantCode(t, err, tt.code)
		})
	}
	t.Run("DirectorNotOtherBureau", func(t *testing.T) {
		citizen, _ := db.FindPersonByStaffNo(ctx, "1006")
		_, _, err := db.FindPeople(director, tracker.PersonFilter{UnitID: citizen.Unit.SectionID})
		wantCode(t, err, tracker.EFORBIDDEN)
		_, err = db.FindPersonByStaffNo(director, "1006")
		wantCode(t, err, tracker.ENOTFOUND)
	})
	t.Run("ManagerListIsOwnSection", func(t *testing.T) {
		people, _, err := db.FindPeople(manager, tracker.PersonFilter{})
		if err != nil || len(people) != 2 {
			t.Fatalf("got %d people, %v; want 2 (情報企画課)", len(people), err)
		}
	})
	t.Run("StaffListIsSelf", func(t *testing.T) {
		people, _, err := db.FindPeople(staff, tracker.PersonFilter{})
		if err != nil || len(people) != 1 || people[0].StaffNo != "1001" {
			t.Fatalf("got %d people, %v; want only 1001", len(people), err)
		}
	})
	t.Run("ResultsOfSection", func(t *testing.T) {
		res, err := db.FindResults(manager, tracker.DefaultPlan(2026), own.Unit.SectionID, 0)
		if err != nil || res[own.ID]["general"] == nil || res[own.ID]["general"].PassedAt == nil {
			t.Fatalf("got %+v, %v", res, err)
		}
		_, err = db.FindResults(otherMgr, tracker.DefaultPlan(2026), own.Unit.SectionID, 0)
		wantCode(t, err, tracker.EFORBIDDEN)
	})
	t.Run("SurveyOwnOnly", func(t *testing.T) {
		s := &tracker.Survey{AttemptID: a.ID, Understanding: 4, Usefulness: 5, Comment: "よくわかりました"}
		wantCode(t, db.SaveSurvey(manager, s), tracker.ENOTFOUND)
		wantCode(t, db.SaveSurvey(staff, &tracker.Survey{AttemptID: a.ID, Understanding: 6, Usefulness: 5}), tracker.EINVALID)
		if err := db.SaveSurvey(staff, s); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.SaveSurvey(staff, s), tracker.ECONFLICT)
		got, _ := db.FindAttemptByID(staff, a.ID)
		if got.Survey == nil || got.Survey.Usefulness != 5 || got.Survey.Comment != "よくわかりました" {
			t.Fatalf("got survey %+v", got.Survey)
		}
	})
}
