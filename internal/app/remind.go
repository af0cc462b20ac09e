package app

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"isms/tracker"
	"isms/tracker/export"
	"isms/tracker/mail"
	"isms/tracker/remind"
)

// mailConfig is the relay from the configuration; a CA file, when given, is the only root trusted.
func (c Config) mailConfig() (mail.Config, error) {
	mc := mail.Config{Host: c.SMTPHost, Port: c.SMTPPort, From: c.SMTPFrom, FromName: c.SMTPFromName, User: c.SMTPUser,
		Password: c.SMTPPassword, Plain: c.SMTPPlain}
	if c.SMTPHost != "" && c.SMTPFrom == "" {
		return mc, fmt.Errorf("-smtp-host を指定したときは送信元のアドレス（-smtp-from）も指定してください")
	}
	if c.SMTPCA != "" {
		pem, err := os.ReadFile(c.SMTPCA)
		if err != nil {
			return mc, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return mc, fmt.Errorf("%s に証明書（PEM）がありません", c.SMTPCA)
		}
		mc.TLS = &tls.Config{RootCAs: pool}
	}
	return mc, nil
}

// lockedMailer lets the pages and the schedule share one relay connection.
type lockedMailer struct {
	mu sync.Mutex
	c  *mail.Client
}

func (m *lockedMailer) Send(msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.c.Send(msg)
}

// RemindService assembles the reminder service over the store, with the relay of the configuration.
func (a *App) RemindService() (*remind.Service, error) {
	mc, err := a.Config.mailConfig()
	if err != nil {
		return nil, err
	}
	titles := map[string]string{}
	for _, m := range export.ModuleRefs(a.Banks) {
		titles[m.Module] = m.Title
	}
	portal := a.Config.PortalURL
	if portal == "" {
		portal = "http://" + a.Config.Addr
	}
	s := &remind.Service{Reports: a.DB, Plans: a.DB, Log: a.DB, PortalURL: portal, Titles: titles, Now: a.Now}
	if mc.Enabled() {
		s.Mailer = &lockedMailer{c: &mail.Client{Config: mc, Now: a.Now}}
	}
	return s, nil
}

// RemindDue sends the reminders the schedule (-remind-days) asks for today: to each 未受講者
// whose deadline is that many days away and who has not been reminded today, and to their
// セキュリティ管理者. It is what the server runs every hour; tests call it with their clock.
func (a *App) RemindDue(ctx context.Context) (*remind.Result, error) {
	if len(a.Config.RemindDays) == 0 || a.HTTP == nil || a.HTTP.Reminders.Mailer == nil {
		return &remind.Result{}, nil
	}
	ctx = tracker.NewContext(ctx, tracker.SystemPrincipal("system:remind"))
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	o := remind.Options{FiscalYear: tracker.FiscalYearOf(now()), DaysBefore: a.Config.RemindDays}
	b, err := a.HTTP.Reminders.Prepare(ctx, o)
	if err != nil || len(b.Staff)+len(b.Managers) == 0 {
		return &remind.Result{}, err
	}
	return a.HTTP.Reminders.Send(ctx, o, b.Digest)
}

// remindLoop runs RemindDue every interval until stop.
func (a *App) remindLoop(logger *slog.Logger, interval time.Duration) {
	defer close(a.remindDone)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		res, err := a.RemindDue(context.Background())
		switch {
		case err != nil:
			logger.Error("scheduled reminders", "err", err)
		case res.Sent+res.Failed+res.NoAddress > 0:
			logger.Info("scheduled reminders", "batch", res.Batch, "sent", res.Sent, "failed", res.Failed, "no_address", res.NoAddress)
		}
		select {
		case <-tick.C:
		case <-a.stopRemind:
			return
		}
	}
}
