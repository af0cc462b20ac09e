// Package testreport turns the events of `go test -json` into what a person reads at the end of
// a test run: a line per package as `go test` prints it, the output of the tests that failed
// (and of a package that failed outside any test: a build error, a panic, a timeout), and the
// packages and tests that took longest, so that a slow run shows where its time went.
package testreport

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// An event is one line of `go test -json` (cmd/test2json); build-output carries the compiler's
// messages for the package in ImportPath.
type event struct {
	Time       time.Time
	Action     string
	Package    string
	ImportPath string
	Test       string
	Elapsed    float64 // seconds
	Output     string
}

// A Timing is how long a package's test binary, or one top-level test, ran.
type Timing struct {
	Name    string // the import path, or "path TestName"
	Elapsed time.Duration
}

// A Summary is what a run came to.
type Summary struct {
	Failed   []string // the packages that failed, in the order they finished
	Packages []Timing // every package that ran tests, slowest first
	Tests    []Timing // every top-level test, slowest first
}

// pkg is what is kept of a package until it ends: the lines of output that may still have to
// be shown, each with the test that wrote it ("" for the package itself).
type pkg struct {
	lines   []line
	passed  map[string]bool
	started map[string]time.Time // when each top-level test began
}

type line struct{ test, text string }

// Read copies the events on in to out as they come, in the form described in the package
// comment, and returns the summary. A line that is not an event (a message of the go command)
// is copied as it is.
func Read(in io.Reader, out io.Writer) (Summary, error) {
	var sum Summary
	pkgs := map[string]*pkg{}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		var ev event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil || ev.Action == "" {
			fmt.Fprintln(out, sc.Text())
			continue
		}
		switch ev.Action {
		case "build-output":
			fmt.Fprint(out, ev.Output)
			continue
		case "build-fail": // the package's own fail follows
			continue
		}
		p := pkgs[ev.Package]
		if p == nil {
			p = &pkg{passed: map[string]bool{}, started: map[string]time.Time{}}
			pkgs[ev.Package] = p
		}
		elapsed := time.Duration(ev.Elapsed * float64(time.Second))
		switch {
		case ev.Action == "run":
			p.started[ev.Test] = ev.Time
		case ev.Action == "output":
			p.lines = append(p.lines, line{ev.Test, ev.Output})
		case ev.Test != "" && (ev.Action == "pass" || ev.Action == "skip" || ev.Action == "fail"):
			if ev.Action != "fail" {
				p.passed[ev.Test] = true
			}
			if !strings.Contains(ev.Test, "/") {
				// From its start to its end: a test's own Elapsed leaves out its parallel subtests,
				// which run after its function has returned.
				if start, ok := p.started[ev.Test]; ok && !start.IsZero() && ev.Time.After(start) {
					elapsed = ev.Time.Sub(start)
				}
				sum.Tests = append(sum.Tests, Timing{ev.Package + " " + ev.Test, elapsed})
			}
		case ev.Test == "" && (ev.Action == "pass" || ev.Action == "skip" || ev.Action == "fail"):
			delete(pkgs, ev.Package)
			switch {
			case ev.Action == "fail":
				sum.Failed = append(sum.Failed, ev.Package)
				for _, l := range p.lines {
					if !p.passed[l.test] {
						fmt.Fprint(out, l.text)
					}
				}
			case ev.Action == "skip":
				fmt.Fprintf(out, "?   \t%s\t[no test files]\n", ev.Package)
				continue
			default:
				fmt.Fprintf(out, "ok  \t%s\t%.3fs\n", ev.Package, ev.Elapsed)
			}
			sum.Packages = append(sum.Packages, Timing{ev.Package, elapsed})
		}
	}
	slowestFirst := func(a, b Timing) int { return int(b.Elapsed - a.Elapsed) }
	slices.SortStableFunc(sum.Packages, slowestFirst)
	slices.SortStableFunc(sum.Tests, slowestFirst)
	return sum, sc.Err()
}

// WriteSlowest writes the n slowest packages and the n slowest tests of the summary, and the
// packages that failed, if any.
func (s Summary) WriteSlowest(w io.Writer, n int) {
	list := func(title string, ts []Timing) {
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, t := range ts[:min(n, len(ts))] {
			fmt.Fprintf(w, "%8.1fs  %s\n", t.Elapsed.Seconds(), t.Name)
		}
	}
	list("slowest packages", s.Packages)
	list("slowest tests", s.Tests)
	if len(s.Failed) > 0 {
		fmt.Fprintf(w, "\nFAILED: %s\n", strings.Join(s.Failed, " "))
	}
}
