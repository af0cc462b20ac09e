package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"isms/tracker"
)

func TestRoster(t *testing.T) {
	ctx := context.Background()
	t.Run("FirstImport", func(t *testing.T) {
		db, _ := openDB(t)
		res, pw := importRoster(t, db, baseRoster)
		if len(res.Diff.Added) != 6 || len(pw) != 6 {
			t.Fatalf("got %d added, %d passwords; want 6", len(res.Diff.Added), len(pw))
		}
		p, err := db.FindPersonByStaffNo(ctx, "1005")
		if err != nil {
			t.Fatal(err)
		}
		if p.Role != tracker.RoleExecutive || p.Unit.Name() != "総務局 情報管理部" || p.Unit.DepartmentID == 0 || p.Unit.SectionID != 0 {
			t.Errorf("got %+v", p)
		}
		a, _ := db.FindPersonByStaffNo(ctx, "1001")
		b, _ := db.FindPersonByStaffNo(ctx, "1003")
		if a.Unit.DepartmentID != p.Unit.DepartmentID || a.Unit.SectionID == b.Unit.SectionID || a.Unit.BureauID != b.Unit.BureauID {
			t.Errorf("units: %+v %+v %+v; want one department, two sections", a.Unit, b.Unit, p.Unit)
		}
	})
	t.Run("PreviewChangesNothing", func(t *testing.T) {
		db, _ := openDB(t)
		d, err := db.PreviewRoster(ctx, parseRoster(t, baseRoster))
		if err != nil || len(d.Added) != 6 {
			t.Fatalf("got %+v, %v", d, err)
		}
		_, total, _ := db.FindPeople(ctx, tracker.PersonFilter{})
		if total != 0 {
			t.Fatalf("got %d people after a preview, want 0", total)
		}
	})
	t.Run("ReimportMoveLeaveReturn", func(t *testing.T) {
		db, clk := openDB(t)
		importRoster(t, db, baseRoster)
		clk.Add(24 * time.Hour)
		// 1001 moves to 情報システム課 and becomes 主任; 1006 is not listed (leaves); 1007 joins.
		second := strings.Replace(baseRoster, "1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事",
			"1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報システム課,主任", 1)
		second = strings.Replace(second, "1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n",
			"1007,渡辺 五郎,ワタナベ ゴロウ,市民局,市民部,市民課,主事,職員,,\n", 1)
		d, err := db.PreviewRoster(ctx, parseRoster(t, second))
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Added) != 1 || len(d.Changed) != 1 || len(d.Leaving) != 1 || d.Unchanged != 4 {
			t.Fatalf("got added %d changed %d leaving %d unchanged %d; want 1 1 1 4", len(d.Added), len(d.Changed), len(d.Leaving), d.Unchanged)
		}
		if got := strings.Join(d.Changed[0].Fields, ","); got != "所属,職位" {
			t.Errorf("got changed fields %q, want 所属,職位", got)
		}
		if len(d.Warnings) == 0 {
			t.Error("1 of 6 leaving: want a warning")
		}
		if _, err := db.ApplyRoster(ctx, parseRoster(t, second), d.Digest); err != nil {
			t.Fatal(err)
		}
		left, err := db.FindPersonByStaffNo(ctx, "1006")
		if err != nil || left.Status != tracker.StatusLeft || left.LeftAt == nil {
			t.Fatalf("got %+v, %v; want 1006 kept as 退職", left, err)
		}
		posts, err := db.FindPostings(ctx, "1001")
		if err != nil || len(posts) != 2 || posts[0].To == nil || posts[1].To != nil || posts[1].Unit.Section != "情報システム課" {
			t.Fatalf("got %d postings, %v; want the old one closed and the new one open", len(posts), err)
		}
		// 1006 comes back: status 在職 again, with a new temporary password.
		clk.Add(24 * time.Hour)
		res, pw := importRoster(t, db, second+"1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n")
		if len(res.Diff.Changed) != 1 || pw["1006"] == "" {
			t.Fatalf("got %+v; want 1006 changed with a password", res.Diff)
		}
		if _, err := db.SignIn(ctx, tracker.Credentials{Login: "1006", Password: pw["1006"]}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrStaleDigest", func(t *testing.T) {
		db, _ := openDB(t)
		r := parseRoster(t, baseRoster)
		d, _ := db.PreviewRoster(ctx, r)
		importRoster(t, db, baseRoster[:len(baseRoster)-len("1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n")])
		_, err := db.ApplyRoster(ctx, r, d.Digest)
		wantCode(t, err, tracker.ECONFLICT)
		_, total, _ := db.FindPeople(ctx, tracker.PersonFilter{})
		if total != 5 {
			t.Fatalf("got %d people, want the 5 of the first import only", total)
		}
	})
	t.Run("ErrAdminLoginClash", func(t *testing.T) {
		db, _ := openDB(t)
		if _, err := db.CreateAdmin(ctx, "admin01", "事務局"); err != nil {
			t.Fatal(err)
		}
		_, err := db.PreviewRoster(ctx, parseRoster(t, rosterHeader+"admin01,山田,ヤマダ,総務局,,,主事,職員,,\n"))
		wantCode(t, err, tracker.EINVALID)
		wantMessage(t, err, "2行目: 職員番号「admin01」は管理者IDと同じです")
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		db, _ := openDB(t)
		_, pw := importRoster(t, db, baseRoster)
		_, err := db.PreviewRoster(signIn(t, db, "1002", pw["1002"]), parseRoster(t, baseRoster))
		wantCode(t, err, tracker.EFORBIDDEN)
	})
}
