package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
)

// pageError turns the events that mean something went wrong in the page into one line each:
// an uncaught exception, console.error, and the browser's own error messages, which include a
// resource that failed to load and anything the Content-Security-Policy refused (an inline
// script or style, a font from elsewhere).
func pageError(ev any) (string, bool) {
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		return fmt.Sprintf("uncaught exception: %s (%s:%d)", msg, d.URL, d.LineNumber+1), true
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return "", false
		}
		var args []string
		for _, a := range ev.Args {
			switch {
			case a.Value != nil:
				var v any
				if err := json.Unmarshal(a.Value, &v); err != nil {
					v = string(a.Value)
				}
				args = append(args, fmt.Sprint(v))
			case a.Description != "":
				args = append(args, a.Description)
			}
		}
		return "console.error: " + strings.Join(args, " "), true
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return "", false
		}
		return fmt.Sprintf("%s: %s (%s:%d)", e.Source, e.Text, e.URL, e.LineNumber+1), true
	}
	return "", false
}

// TakeErrors returns the errors the pages of the tab of ctx have met since it opened or since
// the last call (uncaught exceptions, console.error, resources that failed to load, what the
// Content-Security-Policy refused), and forgets them.
func TakeErrors(ctx context.Context) []string {
	rec := fromContext(ctx, "TakeErrors")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	got := rec.errors
	rec.errors = nil
	return got
}
