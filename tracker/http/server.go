// Package http serves the tracker on one origin with the handbook: HTML pages under /app/ (forms
// that work without JavaScript) and a JSON API under /api/ for automation. Everything else is
// handed to Static, the built site.
package http

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"isms/quiz"
	"isms/tracker"
	"isms/tracker/remind"
	"isms/tracker/roster"
)

// Server is the tracker's HTTP server. Set the fields, then call Open (or use Handler).
type Server struct {
	Addr string // listen address; "127.0.0.1:0" in tests

	// The services the pages and the API call; tracker/sqlite's DB implements them all.
	AuthService    tracker.AuthService
	PersonService  tracker.PersonService
	RosterService  tracker.RosterService
	PlanService    tracker.PlanService
	AttemptService tracker.AttemptService
	AuditService   tracker.AuditService
	ReportService  tracker.ReportService
	RoleMapService tracker.RoleMapService // the 職位 → role mapping uploaded rosters are read with
	// 集合研修・訓練, their attendance and results, and the record of reminders.
	TrainingService tracker.TrainingService
	DrillService    tracker.DrillService
	ReminderService tracker.ReminderService
	// Reminders prepares, sends and hands out reminders.
	Reminders *remind.Service
	// AmendmentService keeps 周知確認, the versions' settings and question reviews; Amendments are
	// the policy's amendments, read from the repository at start (none in a tree without history).
	AmendmentService tracker.AmendmentService
	Amendments       []*tracker.Amendment
	// The year report's proposals and the evidence pack's reading of the audit chain.
	ProposalService tracker.ProposalService
	EvidenceService tracker.EvidenceService

	Banks []*quiz.Bank // the question banks in force
	// PolicyVersion gives the edition of the policy in force at a time, recorded with every attempt
	// (a server runs across an amendment's 施行日); nil records "current".
	PolicyVersion func(time.Time) string
	// Editions name the policy editions attempts recorded (versions.toml): pages show
	// 令和2年8月版（令和2年8月1日施行）, never the bare ID.
	Editions tracker.Editions
	// PaperKey signs drawn papers; keep it across restarts so open quizzes can still be submitted.
	PaperKey []byte
	// PaperTTL is how long a drawn paper may be submitted.
	PaperTTL time.Duration
	// Static serves every path outside /app/ and /api/ (the built handbook).
	Static http.Handler

	// ProxyHeader names the header in which a trusted single-sign-on proxy passes the signed-in
	// 職員番号; empty turns proxy sign-in off. Only requests from TrustedProxies may use it.
	ProxyHeader    string
	TrustedProxies []netip.Prefix
	// SecureCookies marks cookies Secure even over plain HTTP (TLS ends at a proxy in front).
	SecureCookies bool
	// PasswordMinLength is shown on the password form; the rule itself is the store's.
	PasswordMinLength int
	// RefusalDelay holds the answer to a sign-in the limits refused (at most maxHeldRefusals at
	// once), so that a client flooding the sign-in slows itself down; 0 answers at once.
	RefusalDelay time.Duration
	// TempDir holds uploaded rosters while they are checked and until they are applied (they are
	// 重要性分類A: keep it on the server's own disk, readable by the service only); "" is the
	// system's temporary directory.
	TempDir string

	Now    func() time.Time
	Logger *slog.Logger

	ln           net.Listener
	server       *http.Server
	handler      http.Handler
	pages        *pages
	pending      *pendingRosters
	pendingLists pending[*tracker.StaffList] // attendance lists between preview and confirmation
	pendingDrill pending[*tracker.DrillFile] // 訓練 results likewise
	rosterGate   chan struct{}               // one roster parsed at a time (upload.go)
	held         chan struct{}               // refused sign-ins being held (holdRefusal)
	questionJSON questionJSON
}

// Open listens on Addr and serves in the background; Addr is replaced by the bound address.
func (s *Server) Open() error {
	h, err := s.Handler()
	if err != nil {
		return err
	}
	if s.ln, err = net.Listen("tcp", s.Addr); err != nil {
		return err
	}
	s.Addr = s.ln.Addr().String()
	s.server = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	go s.server.Serve(s.ln)
	return nil
}

