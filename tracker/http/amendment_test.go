package http_test

import (
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"isms/tracker"
)

// TestAmendmentNotice: from the 施行日, 今年度の研修 opens with the notice, the articles that matter
// to the person's role first: for a 一般職員 【04】第13条 (which their module cites and which
// names 職員等), then 【07】第11条 (which names the セキュリティ管理者 alone); for a 課長 both.
func TestAmendmentNotice(t *testing.T) {
	e := newAmendEnv(t, nil)
	t.Run("GeneralStaff", func(t *testing.T) {
		r := e.staff("1001", e.temps["1001"]).get("/app/training/")
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "改正のお知らせ: 令和8年7月改正版（<span class=\"nw\">令和8年6月1日</span>施行）", "あなたの役割に関係する改正（1条）", "そのほかの改正（1条）",
			`<ins><span class="visually-hidden">［傍線］</span>及びパスフレーズ`, `href="/versions/r02-08..r08-07/#art-04-13"`,
			`href="/versions/r02-08..r08-07/"`, "内容を確認しました")
		order := []string{"改正のお知らせ", "あなたの役割に関係する改正", "【04】第13条（パスワードの利用）", "そのほかの改正",
			"【07】第11条（パスワード管理システム）", "今年度の研修はすべて"}
		wantOrder(t, r.body, order[:5]...)
		if strings.Index(r.body, "改正のお知らせ") > strings.Index(r.body, "受講する研修と状況") {
			t.Fatal("the notice is not at the top of the page")
		}
	})
	t.Run("Manager", func(t *testing.T) {
		r := e.staff("1002", e.temps["1002"]).get("/app/training/")
		wantBody(t, r, "あなたの役割に関係する改正（2条）")
		wantOrder(t, r.body, "【04】第13条", "【07】第11条")
		if strings.Contains(r.body, "そのほかの改正") {
			t.Fatalf("a 課長 is shown articles as not concerning them: %.3000s", r.body)
		}
	})
	t.Run("JoinedAfterTheEffectiveDay", func(t *testing.T) {
		e.clock.Add(48 * time.Hour)
		temps := e.importRoster(baseRoster + "1007,渡辺 五郎,ワタナベ ゴロウ,市民局,市民部,市民課,課長,職員,,\n")
		r := e.staff("1007", temps["1007"]).get("/app/training/")
		wantBody(t, r, "改正のお知らせ: 令和8年7月改正版", "あなたの役割に関係する改正（2条）", "内容を確認しました")
	})
	t.Run("AdminHasNoNotice", func(t *testing.T) {
		r := e.admin().get("/app/training/")
		if strings.Contains(r.body, "改正のお知らせ:") {
			t.Fatal("an admin ID is asked to confirm")
		}
	})
}

// wantOrder checks that the parts appear in the body in this order.
func wantOrder(t *testing.T, body string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(body[at:], p)
		if i < 0 {
			t.Fatalf("%q does not follow the parts before it in %.4000s", p, body)
		}
		at += i + len(p)
	}
}

