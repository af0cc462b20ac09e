package http_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"isms/tracker"
)

// cityRoster is a roster as a city exports it: contractors without 職位, a name without カナ, the
// 総務局's 局長 and a 部長 who is also 監査委員.
const cityRoster = baseRoster +
	"1007,総務 一,,総務局,,,局長,職員,,\n" +
	"1008,監査 二,カンサ ニ,総務局,情報管理部,,部長,職員,1,\n" +
	"E-01,委託 三,イタク サン,総務局,情報管理部,情報企画課,,外部委託,,\n"

// previewAndApply uploads a roster on the page, checks the preview, and applies it with the box
// ticked; it returns the preview and the result page.
func previewAndApply(t *testing.T, admin *client, roster string) (*response, *response) {
	t.Helper()
	admin.get("/app/admin/roster")
	preview := admin.upload("/app/admin/roster", "file", "名簿.csv", []byte(roster))
	wantStatus(t, preview, http.StatusOK)
	r := admin.post("/app/admin/roster/apply", url.Values{"confirmed": {"1"},
		"pending": {pendingField.FindStringSubmatch(preview.body)[1]}, "digest": {digestField.FindStringSubmatch(preview.body)[1]}})
	wantStatus(t, r, http.StatusOK)
	return preview, r
}

// TestRosterAsCitiesExport: the rows cities' rosters have are taken, the preview says how, and
// every person gets the role 【01】 gives them.
func TestRosterAsCitiesExport(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	preview, result := previewAndApply(t, admin, cityRoster)

	t.Run("PreviewWarns", func(t *testing.T) {
		wantBody(t, preview, "区分が外部委託で職位が空欄の1人は、一般職員として取り込みます（10行目）。",
			"氏名カナが空欄の人が1人います（8行目）。", "追加 <strong>9</strong>人")
		wantBody(t, result, "追加 9人")
	})
	for _, tt := range []struct {
		name, staffNo string
		role          tracker.Role
		auditor       bool
		label         string
	}{
		{"ContractorWithoutPosition", "E-01", tracker.RoleGeneral, false, "一般職員"},
		{"EmptyKana", "1007", tracker.RoleChief, false, "ISMS統括責任者"},
		{"ChiefByBureauAndPosition", "1007", tracker.RoleChief, false, "ISMS統括責任者"},
		{"ExecutiveAuditor", "1008", tracker.RoleExecutive, true, "局長級・部長級職員・セキュリティ内部監査委員"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := e.db.FindPersonByStaffNo(ctx, tt.staffNo)
			if err != nil {
				t.Fatal(err)
			}
			if p.Role != tt.role || p.Auditor != tt.auditor {
				t.Fatalf("got role %q auditor %v, want %q %v", p.Role, p.Auditor, tt.role, tt.auditor)
			}
			r := admin.get("/app/people/" + tt.staffNo + "/")
			wantStatus(t, r, http.StatusOK)
			wantBody(t, r, "<dt>役割</dt><dd>"+tt.label+"</dd>")
		})
	}
	t.Run("APIWarns", func(t *testing.T) {
		var d tracker.RosterDiff
		wantStatus(t, admin.api("POST", "/api/roster/preview", cityRoster+"E-02,委託 四,,総務局,,,,外部委託,,\n", &d), http.StatusOK)
		if len(d.Added) != 1 || strings.Join(d.Warnings, "\n") != "区分が外部委託で職位が空欄の2人は、一般職員として取り込みます（10行目、11行目）。\n"+
			"氏名カナが空欄の人が2人います（8行目、11行目）。研修の受講には影響しませんが、職員の検索でカナを使えません。" {
			t.Fatalf("got %+v", d)
		}
	})
	t.Run("NoEmptyParts", func(t *testing.T) {
		r := admin.get("/app/people/1007/")
		wantBody(t, r, `<dd><span class="nw">総務 一</span></dd>`, `<dd><span class="keep">総務局</span>・局長（職員）</dd>`)
		wantBody(t, admin.get("/app/people/E-01/"), `<dd><span class="keep">総務局 情報管理部 情報企画課</span>（外部委託）</dd>`)
	})
}

// TestDualRoles: a 部長 who is also 監査委員 shows both roles wherever a person's role is shown:
// their record, the 事務局's list, the section list, the 未受講者 list, the 受講歴 and the exports.
func TestDualRoles(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(cityRoster)
	const both = "局長級・部長級職員・セキュリティ内部監査委員"
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	p, err := e.db.FindPersonByStaffNo(context.Background(), "1008")
	if err != nil {
		t.Fatal(err)
	}
	dept := strconv.FormatInt(p.Unit.DepartmentID, 10)
	for _, tt := range []struct{ name, path string }{
		{"Person", "/app/people/1008/"},
		{"AdminList", "/app/admin/people?q=1008"},
		{"SectionList", "/app/units/" + dept + "/"},
		{"OutstandingList", "/app/reports/people?fy=2026&state=outstanding"},
		{"History", "/app/reports/history/1008/"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := admin.get(tt.path)
			wantStatus(t, r, http.StatusOK)
			wantBody(t, r, both)
		})
	}
	t.Run("OwnTraining", func(t *testing.T) {
		r := e.staff("1008", temps["1008"]).get("/app/training/")
		wantBody(t, r, "の役割は<strong>"+both+"</strong>です")
	})
	for _, report := range []string{"attendance", "outstanding"} {
		t.Run("Export"+report, func(t *testing.T) {
			admin.get("/app/reports/")
			r := download(t, admin, url.Values{"report": {report}, "format": {"csv"}, "fy": {"2026"}})
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, row := range recs[1:] {
				if row[1] == "1008" {
					found = true
					if row[7] != both {
						t.Errorf("got %q, want %q", row[7], both)
					}
				}
			}
			if !found {
				t.Fatal("1008 not exported")
			}
		})
	}
}
