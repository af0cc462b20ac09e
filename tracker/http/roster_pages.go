package http

import (
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
	e := p.entries[id]
	if e == nil || e.account != account || time.Since(e.created) > pendingTTL {
		return nil
	}
	delete(p.entries, id)
	return e.roster
}

type rosterPage struct {
	Columns []string
	Roles   []rolePositions
	Message string
	Roster  *tracker.Roster
	Diff    *tracker.RosterDiff
	Pending string
	Result  *tracker.RosterResult
}

type rolePositions struct {
	Role      tracker.Role
	Positions []string
}

func (s *Server) rosterPage(message string) rosterPage {
	var rp []rolePositions
	for _, role := range tracker.Roles() {
		var ps []string
		for _, pos := range s.Roster.Roles.Positions() {
			if s.Roster.Roles[pos] == role {
				ps = append(ps, pos)
			}
		}
		rp = append(rp, rolePositions{Role: role, Positions: ps})
	}
	return rosterPage{Columns: roster.Columns, Roles: rp, Message: message}
}

func (s *Server) handleRosterPage(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	s.pages.render(w, "roster", s.page(r, "職員名簿の取り込み", s.rosterPage("")))
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
		w.WriteHeader(http.StatusBadRequest)
		s.pages.render(w, "roster", s.page(r, "職員名簿の取り込み", s.rosterPage(tracker.ErrorMessage(err))))
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
	ros, err := s.Roster.Parse(hdr.Filename, data)
	if err != nil {
		fail(err)
		return
	}
	diff, err := s.RosterService.PreviewRoster(r.Context(), ros)
	if err != nil {
		fail(err)
		return
	}
	v := s.rosterPage("")
	v.Roster, v.Diff, v.Pending = ros, diff, s.pending.put(session(r).Account.ID, ros)
	s.pages.render(w, "roster_preview", s.page(r, "職員名簿の取り込み（確認）", v))
}

func (s *Server) handleRosterApply(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	ros := s.pending.take(session(r).Account.ID, r.PostFormValue("pending"))
	if ros == nil {
		s.Error(w, r, tracker.Errorf(tracker.ECONFLICT, "確認画面の有効期限（30分）が切れたか、すでに取り込み済みです。もう一度ファイルを選んでプレビューしてください。"))
		return
	}
	res, err := s.RosterService.ApplyRoster(r.Context(), ros, r.PostFormValue("digest"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v := s.rosterPage("")
	v.Roster, v.Result = ros, res
	s.pages.render(w, "roster_result", s.page(r, "職員名簿を取り込みました", v))
}
