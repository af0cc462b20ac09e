package tracker

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The audit log keeps codes (actions, details in key=value form) so that the chain and the API
// stay stable and machine-readable; people read them through the names and sentences below. A
// code this file does not know (written by a newer or an older version) is shown as it is.

// AuditActions are the actions in the order the log page offers them as a filter.
var AuditActions = []string{ActionSignIn, ActionSignInTrusted, ActionSignOut, ActionLockout, ActionPasswordChange,
	ActionPasswordReset, ActionAdminCreate, ActionRosterImport, ActionPlanSave, ActionAttemptSubmit, ActionSurveySubmit,
	ActionAccessDenied, ActionBackup, ActionExport, ActionAuditView, ActionAuditAnchor, ActionEvidenceBind}

var actionNames = map[string]string{
	ActionSignIn:         "ログイン",
	ActionSignInTrusted:  "ログイン（シングルサインオン）",
	ActionSignOut:        "ログアウト",
	ActionLockout:        "IDのロック",
	ActionPasswordChange: "パスワードの変更",
	ActionPasswordReset:  "仮パスワードの発行",
	ActionAdminCreate:    "管理者IDの作成",
	ActionRosterImport:   "名簿の取り込み",
	ActionPlanSave:       "年度教育計画の保存",
	ActionAttemptSubmit:  "受験",
	ActionSurveySubmit:   "アンケートの回答",
	ActionAccessDenied:   "アクセスの拒否",
	ActionBackup:         "バックアップ",
	ActionExport:         "出力（持ち出し）",
	ActionAuditView:      "監査ログの閲覧",
	ActionAuditAnchor:    "監査ログの控えの記録",
	ActionEvidenceBind:   "証跡と監査ログの結び付け",
}

// ActionName is an action as people read it: ログイン for signin.
func ActionName(action string) string {
	if n, ok := actionNames[action]; ok {
		return n
	}
	return action
}

// AnonymousActor is what the log records as the actor of a request without a session.
const AnonymousActor = "(ログイン前)"

// legacyAnonymousActor is what earlier versions recorded instead (a retired word, kept only to be
// read: events are never rewritten).
const legacyAnonymousActor = "(未\u30b5\u30a4\u30f3\u30a4\u30f3)"

// AuditActorName is the actor as people read it.
func AuditActorName(actor string) string {
	switch actor {
	case "system":
		return "システム"
	case legacyAnonymousActor:
		return AnonymousActor
	}
	return actor
}

// AuditTarget is what an event acted on, as people read it: 受験記録 12 for "attempt 12".
func AuditTarget(e *AuditEvent) string {
	kind, rest, ok := strings.Cut(e.Target, " ")
	if !ok {
		if e.Target == "audit_log" {
			return "監査ログ"
		}
		return e.Target
	}
	switch kind {
	case EvidencePlan:
		// A plan's save names the fiscal year; the binding of an old record names the revision.
		if fy, err := ParseFiscalYear(rest); err == nil && e.Action == ActionPlanSave {
			return fy.String() + "の計画"
		}
		return EvidenceName(kind) + " " + rest
	case EvidenceAttempt, EvidenceSurvey, EvidenceRosterImport, EvidenceExport:
		return EvidenceName(kind) + " " + rest
	case "import":
		return EvidenceName(EvidenceRosterImport) + " " + rest
	case "GET", "HEAD":
		return rest + "（表示）"
	case "POST", "PUT", "DELETE", "PATCH":
		return rest + "（送信）"
	}
	return e.Target
}

var (
	lockedUntil   = regexp.MustCompile(`^(\d+) failures from (.+?); that client is locked out of the ID until (\S+); other clients and sessions are not affected$`)
	failureBatch  = regexp.MustCompile(`^summary: (\d+) more failures from this source (\S+)–(\S+):(.*?); IDs(.*)$`)
	attemptDetail = regexp.MustCompile(`^module=(\S*) bank=(\S*) (\d+)/(\d+) (\d+)% (pass|fail)$`)
)