// TestAcknowledge: 「内容を確認しました」 is recorded once, with who, role and 所属, the version's
// commit and the digest of what was shown; the notice leaves the top of the page.
func TestAcknowledge(t *testing.T) {
	e := newAmendEnv(t, nil)
	staff := e.staff("1001", e.temps["1001"])
	admin := e.admin()
	page := staff.get("/app/training/")
	digest := digestPattern.FindStringSubmatch(page.body)[1]

	t.Run("ErrStaleDigest", func(t *testing.T) {
		r := staff.post("/app/amendments/"+amended+"/acknowledge", url.Values{"digest": {strings.Repeat("0", 64)}})
		wantStatus(t, r, http.StatusConflict)
		wantBody(t, r, "開き直し")
	})
	t.Run("ErrNotInEffectOrUnknown", func(t *testing.T) {
		r := staff.post("/app/amendments/r99-01/acknowledge", url.Values{"digest": {digest}})
		wantStatus(t, r, http.StatusNotFound)
	})
	r := staff.confirm(page.body)
	wantStatus(t, r, http.StatusSeeOther)
	if r.location != "/app/amendments/"+amended+"/?done=acknowledged" {
		t.Fatalf("redirect to %q", r.location)
	}
	wantText(t, staff.get(r.location), "周知確認を記録しました。", "2026年6月1日（令和8年6月1日）10:00に周知確認を記録しました")
	t.Run("TwiceRecordsOnce", func(t *testing.T) {
		again := staff.confirm(page.body) // the same form, sent again
		wantStatus(t, again, http.StatusSeeOther)
		var out struct {
			Total            int                        `json:"total"`
			Acknowledgements []*tracker.Acknowledgement `json:"acknowledgements"`
		}
		staff.api("GET", "/api/acknowledgements?version="+amended, nil, &out)
		if out.Total != 1 {
			t.Fatalf("got %d records, want 1", out.Total)
		}
		k := out.Acknowledgements[0]
		if k.StaffNo != "1001" || k.Role != tracker.RoleGeneral || k.Unit.Section != "情報企画課" || k.Digest != digest ||
			k.Commit != e.app.Amendments[0].Commit || len(k.Commit) != 40 {
			t.Fatalf("got %+v", k)
		}
		var events struct {
			Total int `json:"total"`
		}
		admin.api("GET", "/api/audit?action="+tracker.ActionAcknowledge, nil, &events)
		if events.Total != 1 {
			t.Fatalf("got %d acknowledge events, want 1", events.Total)
		}
	})
	t.Run("NoticeLeavesTheTop", func(t *testing.T) {
		r := staff.get("/app/training/")
		if strings.Contains(r.body, `name="digest"`) {
			t.Fatal("the confirmed notice still asks for confirmation")
		}
		wantText(t, r, "周知確認した改正", "令和8年7月改正版（令和8年6月1日施行）: 確認済 2026年6月1日（令和8年6月1日）10:00")
	})
	t.Run("InTheRecord", func(t *testing.T) {
		want := "令和8年7月改正版: 2026年6月1日（令和8年6月1日）10:00に確認（一般職員・総務局 情報管理部 情報企画課）"
		wantText(t, staff.get("/app/history/"), "周知確認（改正のお知らせ）", want)
		wantText(t, admin.get("/app/reports/history/1001/"), want)
	})
	t.Run("API", func(t *testing.T) {
		other := e.staff("1003", e.temps["1003"])
		var notices []struct {
			Digest string `json:"digest"`
		}
		other.api("GET", "/api/amendments", nil, &notices)
		if len(notices) != 1 {
			t.Fatalf("got %d notices", len(notices))
		}
		var k tracker.Acknowledgement
		r := other.api("POST", "/api/amendments/"+amended+"/acknowledgement", map[string]string{"digest": notices[0].Digest}, &k)
		wantStatus(t, r, http.StatusCreated)
		r = other.api("POST", "/api/amendments/"+amended+"/acknowledgement", map[string]string{"digest": notices[0].Digest}, nil)
		wantStatus(t, r, http.StatusOK)
		if k.StaffNo != "1003" || r.header.Get("Location") != "" {
			t.Fatalf("got %+v", k)
		}
	})
}

// TestAcknowledgementScope: records are scoped like attempts: another person's record is 404,
// another section's list 403.
func TestAcknowledgementScope(t *testing.T) {
	e := newAmendEnv(t, nil)
	staff := e.staff("1001", e.temps["1001"])
	staff.confirm(staff.get("/app/training/").body)
	var k tracker.Acknowledgement
	var list struct {
		Acknowledgements []*tracker.Acknowledgement `json:"acknowledgements"`
	}
	staff.api("GET", "/api/acknowledgements", nil, &list)
	k = *list.Acknowledgements[0]
	path := "/api/acknowledgements/" + strconv.FormatInt(k.ID, 10)
	wantStatus(t, staff.api("GET", path, nil, nil), http.StatusOK)
	mgr := e.staff("1004", e.temps["1004"]) // the 課長 of another section
	t.Run("ErrAnotherPerson404", func(t *testing.T) {
		wantStatus(t, e.staff("1003", e.temps["1003"]).api("GET", path, nil, nil), http.StatusNotFound)
		wantStatus(t, mgr.api("GET", path, nil, nil), http.StatusNotFound)
	})
	t.Run("OwnSectionsManager", func(t *testing.T) {
		wantStatus(t, e.staff("1002", e.temps["1002"]).api("GET", path, nil, nil), http.StatusOK)
	})
	t.Run("ErrAnotherSection403", func(t *testing.T) {
		unit := strconv.FormatInt(e.units["情報企画課"], 10)
		wantStatus(t, mgr.api("GET", "/api/reports/acknowledgements?unit="+unit, nil, nil), http.StatusForbidden)
		wantStatus(t, mgr.api("GET", "/api/acknowledgements?unit="+unit, nil, nil), http.StatusForbidden)
		wantStatus(t, mgr.get("/app/reports/acknowledgements/people?version="+amended+"&unit="+unit), http.StatusForbidden)
	})
	t.Run("ErrStaff403", func(t *testing.T) {
		wantStatus(t, staff.get("/app/reports/acknowledgements"), http.StatusForbidden)
	})
}