// Close stops the server, letting requests in flight finish.
func (s *Server) Close() error {
	if s.server == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.server.Shutdown(ctx)
	s.pending.clear()
	return err
}

// URL is the base URL of an open server.
func (s *Server) URL() string { return "http://" + s.Addr }

// Handler returns the handler for the whole origin.
func (s *Server) Handler() (http.Handler, error) {
	if s.handler != nil {
		return s.handler, nil
	}
	if s.AuthService == nil || s.PersonService == nil || s.RosterService == nil || s.PlanService == nil ||
		s.AttemptService == nil || s.AuditService == nil || s.ReportService == nil || s.RoleMapService == nil || s.TrainingService == nil ||
		s.DrillService == nil || s.ReminderService == nil || s.Reminders == nil || s.AmendmentService == nil || s.ProposalService == nil || s.EvidenceService == nil || len(s.PaperKey) < 16 {
		return nil, errors.New("tracker/http: every service and a PaperKey of 16 bytes or more are required")
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.PolicyVersion == nil {
		s.PolicyVersion = func(time.Time) string { return "current" }
	}
	if s.PaperTTL == 0 {
		s.PaperTTL = 8 * time.Hour
	}
	if s.Static == nil {
		s.Static = http.NotFoundHandler()
	}
	var err error
	if s.pages, err = parsePages(s.moduleTitle, s.Editions.Label); err != nil {
		return nil, err
	}
	s.pending = newPendingRosters()
	s.rosterGate = make(chan struct{}, 1)
	s.held = make(chan struct{}, maxHeldRefusals)
	s.questionJSON = newQuestionJSON(s.Banks)

	app := http.NewServeMux()
	s.routePages(app)
	s.routeAPI(app)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.refuse(w, r, "cross-origin request")
	}))
	tracked := s.secureHeaders(cop.Handler(s.authenticate(app)))

	root := http.NewServeMux()
	root.Handle("/app/", tracked)
	root.Handle("/api/", tracked)
	root.Handle("/", s.Static)
	s.handler = root
	return root, nil
}

// secureHeaders marks every tracker response as private and not to be framed, sniffed or cached:
// the pages hold 重要性分類A data.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		limit := int64(1 << 20)
		if uploadPath(r.URL.Path) {
			limit = roster.MaxFileBytes + 1<<20
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// isAPI reports whether the request is for the JSON API.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// clientAddr is the address the request came from; behind a trusted proxy, the address the proxy
// reports in X-Forwarded-For.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if s.fromTrustedProxy(r) {
		if fwd := r.Header.Get("X-Forwarded-For"); fwd != "" {
			parts := strings.Split(fwd, ",")
			if a, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
				return a.String()
			}
		}
	}
	return host
}

func (s *Server) fromTrustedProxy(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// secure reports whether cookies should be marked Secure for this request.
func (s *Server) secure(r *http.Request) bool {
	return s.SecureCookies || r.TLS != nil || (s.fromTrustedProxy(r) && r.Header.Get("X-Forwarded-Proto") == "https")
}

// fiscalYear is the current fiscal year by the server's clock.
func (s *Server) fiscalYear() tracker.FiscalYear { return tracker.FiscalYearOf(s.Now()) }

// moduleTitle names a module by its bank's title, or a 改正研修 by its version.
func (s *Server) moduleTitle(module string) string {
	if b := s.bank(module); b != nil {
		return b.Title
	}
	if v, ok := tracker.AmendmentOf(module); ok {
		if a := tracker.FindAmendment(s.Amendments, v); a != nil {
			return a.RetrainingTitle()
		}
		return "改正研修（" + v + "）"
	}
	return module
}

// bank returns the bank of a module, or nil.
func (s *Server) bank(module string) *quiz.Bank { return quiz.Find(s.Banks, module) }
