package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSessionPages: bad files are refused with every problem listed and nothing recorded; a 課長
// confirms attendance for their own 課 only; staff and other units are kept out.
func TestSessionPages(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(yearRoster)
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	id := createSession(t, admin, url.Values{"kind": {"集合研修"}, "title": {"全職員研修"}, "start": {"2026-07-10"}, "modules": {"general"}})
	drill := createSession(t, admin, url.Values{"kind": {"訓練"}, "title": {"標的型メール訓練"}, "start": {"2026-07-20"}})
	recorded := func() int {
		got, err := e.db.FindAttendance(context.Background(), 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}

	t.Run("ErrCreateInvalid", func(t *testing.T) {
		r := admin.post("/app/sessions/", url.Values{"kind": {"セミナー"}, "start": {"7月10日"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "種類は", "名称を入力", "実施日を 2026-07-10 の形で")
	})
	t.Run("ErrAttendanceFile", func(t *testing.T) {
		admin.get("/app/sessions/" + id + "/")
		r := admin.upload("/app/sessions/"+id+"/attendance", "file", "a.csv", []byte("職員番号\n1001\n9999\n1001\n\n,\n"))
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "記録は行っていません", "4行目: 職員番号「1001」が2行目と重複")
		r = admin.upload("/app/sessions/"+id+"/attendance", "file", "a.csv", []byte("職員番号\n1001\n9999\n8888\n"))
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "3行目: 職員番号「9999」は名簿にありません", "4行目: 職員番号「8888」は名簿にありません")
		if n := recorded(); n != 0 {
			t.Fatalf("%d attendances recorded from refused files", n)
		}
	})
	t.Run("ErrDrillFile", func(t *testing.T) {
		admin.get("/app/sessions/" + drill + "/")
		r := admin.upload("/app/sessions/"+drill+"/drill", "file", "r.csv", []byte("メール,送信,開封,クリック,報告\nnobody@city.example.jp,1,0,0,0\nyamada@city.example.jp,1,x,0,0\n"))
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "3行目: 開封「x」")
		r = admin.upload("/app/sessions/"+drill+"/drill", "file", "r.csv", []byte("メール,送信,開封,クリック,報告\nnobody@city.example.jp,1,0,0,0\nyamada@city.example.jp,1,1,0,0\n"))
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "2行目: メール「nobody@city.example.jp」の職員は名簿にいません")
		if d, _ := e.db.DrillReport(context.Background(), 0, 2026); d.Total.Sent != 0 {
			t.Fatalf("results recorded from a refused file: %+v", d.Total)
		}
	})
	t.Run("ManagerConfirmsOwnSection", func(t *testing.T) {
		mgr := e.staff("1002", temps["1002"]) // 情報企画課 課長
		page := mgr.get("/app/sessions/" + id + "/")
		wantStatus(t, page, http.StatusOK)
		wantBody(t, page, `name="staff" value="1001"`)
		if strings.Contains(page.body, `value="1003"`) {
			t.Fatal("a 課長 is offered people of another 課")
		}
		r := mgr.post("/app/sessions/"+id+"/attendance", url.Values{"staff": {"1001", "1003"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "職員番号「1003」は所属の職員ではありません")
		r = mgr.post("/app/sessions/"+id+"/attendance", url.Values{"staff": {"1001"}})
		wantStatus(t, r, http.StatusOK)
		confirm(t, mgr, r, "/app/sessions/"+id+"/attendance/apply", "pending", "digest", "method")
		list, _ := e.db.FindAttendance(context.Background(), 0, 0)
		if len(list) != 1 || list[0].StaffNo != "1001" || list[0].RecordedBy != "1002" || list[0].Method != "manager" {
			t.Fatalf("got %+v", list)
		}
		wantStatus(t, mgr.get("/app/admin/reminders"), http.StatusForbidden)
		wantStatus(t, mgr.upload("/app/sessions/"+id+"/drill", "file", "r.csv", []byte("x")), http.StatusForbidden)
	})
	t.Run("ErrStaff", func(t *testing.T) {
		staff := e.staff("1003", temps["1003"])
		wantStatus(t, staff.get("/app/sessions/"), http.StatusForbidden)
		wantStatus(t, staff.get("/app/sessions/"+id+"/"), http.StatusForbidden)
		wantStatus(t, staff.post("/app/sessions/"+id+"/attendance", url.Values{"staff": {"1003"}}), http.StatusForbidden)
		wantStatus(t, staff.get("/app/reports/drills"), http.StatusForbidden)
	})
	t.Run("ErrNoSuchSession", func(t *testing.T) {
		wantStatus(t, admin.get("/app/sessions/999/"), http.StatusNotFound)
	})
}
