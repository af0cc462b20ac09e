package http_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"isms/tracker"
	"isms/tracker/evidencepack"
)

// TestAnnualReport: the 事務局 reads the year report with the dashboard's figures, writes the
// proposal for next year's plan, takes the report out and makes the evidence pack, each a 持ち出し;
// a 課長 can do none of it.
func TestAnnualReport(t *testing.T) {
	e := newReportEnv(t)
	admin := e.admin()
	t.Run("OK", func(t *testing.T) {
		r := admin.get("/app/reports/annual?fy=2026")
		wantStatus(t, r, http.StatusOK)
		// Six targets, three through (50%), one in progress, two not started: the dashboard's figures.
		wantBody(t, r, "2026年度（令和8年度）の年度報告", "表3-1", `<th scope="row">全庁</th><td class="num">6</td><td class="num">3</td><td class="num">1</td><td class="num">2</td><td class="num">50%</td>`,
			"印刷用の表示", "監査証跡パック（ZIP）を作成", "（情報セキュリティ事務局が記入する。）")
		var d tracker.Dashboard
		admin.api("GET", "/api/reports/dashboard?fy=2026", nil, &d)
		if d.Total.Targets != 6 || d.Total.Passed != 3 {
			t.Fatalf("the dashboard says %+v; the test's figures assume 6 targets, 3 passed", d.Total)
		}
		print := admin.get("/app/reports/annual/print?fy=2026")
		wantStatus(t, print, http.StatusOK)
		wantBody(t, print, "情報セキュリティ委員会 御中", "目次", `href="/app/reports/annual.css"`)
		wantStatus(t, admin.get("/app/reports/annual.css"), http.StatusOK)
	})
	t.Run("Proposal", func(t *testing.T) {
		admin.get("/app/reports/annual?fy=2026")
		r := admin.post("/app/reports/annual/proposal", url.Values{"fy": {"2026"}, "text": {"   "}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "次年度計画への提案を入力してください。")
		r = admin.post("/app/reports/annual/proposal", url.Values{"fy": {"2026"}, "text": {"標的型メール訓練を年2回とする。\r\n課長研修に事例を加える。"}})
		wantStatus(t, r, http.StatusSeeOther)
		r = admin.get(r.location)
		wantBody(t, r, "次年度計画への提案を保存しました。", "<p>標的型メール訓練を年2回とする。</p>", "<p>課長研修に事例を加える。</p>", "これまでの記入（1版）")
	})
	t.Run("Export", func(t *testing.T) {
		admin.get("/app/reports/annual?fy=2026")
		r := admin.post("/app/reports/annual/export", url.Values{"fy": {"2026"}, "format": {"xlsx"}, "purpose": {"委員会報告"}})
		wantStatus(t, r, http.StatusOK)
		if r.header.Get("X-Export-Id") == "" || !strings.Contains(r.header.Get("Content-Disposition"), "classA_annual_2026") {
			t.Errorf("headers %v; want the 持ち出し record and the classified name", r.header)
		}
		wantStatus(t, admin.post("/app/reports/annual/export", url.Values{"fy": {"2026"}, "format": {"pdf"}}), http.StatusBadRequest)
	})
	t.Run("Pack", func(t *testing.T) {
		admin.get("/app/reports/annual?fy=2026")
		r := admin.post("/app/reports/annual/pack", url.Values{"fy": {"2026"}, "purpose": {"内部監査"}})
		wantStatus(t, r, http.StatusOK)
		v, err := evidencepack.Verify(bytes.NewReader([]byte(r.body)), int64(len(r.body)))
		if err != nil || !v.OK() {
			t.Fatalf("the pack: %+v, %v", v, err)
		}
		if r.header.Get("X-Evidence-Seal") != v.Seal.String() || r.header.Get("Content-Type") != "application/zip" {
			t.Errorf("headers %v; want the seal %s", r.header, v.Seal)
		}
		var list struct{ Exports []*tracker.Export }
		admin.api("GET", "/api/reports/exports", nil, &list)
		if len(list.Exports) == 0 || list.Exports[0].Report != tracker.ReportEvidence || list.Exports[0].FileSHA256 != v.ManifestSHA256 {
			t.Errorf("the newest 持ち出し record is %+v; want the pack's, binding its manifest", list.Exports[0])
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		manager := e.staff("1002", e.temps["1002"])
		wantStatus(t, manager.get("/app/reports/annual?fy=2026"), http.StatusForbidden)
		wantStatus(t, manager.get("/app/reports/annual/print?fy=2026"), http.StatusForbidden)
		manager.get("/app/training/")
		wantStatus(t, manager.post("/app/reports/annual/pack", url.Values{"fy": {"2026"}}), http.StatusForbidden)
		wantStatus(t, manager.post("/app/reports/annual/proposal", url.Values{"fy": {"2026"}, "text": {"x"}}), http.StatusForbidden)
		wantStatus(t, manager.post("/app/reports/annual/export", url.Values{"fy": {"2026"}, "format": {"xlsx"}}), http.StatusForbidden)
	})
	t.Run("ErrInvalidYear", func(t *testing.T) {
		wantStatus(t, admin.get("/app/reports/annual?fy=20x6"), http.StatusBadRequest)
	})
}
