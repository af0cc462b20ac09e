package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

// runServe serves the built site (public/) and, on the same origin, the tracker.
func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", envOr("ISMS_ADDR", "127.0.0.1:8080"), "listen address (ISMS_ADDR)")
	public := fs.String("public", envOr("ISMS_PUBLIC", "public"), "built site directory (ISMS_PUBLIC)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(*public); err != nil {
		return fmt.Errorf("%s がありません。先に isms build を実行してください", *public)
	}
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(*public)))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(os.Stderr, "isms: serving http://%s/\n", ln.Addr())
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
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
