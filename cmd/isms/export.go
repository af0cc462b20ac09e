package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"isms/tracker"
	"isms/tracker/export"
	"isms/tracker/sqlite"
)

// runExport writes a report to a file and records it as a 持ち出し (【03】第9条3):
//
//	isms export <report> -year 2026 -format xlsx|csv|xapi -o FILE
func runExport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, false)
	year := fs.String("year", "", "fiscal year, e.g. 2026 (default: the current one)")
	format := fs.String("format", "xlsx", "xlsx, csv or xapi")
	out := fs.String("o", "", "file to write (required; an existing file is not overwritten)")
	unit := fs.String("unit", "", "limit to a unit: its ID or full name (総務局 情報管理部 情報企画課)")
	state := fs.String("state", "", "limit to people who are passed, inprogress, notstarted or outstanding (acknowledgements: confirmed or pending)")
	version := fs.String("version", "", "the amendment (versions.toml id) of the acknowledgements report")
	role := fs.String("role", "", "limit to a role: general, manager, executive, chief or auditor")
	category := fs.String("category", "", "limit to a 区分: 職員, 会計年度任用職員 or 外部委託")
	module := fs.String("module", "", "limit to a module (attempts, effectiveness) or to the people who must pass it")
	staff := fs.String("staff", "", "職員番号 of the person, for the history report")
	purpose := fs.String("purpose", "", "持ち出しの目的, recorded with the export")
	homePage := e.String("homepage", "ISMS_XAPI_HOMEPAGE", "http://localhost:8080", "the portal's public URL: xAPI accounts' homePage and activity IRIs")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: isms export <report> [flags] -o FILE")
		fmt.Fprintln(fs.Output(), "reports:")
		for _, k := range tracker.ReportKinds() {
			if k != tracker.ReportRemindList { // made from a previewed batch on the reminders page only
				fmt.Fprintf(fs.Output(), "  %-14s %s\n", k, k.Title())
			}
		}
		fs.PrintDefaults()
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fs.Usage()
		return errors.New("出力する帳票を指定してください（例: isms export attendance -year 2026 -format xlsx -o 受講状況.xlsx）")
	}
	kind := tracker.ReportKind(args[0])
	if err := e.parse(args[1:]); err != nil {
		return err
	}
	if !kind.Valid() {
		return fmt.Errorf("帳票「%s」はありません。attendance・outstanding・attempts・effectiveness・history・sessions・drills・reminders・acknowledgements のいずれかです", kind)
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("出力先のファイルを -o で1つ指定してください")
	}
	if export.Zipped(kind, tracker.ExportFormat(*format)) && !strings.HasSuffix(strings.ToLower(*out), ".zip") {
		return fmt.Errorf("%sのCSVは表ごとのCSVをまとめたZIPファイルです。-o には .zip で終わるファイル名を指定してください", kind.Title())
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s はすでにあります。別のファイル名を指定してください", *out)
	}
	a, err := openApp(cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	db := a.DB
	ctx = operatorContext(ctx)
	tuneGC()

	req := export.Request{Report: kind, Format: tracker.ExportFormat(*format), Role: tracker.Role(*role),
		Category: tracker.Category(*category), State: tracker.PersonState(*state), Module: *module, StaffNo: *staff, Purpose: *purpose,
		Version: *version}
	if kind == tracker.ReportAcknowledgements {
		req.State, req.AckState = "", tracker.AckState(*state)
	}
	if req.FiscalYear = tracker.FiscalYearOf(time.Now()); *year != "" {
		if req.FiscalYear, err = tracker.ParseFiscalYear(*year); err != nil {
			return userError(err)
		}
	}
	if *unit != "" {
		if req.UnitID, err = findUnit(ctx, db, *unit); err != nil {
			return err
		}
	}
	src := &export.Source{Reports: db, Training: db, Drills: db, Reminders: db, Modules: export.ModuleRefs(a.Banks), Editions: a.Editions, XAPI: &export.XAPI{HomePage: *homePage},
		Amendments: a.Amendments, Acks: db,
		PlanFor: func(ctx context.Context, fy tracker.FiscalYear) (*tracker.Plan, error) {
			plan, _, err := db.PlanInForce(ctx, fy)
			return plan, err
		}}

	// The file is written beside its destination under a temporary name, readable by its owner
	// only, and gets its name only once the 持ち出し is recorded.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".isms-export-*")
	if err != nil {
		return err
	}
	keep := false
	defer func() {
		if !keep {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	rec, err := src.Produce(ctx, req, tracker.PrincipalFrom(ctx).Source, tmp)
	if err != nil {
		return userError(err)
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), *out); err != nil {
		return fmt.Errorf("%s に書けません: %w（持ち出し記録 #%d は残ります）", *out, err, rec.ID)
	}
	keep = true
	os.Remove(tmp.Name())
	what := rec.Report.Title()
	if rec.FiscalYear != 0 {
		what += "・" + rec.FiscalYear.String()
	}
	fmt.Printf("%s に%s（%s）を%d行出力しました。\n持ち出し記録 #%d（SHA-256 %s）。このファイルは重要性分類Aです。保存・送付は【03】第9条に従ってください。\n",
		*out, what, rec.Scope, rec.Rows, rec.ID, rec.FileSHA256)
	return nil
}

// tuneGC sets the collector for a command that writes a large file. An export allocates briskly
// and keeps little alive (rows stream through): collecting less often saves about a fifth of its
// CPU time, and the soft limit keeps the heap, and with it the 200 MB memory target, in bounds.
// GOGC or GOMEMLIMIT in the environment take precedence.
func tuneGC() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(100 << 20)
	}
}

// findUnit resolves -unit: an ID, or a unit's full name as the pages show it.
func findUnit(ctx context.Context, db *sqlite.DB, s string) (int64, error) {
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		if _, err := db.FindUnit(ctx, id); err != nil {
			return 0, userError(err)
		}
		return id, nil
	}
	units, err := db.FindUnits(ctx)
	if err != nil {
		return 0, err
	}
	want := strings.Join(strings.Fields(strings.ReplaceAll(s, "　", " ")), " ")
	for _, u := range units {
		if u.Name() == want {
			return u.ID(), nil
		}
	}
	return 0, fmt.Errorf("所属「%s」はありません。isms export の -unit には所属の ID か「局 部 課」の名前を指定してください", s)
}
