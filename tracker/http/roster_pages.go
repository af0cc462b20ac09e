package http

import (
	"context"
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
	e := p.find(account, id)
	if e != nil {
		delete(p.entries, id)
	}
	return e
}

// peek returns the account's upload without taking it, for the preview shown again.
func (p *pendingRosters) peek(account int64, id string) *pendingRoster {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.find(account, id)
}

func (p *pendingRosters) find(account int64, id string) *pendingRoster {
	e := p.entries[id]
	if e == nil || e.account != account {
		return nil
	}
	if time.Since(e.created) > pendingTTL {
		os.Remove(e.path)
		delete(p.entries, id)
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
	Mapping *tracker.RoleMapping
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
		s.renderRosterPreview(w, r, http.StatusOK, ros, diff, s.pending.put(session(r).Account.ID, up.keep(), up.name), "")
		return nil
	})
	if err != nil {
		fail(err)
	}
}

// renderRosterPreview shows the comparison of a parsed roster with the records and the
// confirmation form.
func (s *Server) renderRosterPreview(w http.ResponseWriter, r *http.Request, status int, ros *tracker.Roster, diff *tracker.RosterDiff, pending, message string) {
	w.WriteHeader(status)
	s.pages.render(w, "roster_preview", s.page(r, "職員名簿の取り込み（確認）",
		rosterPage{Roster: ros, Diff: diff, Pending: pending, Message: message, Shown: previewRows}))
}

// parsePending parses an upload waiting between preview and apply and runs fn with it.
func (s *Server) parsePending(ctx context.Context, p *pendingRoster, fn func(*tracker.Roster) error) error {
	f, err := os.Open(p.path)
	if err != nil {
		return err
	}
	defer f.Close()
	return s.parseRoster(ctx, f, p.name, fn)
}

// handleRosterApply applies the previewed roster once the 事務局 has ticked that they checked it:
// an import changes everyone's records and cannot be undone.
func (s *Server) handleRosterApply(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	ctx, account, id := r.Context(), session(r).Account.ID, r.PostFormValue("pending")
	if !confirmed(r) {
		if p := s.pending.peek(account, id); p != nil {
			err := s.parsePending(ctx, p, func(ros *tracker.Roster) error {
				diff, err := s.RosterService.PreviewRoster(ctx, ros)
				if err != nil {
					return err
				}
				s.renderRosterPreview(w, r, http.StatusBadRequest, ros, diff, id, confirmMessage)
				return nil
			})
			if err != nil {
				s.Error(w, r, err)
			}
			return
		}
	}
	p := s.pending.take(account, id)
	if p == nil {
		s.Error(w, r, errPendingGone("取り込み済み", "新しいファイルをプレビューした", "もう一度ファイルを選んでプレビューしてください。"))
		return
	}
	defer os.Remove(p.path)
	err := s.parsePending(ctx, p, func(ros *tracker.Roster) error {
		res, err := s.RosterService.ApplyRoster(ctx, ros, r.PostFormValue("digest"))
		if err != nil {
			return err
		}
		s.renderTempPasswords(w, r, tempPasswordsPage{Import: res})
		return nil
	})
	if err != nil {
		s.Error(w, r, err)
	}
}