// fixedDetails are the details written as fixed English phrases.
var fixedDetails = map[string]string{
	"wrong password":                           "パスワードの誤り",
	"unknown id":                               "登録されていないID",
	"refused: another sign-in in progress":     "同じアドレスからのログインを処理中のため、受け付けない",
	"refused: address over its failures":       "このアドレスからの失敗が上限を超えたため、受け付けない",
	"refused: address block over its failures": "このアドレスの範囲からの失敗が上限を超えたため、受け付けない",
	"refused: locked for this client":          "この端末からはロック中のため、受け付けない",
	"refused: waiting after repeated failures": "失敗が続いたIDの待ち時間中のため、受け付けない",
	"locked":                           "ロック中のID",
	"disabled or left":                 "無効または退職者のID",
	"sso: unknown id":                  "シングルサインオン: 登録されていないID",
	"sso: not an active staff account": "シングルサインオン: 在職中の職員のIDではない",
	"password change required":         "仮パスワードのため、変更が必要",
	"session expired":                  "一定時間操作がなかったため終了",
	"wrong current password":           "現在のパスワードの誤り",
	"rule not met":                     "新しいパスワードが規則を満たさない",
	"not an admin":                     "管理者IDではない利用者の操作",
	"missing or wrong CSRF token":      "フォームの確認用の値がないか、一致しない",
	"cross-origin request":             "別のサイトからの送信",
	"sign-in form token":               "ログイン画面の確認用の値が一致しない",
	"recorded before evidence was bound to the audit chain": "監査ログとの結び付けより前に記録された証跡を、この時点で結び付け",
}

// AuditDetail is an event's detail as a Japanese sentence. moduleTitle names a training module
// (nil: its code).
func AuditDetail(e *AuditEvent, moduleTitle func(string) string) string {
	d := e.Detail
	if d == "" {
		return ""
	}
	if s, ok := fixedDetails[d]; ok {
		return s
	}
	if moduleTitle == nil {
		moduleTitle = func(m string) string { return m }
	}
	switch e.Action {
	case ActionSignIn, ActionSignInTrusted:
		if m := failureBatch.FindStringSubmatch(d); m != nil {
			return fmt.Sprintf("この送信元からの続く失敗 %s回（%s〜%s）: %s。ID: %s", m[1], m[2], m[3], countedList(m[4]), countedList(m[5]))
		}
	case ActionLockout:
		if m := lockedUntil.FindStringSubmatch(d); m != nil {
			until := m[3]
			if t, err := time.Parse(time.RFC3339, m[3]); err == nil {
				until = JapaneseTime(t)
			}
			client := strings.TrimPrefix(m[2], "address ")
			if at, ok := strings.CutPrefix(m[2], "a browser signed in before, at "); ok {
				client = "以前このIDでログインしたブラウザー（" + at + "）"
			}
			return client + "から" + m[1] + "回続けて失敗したため、その端末からは" + until + "までこのIDでログインできない（ほかの端末とログイン中の利用者には影響なし）"
		}
	case ActionAttemptSubmit:
		if m := attemptDetail.FindStringSubmatch(d); m != nil {
			result := "合格"
			if m[6] == "fail" {
				result = "不合格"
			}
			return fmt.Sprintf("%s: %s/%s問正解（%s点）%s", moduleTitle(m[1]), m[3], m[4], m[5], result)
		}
	case ActionSurveySubmit:
		if kv, ok := pairs(d, "understanding", "usefulness"); ok {
			return "理解度 " + kv["understanding"] + "・業務への役立ち " + kv["usefulness"]
		}
	case ActionRosterImport:
		if kv, ok := pairs(d, "file", "sha256", "rows", "added", "changed", "leaving"); ok {
			return fmt.Sprintf("ファイル「%s」（%s人、SHA-256 %s…）: 追加%s人・変更%s人・退職扱い%s人", kv["file"], kv["rows"],
				short(kv["sha256"]), kv["added"], kv["changed"], kv["leaving"])
		}
	case ActionPlanSave:
		return planDetail(d)
	case ActionExport:
		return exportDetail(d)
	case ActionAuditView:
		return auditViewDetail(d)
	case ActionBackup:
		if kv, ok := pairs(d, "bytes"); ok {
			return kv["bytes"] + "バイト"
		}
		if rest, ok := strings.CutPrefix(d, "integrity check: "); ok {
			return "整合性の検査で異常: " + rest
		}
	case ActionAdminCreate:
		return "氏名: " + d
	}
	return d
}

// pairs reads "k1=v1 k2=v2 …" with the keys in this order; a value may hold spaces (a file name, a
// scope), so each value runs up to the next key.
func pairs(d string, keys ...string) (map[string]string, bool) {
	kv := map[string]string{}
	rest := d
	for i, k := range keys {
		v, ok := strings.CutPrefix(rest, k+"=")
		if !ok {
			return nil, false
		}
		if i+1 < len(keys) {
			next := strings.Index(v, " "+keys[i+1]+"=")
			if next < 0 {
				return nil, false
			}
			v, rest = v[:next], v[next+1:]
		} else {
			rest = ""
		}
		kv[k] = v
	}
	return kv, true
}

