package http

import (
	"net/http"
	"os"
	"sync"
	"time"

	"isms/tracker"
	"isms/tracker/roster"
)

// pendingRosters keeps uploaded rosters between preview and apply, for one account each, for a
// short while: the file as uploaded, in the server's temporary directory (parsed again on apply,
// so no parsed roster waits in memory), and nowhere else until applied.
type pendingRosters struct {
	mu      sync.Mutex
	entries map[string]*pendingRoster
}

type pendingRoster struct {
	account int64
	path    string // the uploaded file
	name    string // its name as the browser sent it
	created time.Time
}

const pendingTTL = 30 * time.Minute

func newPendingRosters() *pendingRosters {
	return &pendingRosters{entries: map[string]*pendingRoster{}}
}

// put keeps the file at path for the account, replacing the account's earlier upload.
func (p *pendingRosters) put(account int64, path, name string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, e := range p.entries {
		if time.Since(e.created) > pendingTTL || e.account == account {
			os.Remove(e.path)
			delete(p.entries, id)
		}
	}
	id := randomString()
	p.entries[id] = &pendingRoster{account: account, path: path, name: name, created: time.Now()}
	return id
}

// take hands the account's upload over (the caller removes the file), or nil.
func (p *pendingRosters) take(account int64, id string) *pendingRoster {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.entries[id]
	if e == nil || e.account != account {
		return nil
	}
	delete(p.entries, id)
	if time.Since(e.created) > pendingTTL {
		os.Remove(e.path)
		return nil
	}
	return e
}

// clear removes every file still waiting (the server is stopping).
func (p *pendingRosters) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, e := range p.entries {
		os.Remove(e.path)
		delete(p.entries, id)
	}
}

type rosterPage struct {
	Columns []string
	Roles   []rolePositions
	Message string
	Roster  *tracker.Roster
	Diff    *tracker.RosterDiff
	Pending string
	Result  *tracker.RosterResult
	Shown   int // rows listed per table of the preview; the counts are of everyone
}

// previewRows bounds each table of the preview: the page of a 50,000-row file would otherwise be
// tens of megabytes, built in memory before it is sent.
const previewRows = 1000

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
	return rosterPage{Columns: roster.Columns, Roles: rp, Message: message, Shown: previewRows}
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
	up := uploadOf(r)
	if up == nil || up.file == nil {
		fail(tracker.Errorf(tracker.EINVALID, "名簿ファイル（CSV）を選んでください。"))
		return
	}
	err := s.parseRoster(r.Context(), up.file, up.name, func(ros *tracker.Roster) error {
		diff, err := s.RosterService.PreviewRoster(r.Context(), ros)
		if err != nil {
			return err
		}
		v := s.rosterPage("")
		v.Roster, v.Diff, v.Pending = ros, diff, s.pending.put(session(r).Account.ID, up.keep(), up.name)
		s.pages.render(w, "roster_preview", s.page(r, "職員名簿の取り込み（確認）", v))
		return nil
	})
	if err != nil {
		fail(err)
	}
}

func (s *Server) handleRosterApply(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	pending := s.pending.take(session(r).Account.ID, r.PostFormValue("pending"))
	if pending == nil {
		s.Error(w, r, tracker.Errorf(tracker.ECONFLICT, "確認画面の有効期限（30分）が切れたか、すでに取り込み済みです。もう一度ファイルを選んでプレビューしてください。"))
		return
	}
	defer os.Remove(pending.path)
	f, err := os.Open(pending.path)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer f.Close()
	err = s.parseRoster(r.Context(), f, pending.name, func(ros *tracker.Roster) error {
		res, err := s.RosterService.ApplyRoster(r.Context(), ros, r.PostFormValue("digest"))
		if err != nil {
			return err
		}
		v := s.rosterPage("")
		v.Roster, v.Result = ros, res
		s.pages.render(w, "roster_result", s.page(r, "職員名簿を取り込みました", v))
		return nil
	})
	if err != nil {
		s.Error(w, r, err)
	}
}
