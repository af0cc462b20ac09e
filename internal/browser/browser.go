// Package browser runs the site in a real browser for the tests: Debian's Chromium, headless,
// driven through the DevTools protocol by chromedp.
//
// One Chromium process serves the whole test binary, because starting it costs far more than a
// page; each call of New opens a fresh tab in a browser context of its own (no shared cache,
// cookies or storage), so tests stay independent and may run in parallel. A test binary that
// uses New must stop the browser after its tests, from TestMain:
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		browser.Close()
//		os.Exit(code)
//	}
package browser

import (
	"isms/internal/testdir"

	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian's chromium package installs the browser.
const ChromiumPath = "/usr/bin/chromium"

// installHint is appended to every error about a missing browser, so that whoever reads the
// failing test knows the one command that fixes it.
const installHint = "install it with `apt-get install -y chromium` (as root), or run `bash .ci/deps`"

// opTimeout bounds one browser operation. It only keeps a hung browser from blocking the
// test binary until go test's own ten-minute limit; no test asserts anything about time.
const opTimeout = 2 * time.Minute

// flags are the exact command-line switches the browser gets (besides --user-data-dir and the
// --remote-debugging-pipe that chromedp needs). The first ones keep Chromium from talking to
// anything but the pages under test: no background networking, component updates, sync or QUIC
// probing. The last two keep a tab's navigations in the renderer process it has: by default
// Chromium gives each navigation a new document host and browsing instance (for the back/forward
// cache) and each site its own process, which in a test that walks one site page after page
// costs more processor time than the pages themselves (a third of TestEveryPageInBrowser's). Pages
// are laid out, scripted and checked the same either way; the tests never go back in history.
var flags = map[string]any{
	"headless":                      true,
	"no-sandbox":                    true,
	"disable-gpu":                   true,
	"disable-background-networking": true,
	"disable-component-update":      true,
	"disable-sync":                  true,
	"no-first-run":                  true,
	"disable-quic":                  true,
	"disable-site-isolation-trials": true,
	"disable-features":              "BackForwardCache,ProactivelySwapBrowsingInstance,RenderDocument,site-per-process,IsolateOrigins",
}

// shared is the one browser of the test binary.
var shared struct {
	mu      sync.Mutex
	ctx     context.Context    // the browser's first tab; new tabs derive from it
	cancel  context.CancelFunc // stops the browser and the allocator
	profile string             // the --user-data-dir, removed by Close
}

// New opens a new tab in the shared browser, starting the browser on first use, and closes
// the tab when the test ends. The tab records every network request it makes (see
// TakeRequests) and lets none leave this machine. The test fails at once when Chromium is not installed or does not start.
func New(t testing.TB) context.Context {
	t.Helper()
	parent, err := running()
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	rec := &recorder{}
	ctx, cancel := chromedp.NewContext(parent,
		chromedp.WithNewBrowserContext(),
		chromedp.WithListener(rec.observe),
	)
	t.Cleanup(cancel)
	// The first Run creates and attaches the tab, so that a failure shows here rather than
	// in the test's first navigation. The tab lives as long as the context of that Run, so it
	// must be ctx itself, not one with a deadline.
	if err := within(func() error { return chromedp.Do(ctx) }); err != nil {
		t.Fatalf("browser: opening a tab: %v", err)
	}
	rec.mu.Lock()
	rec.frame = string(chromedp.FromContext(ctx).Target.TargetID)
	rec.mu.Unlock()
	if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: loopbackOnly}); err != nil {
		t.Fatalf("browser: blocking requests off this machine: %v", err)
	}
	return context.WithValue(ctx, recorderKey{}, rec)
}

// loopbackOnly lets a tab reach servers on this machine and stops every other request inside
// the browser, before any connection: a page that would load something from elsewhere shows as
// a recorded, failed request (blocked: inspector) instead of reaching out.
var loopbackOnly = []*network.BlockPattern{
	{URLPattern: "*://127.0.0.1:*/*", Block: false},
	{URLPattern: "*://localhost:*/*", Block: false},
	{URLPattern: "*://*:*/*", Block: true},
}

// running returns the context of the shared browser, starting the browser if it is not running
// (first use, or after a crash).
func running() (context.Context, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.ctx != nil && shared.ctx.Err() == nil {
		return shared.ctx, nil
	}
	stopLocked()
	if err := installed(ChromiumPath); err != nil {
		return nil, err
	}
	// The profile lives as long as the binary's browser, which outlives any one test, so it
	// cannot be a t.TempDir (that would be removed, under the running browser, when the test
	// that happened to start it ends).
	profile, err := testdir.New(profilePrefix)
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath),
		chromedp.UserDataDir(profile),
	}
	for name, value := range flags {
		opts = append(opts, chromedp.Flag(name, value))
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	cancel := func() { cancelBrowser(); cancelAlloc() }
	// The first Run starts the process and binds its life to ctx.
	if err := within(func() error { return chromedp.Do(ctx) }); err != nil {
		cancel()
		os.RemoveAll(profile)
		return nil, fmt.Errorf("starting %s: %v (if it is missing or broken, %s)", ChromiumPath, err, installHint)
	}
	shared.ctx, shared.cancel, shared.profile = ctx, cancel, profile
	return ctx, nil
}

// within runs the first Run of a chromedp context, which must get a context without deadline,
// and gives up when the browser does not answer in opTimeout. The caller then cancels the
// context, which ends the Run.
func within(run func() error) error {
	done := make(chan error, 1)
	go func() { done <- run() }()
	select {
	case err := <-done:
		return err
	case <-time.After(opTimeout):
		return errors.New("no answer from the browser")
	}
}

// installed checks that the browser binary is there, naming the fix when it is not.
func installed(path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("Chromium is not installed at %s: %s", path, installHint)
	}
	return nil
}

// Close stops the shared browser, if it runs, and removes its profile directory. Call it from
// TestMain after m.Run; New starts a new browser if it is called again.
func Close() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	stopLocked()
}

func stopLocked() {
	if shared.cancel != nil {
		shared.cancel()
	}
	if shared.profile != "" {
		os.RemoveAll(shared.profile)
	}
	shared.ctx, shared.cancel, shared.profile = nil, nil, ""
}

// profilePrefix starts the name of each browser profile directory; the test binary's process ID
// follows it.
const profilePrefix = "isms-chromium-"