// TestAcknowledgementBoundToChain: changing a 周知確認 in the database beside the application is
// found by the verification isms audit verify runs.
func TestAcknowledgementBoundToChain(t *testing.T) {
	e := newAmendEnv(t, nil)
	staff := e.staff("1001", e.temps["1001"])
	staff.confirm(staff.get("/app/training/").body)
	admin := e.admin()
	var v tracker.AuditVerification
	admin.api("GET", "/api/audit/verify", nil, &v)
	if !v.OK() {
		t.Fatalf("before: %+v", v)
	}
	raw, err := sql.Open("sqlite3", "file:"+e.app.DBPath()+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{`DROP TRIGGER acknowledgements_no_update`, `UPDATE acknowledgements SET acknowledged_at = acknowledged_at - 86400*30`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	admin.api("GET", "/api/audit/verify", nil, &v)
	if v.OK() || v.Record != "周知確認記録 1" || !strings.Contains(v.Problem, "一致しません") {
		t.Fatalf("after: got %+v, want the changed record named", v)
	}
}

// TestAckTwoClicks: a 課長 reaches the section's 未確認 in the same two clicks as the 未受講者: the
// menu's 受講状況レポート, then the 未確認 figure of the year's amendment; confirmations show
// their dates.
func TestAckTwoClicks(t *testing.T) {
	e := newAmendEnv(t, nil)
	staff := e.staff("1001", e.temps["1001"])
	staff.confirm(staff.get("/app/training/").body)
	mgr := e.staff("1002", e.temps["1002"])
	landing := mgr.get("/app/")
	page := mgr.get(landing.location)
	dash := mgr.get(link(t, page.body, "受講状況レポート")) // click 1
	wantStatus(t, dash, http.StatusOK)
	wantBody(t, dash, "改正の周知状況", "令和8年7月改正版（<span class=\"nw\">令和8年6月1日</span>施行）", "未確認")
	pending := mgr.get(link(t, dash.body, "1</strong>人</a></li>\n<li>確認率")) // click 2: the 未確認 figure
	wantStatus(t, pending, http.StatusOK)
	wantBody(t, pending, "総務局 情報管理部 情報企画課の未確認の人（令和8年7月改正版）", "佐藤 花子", "未確認")
	if strings.Contains(pending.body, "山田 太郎") || strings.Contains(pending.body, "鈴木 一郎") {
		t.Fatalf("the list shows someone who confirmed or belongs elsewhere: %.3000s", pending.body)
	}
	all := mgr.get("/app/reports/acknowledgements/people?version=" + amended)
	wantBody(t, all, "山田 太郎", "確認済</span> <span class=\"nw\">2026年6月1日</span>", "佐藤 花子")
}

// TestAckDashboard: the 事務局 sees the 周知状況 by 局/部/課 and exports it, each export a 持ち出し.
func TestAckDashboard(t *testing.T) {
	e := newAmendEnv(t, nil)
	for _, no := range []string{"1001", "1003", "1006"} {
		c := e.staff(no, e.temps[no])
		c.confirm(c.get("/app/training/").body)
	}
	admin := e.admin()
	r := admin.get("/app/reports/acknowledgements")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "改正の周知状況", "全庁", "局ごとの周知状況", "総務局", "市民局", "確認率 <strong>50%</strong>")
	bureau := admin.get(link(t, r.body, "総務局"))
	wantBody(t, bureau, "部・課ごとの周知状況", "情報管理部")
	var d struct {
		Dashboard tracker.AckDashboard `json:"dashboard"`
	}
	admin.api("GET", "/api/reports/acknowledgements?version="+amended, nil, &d)
	if d.Dashboard.Total.Targets != 6 || d.Dashboard.Total.Confirmed != 3 {
		t.Fatalf("got %+v", d.Dashboard.Total)
	}
	for _, format := range []string{"xlsx", "csv", "xapi"} {
		t.Run("Export"+format, func(t *testing.T) {
			r := admin.post("/app/reports/export", url.Values{"report": {"acknowledgements"}, "format": {format}, "version": {amended},
				"purpose": {"委員会報告"}})
			wantStatus(t, r, http.StatusOK)
			if r.header.Get("X-Export-Classification") != "A" || !strings.Contains(r.header.Get("Content-Disposition"), "classA_acknowledgements_2026") {
				t.Fatalf("headers %v", r.header)
			}
			switch format {
			case "csv":
				wantBody(t, r, "\ufeff版,版ID,施行日,職員番号", ",重要性分類A\r\n", "令和8年7月改正版", "山田 太郎", "確認済", "佐藤 花子", "未確認")
			case "xapi":
				wantBody(t, r, `/xapi/verbs/acknowledged"`, `"ja-JP":"周知確認"`, `/versions/r08-07/"`, `"name":"1001"`)
				if strings.Count(r.body, `"verb"`) != 3 {
					t.Fatalf("got %d statements, want 3 (one per 周知確認): %.2000s", strings.Count(r.body, `"verb"`), r.body)
				}
			}
		})
	}
	var exports struct {
		Exports []*tracker.Export `json:"exports"`
	}
	admin.api("GET", "/api/reports/exports", nil, &exports)
	if len(exports.Exports) != 3 || exports.Exports[0].Report != tracker.ReportAcknowledgements || exports.Exports[0].Classification != tracker.ClassificationA {
		t.Fatalf("持ち出し records: %+v", exports.Exports)
	}
	t.Run("ErrBadQuery", func(t *testing.T) {
		wantStatus(t, admin.get("/app/reports/acknowledgements?version=../x"), http.StatusBadRequest)
		wantStatus(t, admin.get("/app/reports/acknowledgements?version=r99-01"), http.StatusNotFound)
		wantStatus(t, admin.get("/app/reports/acknowledgements/people?state=done"), http.StatusBadRequest)
	})
}
