package browser

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Navigate loads url in the tab of ctx and waits for its load event (stylesheets, scripts and
// images loaded, deferred scripts run). A document answered with an HTTP error is an error.
func Navigate(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		return fmt.Errorf("navigating to %s: %w", url, err)
	}
	if resp != nil && resp.Status >= 400 {
		return fmt.Errorf("navigating to %s: HTTP %d %s", url, resp.Status, resp.StatusText)
	}
	return nil
}

// Eval evaluates a JavaScript expression in the page of the tab of ctx and decodes its value
// (JSON-like) into T. A promise is awaited.
func Eval[T any](ctx context.Context, expression string) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expression, awaitPromise))
}

// SetViewport makes the tab's viewport width×height CSS pixels. With mobile set it behaves as a
// phone does: the page's <meta name="viewport"> is honoured and scrollbars overlay the content.
// It holds for later navigations in the tab.
func SetViewport(ctx context.Context, width, height int64, mobile bool) error {
	_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width:             width,
		Height:            height,
		DeviceScaleFactor: 1,
		Mobile:            mobile,
	})
	return err
}

// EmulateMedia makes CSS media queries in the tab see the media type ("print", "screen"); the
// empty string ends the emulation.
func EmulateMedia(ctx context.Context, media string) error {
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
	return err
}

// DisableScripts stops the pages of the tab from running JavaScript, as a browser with
// JavaScript turned off would. It holds for later navigations in the tab; Eval still works, as
// the developer tools' console does, but Axe does not: axe-core's run waits on timers, which no
// longer fire.
func DisableScripts(ctx context.Context) error {
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
}

// WaitFor evaluates the JavaScript condition in the page of the tab of ctx until it is true: for a
// script that runs after the load event (an index fetched, a pause in typing) or a page that a
// click or a submission brings. It asks again every pollInterval, from here rather than from a
// promise in the page, which a navigation would drop; an evaluation that fails because the page
// is changing is asked again too. It gives up after opTimeout, which only turns a page that never
// gets there into an error instead of a hung test.
func WaitFor(ctx context.Context, condition string) error {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	var last error
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Boolean("+condition+")"))
		if err == nil && ok {
			return nil
		}
		if err != nil {
			last = err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: it never held (last error: %v)", condition, last)
		case <-tick.C:
		}
	}
}

// pollInterval is how often WaitFor asks the page again.
const pollInterval = 20 * time.Millisecond
