package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sync"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
)

// A Request is one network request a tab made: the page itself, a stylesheet, a script, an
// image, a font, a fetch from a script, a WebSocket.
type Request struct {
	URL      string // the URL requested (each hop of a redirect is a request of its own)
	Type     string // the resource type as Chromium names it: Document, Stylesheet, Script, Fetch, …
	Document string // the page the request was made for
	Status   int64  // the HTTP status, 0 when no response came (yet)
	Failure  string // Chromium's error text when the request failed, e.g. net::ERR_NAME_NOT_RESOLVED
}

func (r Request) String() string {
	s := fmt.Sprintf("%s %s (from %s)", r.Type, r.URL, r.Document)
	if r.Status != 0 {
		s += fmt.Sprintf(" → %d", r.Status)
	}
	if r.Failure != "" {
		s += " → " + r.Failure
	}
	return s
}

// Local reports whether the request stays on the origin base (scheme://host:port) or never
// touches the network at all (data:, blob:, about: URLs).
func (r Request) Local(base string) bool {
	u, err := url.Parse(r.URL)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "blob", "about":
		return true
	}
	b, err := url.Parse(base)
	if err != nil {
		return false
	}
	return u.Scheme == b.Scheme && u.Host == b.Host
}

// recorderKey keys a tab's recorder in the context that New returns.
type recorderKey struct{}

// A recorder collects the requests and the errors of one tab. observe runs on chromedp's event
// loop, so it only appends under a lock.
type recorder struct {
	mu       sync.Mutex
	requests []Request
	index    map[network.RequestID]int // the latest hop of each request still being recorded
	errors   []string

	frame         string // the tab's main frame (its target ID), set by New
	axeRegistered bool   // the tab sets axe-core up in each new document (see Axe)
	axeWorld      string // the unique ID of the axe-core world of the main frame's latest document
}

func (rec *recorder) observe(ev any) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.index == nil {
		rec.index = make(map[network.RequestID]int)
	}
	if msg, ok := pageError(ev); ok {
		rec.errors = append(rec.errors, msg)
		return
	}
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.RedirectResponse != nil {
			if i, ok := rec.index[ev.RequestID]; ok {
				rec.requests[i].Status = ev.RedirectResponse.Status
			}
		}
		rec.index[ev.RequestID] = len(rec.requests)
		rec.requests = append(rec.requests, Request{
			URL:      ev.Request.URL,
			Type:     string(ev.Type),
			Document: ev.DocumentURL,
		})
	case *network.EventResponseReceived:
		if i, ok := rec.index[ev.RequestID]; ok {
			rec.requests[i].Status = ev.Response.Status
		}
	case *network.EventLoadingFailed:
		if i, ok := rec.index[ev.RequestID]; ok {
			rec.requests[i].Failure = ev.ErrorText
			if ev.BlockedReason != "" {
				rec.requests[i].Failure += " (blocked: " + string(ev.BlockedReason) + ")"
			}
		}
	case *runtime.EventExecutionContextCreated:
		if ev.Context.Name == axeWorldName && frameOf(ev.Context.AuxData) == rec.frame {
			rec.axeWorld = ev.Context.UniqueID
		}
	case *network.EventWebSocketCreated:
		// A WebSocket never shows as a requestWillBeSent, yet it is a connection all the same.
		rec.requests = append(rec.requests, Request{URL: ev.URL, Type: "WebSocket"})
	}
}

// frameOf reads the frame an execution context belongs to from its auxData.
func frameOf(aux []byte) string {
	var v struct {
		FrameID string `json:"frameId"`
	}
	json.Unmarshal(aux, &v)
	return v.FrameID
}

// registerAxe reports whether axe-core is still to be registered with the tab, and records that
// it is.
func (rec *recorder) registerAxe() bool {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	first := !rec.axeRegistered
	rec.axeRegistered = true
	return first
}

// axeContext returns the unique ID of the axe-core world of the tab's current document, "" when
// it has none yet.
func (rec *recorder) axeContext() string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.axeWorld
}

// fromContext returns the recorder of the tab of ctx.
func fromContext(ctx context.Context, caller string) *recorder {
	rec, ok := ctx.Value(recorderKey{}).(*recorder)
	if !ok {
		panic("browser." + caller + ": the context does not come from browser.New")
	}
	return rec
}

// TakeRequests returns the requests the tab of ctx (from New) has made since it opened or since
// the last call, and forgets them, so that a test visiting many pages can check each page.
// A request still in flight is returned without its status.
func TakeRequests(ctx context.Context) []Request {
	rec := fromContext(ctx, "TakeRequests")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	got := rec.requests
	rec.requests = nil
	clear(rec.index)
	return got
}
