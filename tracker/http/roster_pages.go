package http

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"

	"isms/tracker"
	"isms/tracker/roster"
)

// pendingRosters keeps uploaded rosters between preview and apply, for one account each, for a
// short while; the upload is not stored anywhere else until applied.
type pendingRosters struct {
	mu      sync.Mutex
	entries map[string]*pendingRoster
}

type pendingRoster struct {
	account int64
	roster  *tracker.Roster
	created time.Time
}

const pendingTTL = 30 * time.Minute

func newPendingRosters() *pendingRosters {
	return &pendingRosters{entries: map[string]*pendingRoster{}}
}

func (p *pendingRosters) put(account int64, r *tracker.Roster) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, e := range p.entries {
		if time.Since(e.created) > pendingTTL || e.account == account {
			delete(p.entries, id)
		}
	}
	id := randomString()
	p.entries[id] = &pendingRoster{account: account, roster: r, created: time.Now()}
	return id
}

func (p *pendingRosters) take(account int64, id string) *tracker.Roster {
	p.mu.Lock()
	defer p.mu.Unlock()
	ros := p.find(account, id)
	if ros != nil {
		delete(p.entries, id)
	}
	return ros
}

// peek returns the roster without taking it, for the preview shown again.
func (p *pendingRosters) peek(account int64, id string) *tracker.Roster {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.find(account, id)
}

func (p *pendingRosters) find(account int64, id string) *tracker.Roster {
	e := p.entries[id]
	if e == nil || e.account != account || time.Since(e.created) > pendingTTL {
		return nil
	}
	return e.roster
}

type rosterPage struct {
	Columns []string
	Mapping *tracker.RoleMapping
	Message string
	Roster  *tracker.Roster
	Diff    *tracker.RosterDiff
	Pending string
}

// rosterParser reads rosters with the mapping in force at the time of the upload, so a mapping
// saved on its page applies to the next file without a restart.
func (s *Server) rosterParser(ctx context.Context) (*roster.Parser, *tracker.RoleMapping, error) {
	m, err := s.RoleMapService.RoleMapInForce(ctx)
	if err != nil {
		return nil, nil, err
	}
	return &roster.Parser{Roles: m.Map}, m, nil
}

// renderRosterForm shows the upload form (with a problem, when message is set).
func (s *Server) renderRosterForm(w http.ResponseWriter, r *http.Request, status int, message string) {
	_, m, err := s.rosterParser(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(status)
	s.pages.render(w, "roster", s.page(r, "職員名簿の取り込み", rosterPage{Columns: roster.Columns, Mapping: m, Message: message}))
}

func (s *Server) handleRosterPage(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	s.renderRosterForm(w, r, http.StatusOK, "")
}

// handleRosterPreview parses the uploaded file and shows who is added, changed and leaving;
// nothing is applied yet.
func (s *Server) handleRosterPreview(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	fail := func(err error) {
		if tracker.ErrorCode(err) != tracker.EINVALID {
			s.Error(w, r, err)
			return
		}
		s.renderRosterForm(w, r, http.StatusBadRequest, tracker.ErrorMessage(err))
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		fail(tracker.Errorf(tracker.EINVALID, "名簿ファイル（CSV）を選んでください。"))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, roster.MaxFileBytes+1))
	if err != nil {
		fail(tracker.Errorf(tracker.EINVALID, "名簿ファイルを読み込めません。"))
		return
	}
	parser, _, err := s.rosterParser(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ros, err := parser.Parse(hdr.Filename, data)
	if err != nil {
		fail(err)
		return
	}
	s.renderRosterPreview(w, r, http.StatusOK, ros, s.pending.put(session(r).Account.ID, ros), "")
}

// renderRosterPreview compares a parsed roster with the records and shows the confirmation form.
func (s *Server) renderRosterPreview(w http.ResponseWriter, r *http.Request, status int, ros *tracker.Roster, pending, message string) {
	diff, err := s.RosterService.PreviewRoster(r.Context(), ros)
	if err != nil {
		if tracker.ErrorCode(err) == tracker.EINVALID {
			s.renderRosterForm(w, r, http.StatusBadRequest, tracker.ErrorMessage(err))
			return
		}
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(status)
	s.pages.render(w, "roster_preview", s.page(r, "職員名簿の取り込み（確認）", rosterPage{Roster: ros, Diff: diff, Pending: pending, Message: message}))
}

// handleRosterApply applies the previewed roster once the 事務局 has ticked that they checked it:
// an import changes everyone's records and cannot be undone.
func (s *Server) handleRosterApply(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	account, pending := session(r).Account.ID, r.PostFormValue("pending")
	if !confirmed(r) {
		if ros := s.pending.peek(account, pending); ros != nil {
			s.renderRosterPreview(w, r, http.StatusBadRequest, ros, pending, confirmMessage)
			return
		}
	}
	ros := s.pending.take(account, pending)
	if ros == nil {
		s.Error(w, r, tracker.Errorf(tracker.ECONFLICT, "確認画面の有効期限（30分）が切れたか、すでに取り込み済みです。もう一度ファイルを選んでプレビューしてください。"))
		return
	}
	res, err := s.RosterService.ApplyRoster(r.Context(), ros, r.PostFormValue("digest"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderTempPasswords(w, r, tempPasswordsPage{Import: res})
}
