package tracker

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Amendment is a published version of the policy that amended the one before it: a [[version]]
// of versions.toml after the first, with the articles it changed. ISO/IEC 27001 5.1 and 【01】第9条
// ask that every member of staff be told of it; the tracker shows each person a notice from its
// 施行日 on, records their 周知確認 (Acknowledgement) and, where the 事務局 requires it, a 改正研修.
//
// The application reads amendments from the repository once, at start (internal/amend), so the
// tracker never reads git or the policy text itself.
type Amendment struct {
	Version   string `json:"version"`   // versions.toml id: "r08-07"
	Name      string `json:"name"`      // 令和8年7月改正版
	Effective Date   `json:"effective"` // 施行日
	Commit    string `json:"commit"`    // the commit holding the version's text
	Summary   string `json:"summary,omitempty"`
	Previous  string `json:"previous"` // the name of the version it amends
	// TableURL is the full 新旧対照表 in the handbook: /versions/r02-08..r08-07/.
	TableURL string           `json:"tableUrl"`
	Articles []AmendedArticle `json:"articles"` // in the order of the standards
}

// AmendedArticle is one article the amendment added, amended, renumbered or deleted.
type AmendedArticle struct {
	ID     string `json:"id"`              // in the new version: "04-13"; the old ID of a deleted article
	OldID  string `json:"oldId,omitempty"` // in the version amended, when it differs or the article is deleted
	Label  string `json:"label"`           // 【04】第13条（パスワードの利用）
	Change string `json:"change"`          // 改正, 新設, 削除, 条番号変更・改正
	// Extract is the article's rows of the 新旧対照表 as HTML (改正後 | 改正前, changes underlined),
	// rendered by the application from the policy text, never from anything a user sent.
	Extract string `json:"extractHtml"`
	URL     string `json:"url"` // its row in the full table
	// Names are the roles the article's text names (RolesNamedIn); CitedBy the modules with a
	// question citing it. Together they decide whom it concerns.
	Names   []Role   `json:"names,omitempty"`
	CitedBy []string `json:"citedBy,omitempty"`
}

// InEffect reports whether the amendment's 施行日 has come at t (Japan time).
func (a *Amendment) InEffect(t time.Time) bool { return !DateOf(t).Before(a.Effective) }

// FiscalYear is the year the amendment takes effect in: the plan of that year lists it.
func (a *Amendment) FiscalYear() FiscalYear { return a.Effective.FiscalYear() }

// Title is the version as people read it: 令和8年7月改正版（2026年7月1日施行）.
func (a *Amendment) Title() string { return a.Name + "（" + a.Effective.Japanese() + "施行）" }

// Cites reports whether an article ID, as a question cites it, names an article the amendment
// changed, in the new numbering or the old one (a renumbered article's old ID now names another).
func (a *Amendment) Cites(id string) bool {
	for _, art := range a.Articles {
		if art.ID == id || art.OldID == id {
			return true
		}
	}
	return false
}

// FindAmendment returns the amendment of a version, or nil.
func FindAmendment(as []*Amendment, version string) *Amendment {
	for _, a := range as {
		if a.Version == version {
			return a
		}
	}
	return nil
}

// roleWords are the words by which the policy's text addresses each role. An article that uses
// one of a role's words "names" the role. The 第16条 table builds each role on those before it,
// so a person is concerned by the articles naming any role their own includes (rolesOf): every
// 課長 is also one of the 職員等.
var roleWords = []struct {
	role  Role
	words []string
}{
	{RoleGeneral, []string{"職員等", "一般職員", "所属職員"}},
	{RoleManager, []string{"セキュリティ管理者", "課等の長", "課長", "配備管理者"}},
	{RoleExecutive, []string{"局長", "部長"}},
	{RoleChief, []string{"ISMS統括責任者"}},
	{RoleAuditor, []string{"監査委員", "内部監査"}},
}

// RolesNamedIn lists, in the 第16条 order, the roles that a text names by one of their words.
func RolesNamedIn(text string) []Role {
	var out []Role
	for _, rw := range roleWords {
		for _, w := range rw.words {
			if strings.Contains(text, w) {
				out = append(out, rw.role)
				break
			}
		}
	}
	return out
}

// rolesOf are the roles whose duties a person's role includes, as the 第16条 table builds them:
// the roles whose modules the role must pass, and the auditor's for a 監査委員.
func rolesOf(p *Person) []Role {
	var out []Role
	for _, m := range RequiredModules(p.TrainingRole()) {
		out = append(out, Role(m))
	}
	if p.Auditor && !slices.Contains(out, RoleAuditor) {
		out = append(out, RoleAuditor)
	}
	return out
}

// Concerns reports whether the article matters to someone of these roles who must pass these
// modules: it names one of the roles, or a question of one of the modules cites it.
func (art *AmendedArticle) Concerns(roles []Role, modules []string) bool {
	for _, r := range art.Names {
		if slices.Contains(roles, r) {
			return true
		}
	}
	for _, m := range art.CitedBy {
		if slices.Contains(modules, m) {
			return true
		}
	}
	return false
}

// Notice is an amendment as one person is told of it (改正のお知らせ): the articles that concern
// their role first, then the rest.
type Notice struct {
	Amendment *Amendment       `json:"amendment"`
	ForRole   []AmendedArticle `json:"forRole"`
	Others    []AmendedArticle `json:"others"`
	// Digest is the SHA-256 of exactly what the notice shows; a 周知確認 records it, so the record
	// says what was confirmed.
	Digest string `json:"digest"`
}

// NoticeFor lays out the amendment for a person who must pass modules (Plan.ModulesFor).
func (a *Amendment) NoticeFor(p *Person, modules []string) *Notice {
	n := &Notice{Amendment: a, ForRole: []AmendedArticle{}, Others: []AmendedArticle{}}
	roles := rolesOf(p)
	for _, art := range a.Articles {
		if art.Concerns(roles, modules) {
			n.ForRole = append(n.ForRole, art)
		} else {
			n.Others = append(n.Others, art)
		}
	}
	n.Digest = n.digest()
	return n
}

// digest covers the version, its commit and every article shown, in the order shown, with the
// extract as rendered: a change of any of them is another notice.
func (n *Notice) digest() string {
	type shown struct {
		ID, Label, Change, Extract, URL string
	}
	list := func(arts []AmendedArticle) []shown {
		out := make([]shown, len(arts))
		for i, a := range arts {
			out[i] = shown{a.ID, a.Label, a.Change, a.Extract, a.URL}
		}
		return out
	}
	a := n.Amendment
	b, _ := json.Marshal([]any{"notice.v1", a.Version, a.Name, a.Effective.String(), a.Commit, a.TableURL, list(n.ForRole), list(n.Others)})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// The 改正研修 of an amendment is recorded as attempts of a module of its own, so reports and
// exports tell it from the annual requirement of 【01】第17条第2項.
const amendmentModulePrefix = "amendment:"

// AmendmentModule is the module ID under which a version's 改正研修 is recorded: "amendment:r08-07".
func AmendmentModule(version string) string { return amendmentModulePrefix + version }

// AmendmentOf returns the version of a 改正研修 module, and false for any other module.
func AmendmentOf(module string) (string, bool) {
	v, ok := strings.CutPrefix(module, amendmentModulePrefix)
	return v, ok && v != ""
}

// RetrainingTitle names a version's 改正研修: 改正研修（令和8年7月改正版）.
func (a *Amendment) RetrainingTitle() string { return "改正研修（" + a.Name + "）" }
