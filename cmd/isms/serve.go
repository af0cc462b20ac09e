package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"isms/handbook"
	"isms/tracker/roster"
	"isms/tracker/sqlite"

	trackerhttp "isms/tracker/http"
)

// runServe serves the built site (public/) and, on the same origin, the tracker: its pages under
// /app/ and its JSON API under /api/.
func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	addr := e.String("addr", "ISMS_ADDR", "127.0.0.1:8080", "listen address")
	public := e.String("public", "ISMS_PUBLIC", "public", "built site directory")
	cfg := storeFlags(e)
	cfg.serverFlags(e)
	if err := e.parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(*public); err != nil {
		return fmt.Errorf("%s がありません。先に isms build を実行してください", *public)
	}
	if err := cfg.applyMemoryLimit(); err != nil {
		return err
	}
	banks, err := cfg.banks()
	if err != nil {
		return err
	}
	roles, err := cfg.roles()
	if err != nil {
		return err
	}
	proxies, err := cfg.trustedPrefixes()
	if err != nil {
		return err
	}
	db, err := cfg.openDB(banks)
	if err != nil {
		return err
	}
	defer db.Close()
	first, err := db.EnsureAdmin(ctx)
	if err != nil {
		return err
	}
	if first != nil {
		// Printed once, to the operator's terminal only; the log never holds it.
		fmt.Fprintf(os.Stderr, "isms: 情報セキュリティ事務局の管理者ID %q を作成しました。\n", first.Login)
		fmt.Fprintf(os.Stderr, "isms: 仮パスワード（一度だけ表示します。最初のサインインで変更してください）: %s\n", first.Password)
	}
	edition, err := cfg.policyEdition()
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "isms: 受講記録に記す方針の版（現在）: %s\n", edition(time.Now()))
	key, err := db.Secret(ctx, "paper")
	if err != nil {
		return err
	}
	srv := &trackerhttp.Server{
		Services: db, Banks: banks, Roster: &roster.Parser{Roles: roles},
		PolicyVersion: edition, PaperKey: key, PaperTTL: *cfg.paperTTL,
		Static:      handbook.Static(*public),
		ProxyHeader: *cfg.proxyHeader, TrustedProxies: proxies, SecureCookies: *cfg.secureCookies,
		PasswordMinLength: *cfg.passwordMin,
		Logger:            slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}
	handler, err := srv.Handler()
	if err != nil {
		return err
	}
	return listenAndServe(ctx, *addr, handler, db)
}

// listenAndServe serves until ctx ends, then lets requests in flight finish.
func listenAndServe(ctx context.Context, addr string, handler http.Handler, db *sqlite.DB) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	fmt.Fprintf(os.Stderr, "isms: serving http://%s/ (研修管理 /app/, API /api/, data %s)\n", ln.Addr(), db.Path)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(shutdown)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// envOr returns the environment variable name, or def when it is unset.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}
