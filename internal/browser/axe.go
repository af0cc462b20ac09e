package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"isms/internal/testdir"
)

// WCAG are the axe-core tags of the success criteria the site is held to: WCAG 2.0 and 2.1,
// levels A and AA. JIS X 8341-3:2016 level AA is WCAG 2.0 AA; the 2.1 criteria come on top.
var WCAG = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeFile is axe-core's browser bundle, installed by npm from this package's package.json.
// It is injected into the page under test only; the site never serves it.
var axeFile = filepath.Join("internal", "browser", "node_modules", "axe-core", "axe.min.js")

const axeHint = "run `npm ci` in internal/browser, or `bash .ci/deps`"

// A Rule is one axe-core rule that a page breaks, with the elements that break it.
type Rule struct {
	ID      string `json:"id"`      // e.g. color-contrast
	Impact  string `json:"impact"`  // minor, moderate, serious or critical
	Help    string `json:"help"`    // one line on what the rule asks
	HelpURL string `json:"helpUrl"` // the rule's documentation
	Nodes   []Node `json:"nodes"`
}

// A Node is one element that breaks a rule.
type Node struct {
	Target  []string `json:"target"`  // a CSS selector path to the element
	HTML    string   `json:"html"`    // the start of its markup
	Summary string   `json:"summary"` // what to fix, as axe-core words it
}

// A Report is what axe-core found on one page.
type Report struct {
	URL        string `json:"url"`
	Violations []Rule `json:"violations"` // rules that fail
	Incomplete []Rule `json:"incomplete"` // rules axe-core could not decide; a person should look
}

// String prints a rule readably, one element per line, for a test failure.
func (r Rule) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n  %s", r.ID, r.Impact, r.Help, r.HelpURL)
	for _, n := range r.Nodes {
		fmt.Fprintf(&b, "\n  - at %s\n    %s", strings.Join(n.Target, " "), n.HTML)
		if n.Summary != "" {
			fmt.Fprintf(&b, "\n    %s", strings.ReplaceAll(n.Summary, "\n", "\n    "))
		}
	}
	return b.String()
}

// Axe runs axe-core on the page loaded in the tab of ctx, checking the rules of the given tags
// (WCAG when none are given), and returns what it found.
//
// axe-core runs in an isolated world of the page (as a browser extension's script does): it
// sees the page's document, while the page's own scripts do not see it. The tab is given
// axe-core once, on its first Axe, and from then on Chromium sets it up in each new document
// itself, which spares sending and compiling its 650 KB for every page a test checks.
func Axe(ctx context.Context, tags ...string) (Report, error) {
	if len(tags) == 0 {
		tags = WCAG
	}
	src, err := axeSource()
	if err != nil {
		return Report{}, err
	}
	rec := fromContext(ctx, "Axe")
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	world, err := axeWorld(ctx, rec, src)
	if err != nil {
		return Report{}, fmt.Errorf("axe: injecting axe-core: %w", err)
	}
	list, err := json.Marshal(tags)
	if err != nil {
		return Report{}, err
	}
	report, err := chromedp.Run(ctx, chromedp.Evaluate[Report](fmt.Sprintf(runAxe, list), awaitPromise, world))
	if err != nil {
		return Report{}, fmt.Errorf("axe: %w", err)
	}
	return report, nil
}

// axeWorldName names the isolated world that holds axe-core.
const axeWorldName = "isms-axe"

// axeWorld returns the evaluation option that runs a script in the axe-core world of the page
// loaded in the tab, registering axe-core with the tab on its first use. A document whose world
// has no axe-core (one loaded with scripts disabled, or whose world was not created) gets a
// world made for it and axe-core sent into it.
func axeWorld(ctx context.Context, rec *recorder, src string) (chromedp.EvaluateOption, error) {
	if rec.registerAxe() {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: src, WorldName: axeWorldName, RunImmediately: new(true),
		}); err != nil {
			return nil, err
		}
	}
	if id := rec.axeContext(); id != "" {
		in := func(p *runtime.EvaluateParams) { p.UniqueContextID = id }
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === "object"`, in)); err == nil && ok {
			return in, nil
		}
	}
	w, err := chromedp.Call(ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{
		FrameID: cdp.FrameID(rec.frame), WorldName: axeWorldName,
	})
	if err != nil {
		return nil, err
	}
	in := func(p *runtime.EvaluateParams) { p.ContextID = w.ExecutionContextID }
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src, in)); err != nil {
		return nil, err
	}
	return in, nil
}

// runAxe runs axe-core with the tags %s (a JSON array) and keeps only what a report needs.
const runAxe = `(async () => {
	const r = await axe.run(document, {
		runOnly: {type: "tag", values: %s},
		resultTypes: ["violations"],
	});
	const target = t => t.map(s => Array.isArray(s) ? s.join(" >>> ") : String(s));
	const rules = list => list.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: target(n.target), html: n.html, summary: n.failureSummary || ""})),
	}));
	return {url: r.url, violations: rules(r.violations), incomplete: rules(r.incomplete)};
})()`

func awaitPromise(p *runtime.EvaluateParams) { p.AwaitPromise = new(true) }

var axeOnce struct {
	sync.Once
	src string
	err error
}

// axeSource reads axe-core's bundle once per test binary.
func axeSource() (string, error) {
	axeOnce.Do(func() {
		root, err := testdir.RepoRoot()
		if err != nil {
			axeOnce.err = err
			return
		}
		axeOnce.src, axeOnce.err = readAxe(root)
	})
	return axeOnce.src, axeOnce.err
}

// readAxe reads axe-core's bundle from the repository at root.
func readAxe(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, axeFile))
	if err != nil {
		return "", fmt.Errorf("axe-core is not installed (%v): %s", err, axeHint)
	}
	return string(b), nil
}