// short is the start of a SHA-256, enough to recognise a file.
func short(sum string) string { return sum[:min(len(sum), AnchorHashLen)] }

// dateText shows an ISO date of a detail in the pages' form.
func dateText(s string) string {
	if d, err := ParseDate(s); err == nil {
		return d.Japanese()
	}
	return s
}

// planDetail reads "period=A..B deadline=C modules=r=m+m,… [approved=D by X]".
func planDetail(d string) string {
	approval := ""
	if i := strings.Index(d, " approved="); i >= 0 {
		on, by, _ := strings.Cut(d[i+len(" approved="):], " by ")
		approval = "、承認 " + dateText(on) + "（" + by + "）"
		d = d[:i]
	}
	kv, ok := pairs(d, "period", "deadline", "modules")
	if !ok {
		return d + approval
	}
	start, end, _ := strings.Cut(kv["period"], "..")
	var roles []string
	for _, part := range strings.Split(kv["modules"], ",") {
		role, modules, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		roles = append(roles, Role(role).Name()+" "+strings.ReplaceAll(modules, "+", "・"))
	}
	return "実施期間 " + dateText(start) + "〜" + dateText(end) + "、受講期限 " + dateText(kv["deadline"]) +
		"、研修 " + strings.Join(roles, "／") + approval
}

// exportDetail reads "report=… year=… scope=… format=… rows=… class=… sha256=… [purpose=…]".
func exportDetail(d string) string {
	purpose := ""
	if i := strings.Index(d, " purpose="); i >= 0 {
		purpose, d = "、目的「"+d[i+len(" purpose="):]+"」", d[:i]
	}
	kv, ok := pairs(d, "report", "year", "scope", "format", "rows", "class", "sha256")
	if !ok {
		return d + purpose
	}
	title := ReportKind(kv["report"]).Title()
	if title == "" {
		title = kv["report"]
	}
	if fy, err := strconv.Atoi(kv["year"]); err == nil && FiscalYear(fy).Valid() {
		title += "（" + FiscalYear(fy).String() + "）"
	}
	return fmt.Sprintf("%s、範囲 %s、%s、%s行、%s、SHA-256 %s…%s", title, kv["scope"], ExportFormat(kv["format"]).Label(),
		kv["rows"], kv["class"], short(kv["sha256"]), purpose)
}

// auditViewDetail reads the filter the log was read with: "filter actor=… action=… outcome=…
// [since=… until=…]" from the page, "api <query>" from the API.
func auditViewDetail(d string) string {
	if q, ok := strings.CutPrefix(d, "api "); ok {
		if q == "" {
			return "APIで閲覧（絞り込みなし）"
		}
		return "APIで閲覧（条件 " + q + "）"
	}
	rest, ok := strings.CutPrefix(d, "filter ")
	if !ok {
		return d
	}
	keys := []string{"actor", "action", "outcome"}
	if strings.Contains(rest, " since=") {
		keys = append(keys, "since", "until")
	}
	kv, ok := pairs(rest, keys...)
	if !ok {
		return d
	}
	var parts []string
	if v := kv["actor"]; v != "" {
		parts = append(parts, "利用者 "+v)
	}
	if v := kv["action"]; v != "" {
		parts = append(parts, "操作 "+ActionName(v))
	}
	switch kv["outcome"] {
	case OutcomeSuccess:
		parts = append(parts, "結果 成功")
	case OutcomeFailure:
		parts = append(parts, "結果 失敗")
	}
	if kv["since"] != "" || kv["until"] != "" {
		parts = append(parts, "期間 "+dateText(kv["since"])+"〜"+dateText(kv["until"]))
	}
	if len(parts) == 0 {
		return "絞り込みなし"
	}
	return "絞り込み: " + strings.Join(parts, "・")
}

// countedList turns " wrong password ×3 unknown id ×1 and 2 more" (a failure summary's list) into
// Japanese, each name as the details of single events read.
func countedList(list string) string {
	var out []string
	rest, more, _ := strings.Cut(list, " and ")
	// The list is " name ×n" repeated; names may hold spaces, counts do not.
	fields := strings.Fields(rest)
	var name []string
	for _, f := range fields {
		if n, ok := strings.CutPrefix(f, "×"); ok {
			word := strings.Join(name, " ")
			if j, ok := fixedDetails[word]; ok {
				word = j
			}
			out = append(out, word+" "+n+"回")
			name = nil
			continue
		}
		name = append(name, f)
	}
	s := strings.Join(out, "、")
	if more != "" {
		s += "、ほか" + strings.TrimSuffix(more, " more") + "件"
	}
	return s
}
