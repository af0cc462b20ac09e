package http

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"isms/tracker"
)

// The 職位 → role mapping page: the 事務局 sees the mapping in force and where it comes from,
// what it does to the people on the current roster, and edits it as text. A change is shown
// against the roster first (who would change role at the next import, who would be refused), and
// only the text shown so can be saved.

// roleMapShown is how many people a list on the page shows before "ほかN人".
const roleMapShown = 200

type roleMapPage struct {
	InForce   *tracker.RoleMapping
	Current   roleEffect // the mapping in force against the roster
	Revisions []*tracker.RoleMapRevision
	Editable  bool   // no file overrides the page
	Text      string // the text in the form
	Message   string // what is wrong with the text
	// After 確認する: the mapping of the text, its effect, and the digest the save must match.
	Proposed  tracker.RoleMap
	Effect    roleEffect
	Previewed string
}

// roleEffect is a RoleMapPreview cut to what a page shows.
type roleEffect struct {
	People, Changed, NotCovered int
	Changes                     []*tracker.RoleChange
	Unmapped                    []*tracker.Person
}

func effectOf(pv *tracker.RoleMapPreview) roleEffect {
	return roleEffect{People: pv.People, Changed: len(pv.Changes), NotCovered: len(pv.Unmapped),
		Changes: pv.Changes[:min(len(pv.Changes), roleMapShown)], Unmapped: pv.Unmapped[:min(len(pv.Unmapped), roleMapShown)]}
}

// textDigest names a previewed text, so that saving refuses a text that was not previewed.
func textDigest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:16])
}

func (s *Server) handleRoleMap(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	s.renderRoleMap(w, r, http.StatusOK, roleMapPage{}, "")
}

// renderRoleMap fills in the mapping in force, its effect and the revisions; text is the form's
// content ("" for the mapping in force).
func (s *Server) renderRoleMap(w http.ResponseWriter, r *http.Request, status int, v roleMapPage, text string) {
	ctx := r.Context()
	m, err := s.RoleMapService.RoleMapInForce(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	current, err := s.RoleMapService.PreviewRoleMap(ctx, m.Map)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if v.Revisions, err = s.RoleMapService.FindRoleMapRevisions(ctx); err != nil {
		s.Error(w, r, err)
		return
	}
	v.InForce, v.Current, v.Editable, v.Text = m, effectOf(current), m.Source != tracker.RoleMapFromFile, text
	if text == "" {
		v.Text = m.Text
	}
	w.WriteHeader(status)
	s.pages.render(w, "role_map", s.page(r, "職位と役割の対応表", v))
}

// handleRoleMapPost previews the text of the form (確認する) or saves it (保存する) when it is the
// text previewed.
func (s *Server) handleRoleMapPost(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	text := tracker.NormalizeRoleMapText(r.PostFormValue("text"))
	if m, err := s.RoleMapService.RoleMapInForce(r.Context()); err != nil || m.Source == tracker.RoleMapFromFile {
		if err == nil {
			err = tracker.ErrRoleMapFile(m.File)
		}
		s.Error(w, r, err)
		return
	}
	m, err := tracker.ParseRoleMap(strings.NewReader(text))
	if err != nil {
		s.renderRoleMap(w, r, http.StatusBadRequest, roleMapPage{Message: tracker.ErrorMessage(err)}, text)
		return
	}
	var v roleMapPage
	if r.PostFormValue("action") == "save" {
		if r.PostFormValue("previewed") == textDigest(text) {
			_, err := s.RoleMapService.SaveRoleMap(r.Context(), text)
			if err == nil {
				http.Redirect(w, r, "/app/admin/roles?done=roles", http.StatusSeeOther)
				return
			}
			if c := tracker.ErrorCode(err); c != tracker.EINVALID && c != tracker.ECONFLICT {
				s.Error(w, r, err)
				return
			}
			s.renderRoleMap(w, r, ErrorStatus(tracker.ErrorCode(err)), roleMapPage{Message: tracker.ErrorMessage(err)}, text)
			return
		}
		v.Message = "確認した後に対応表が書き換えられています。変更後の内容と影響を確かめてから、もう一度保存してください。まだ保存していません。"
	}
	effect, err := s.RoleMapService.PreviewRoleMap(r.Context(), m)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v.Proposed, v.Effect, v.Previewed = m, effectOf(effect), textDigest(text)
	s.renderRoleMap(w, r, http.StatusOK, v, text)
}
