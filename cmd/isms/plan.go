package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"isms/tracker"
)

// runPlan shows and records the annual plan (【01】第17条1–2):
//
//	isms plan show [-year 2026]
//	isms plan set -year 2026 -start 2026-05-01 -end 2027-02-28 -deadline 2027-01-31 [-modules general=general;manager=general,manager;…]
//	isms plan approve -year 2026 -date 2026-04-20 -approver 情報セキュリティ委員会
func runPlan(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "show" && args[0] != "set" && args[0] != "approve") {
		fmt.Fprintln(os.Stderr, "usage: isms plan show|set|approve [flags]")
		return errors.New("サブコマンド show、set、approve のいずれかを指定してください")
	}
	sub := args[0]
	fs := flag.NewFlagSet("plan "+sub, flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, false)
	year := fs.Int("year", 0, "fiscal year (2026 = 2026年度); default: the current one")
	start := fs.String("start", "", "first day of the training period (set)")
	end := fs.String("end", "", "last day of the training period (set)")
	deadline := fs.String("deadline", "", "deadline (set)")
	modules := fs.String("modules", "", "modules per role, role=m1,m2;role=…  (set; default: the 第16条 modules)")
	note := fs.String("note", "", "note (set)")
	date := fs.String("date", "", "the committee's approval date (approve)")
	approver := fs.String("approver", "", "who approved (approve)")
	if err := e.parse(args[1:]); err != nil {
		return err
	}
	a, err := openApp(cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	db := a.DB
	ctx = operatorContext(ctx)
	fy := tracker.FiscalYearOf(db.Now())
	if *year != 0 {
		if fy, err = tracker.ParseFiscalYear(fmt.Sprint(*year)); err != nil {
			return userError(err)
		}
	}
	switch sub {
	case "show":
		p, err := db.FindPlan(ctx, fy)
		if tracker.ErrorCode(err) == tracker.ENOTFOUND {
			fmt.Printf("%sの年度教育計画は登録されていません。職員の画面は【01】第16条の既定の研修で表示しています。\n", fy)
			return nil
		}
		if err != nil {
			return userError(err)
		}
		printPlan(p)
		return nil
	case "set":
		p := &tracker.Plan{FiscalYear: fy, Note: *note}
		if old, err := db.FindPlan(ctx, fy); err == nil {
			// An approval already recorded stays with the plan (and is shown); `plan approve`
			// records a new one when the committee approves the changed plan.
			p.ApprovedOn, p.Approver = old.ApprovedOn, old.Approver
			if *note == "" {
				p.Note = old.Note
			}
		}
		var problems []string
		for _, f := range []struct {
			label, v string
			dst      *tracker.Date
		}{{"-start", *start, &p.Start}, {"-end", *end, &p.End}, {"-deadline", *deadline, &p.Deadline}} {
			d, err := tracker.ParseDate(f.v)
			if err != nil {
				problems = append(problems, f.label+": "+tracker.ErrorMessage(err))
				continue
			}
			*f.dst = d
		}
		if len(problems) > 0 {
			return errors.New(strings.Join(problems, "\n"))
		}
		p.Modules = tracker.DefaultPlan(fy).Modules
		if *modules != "" {
			m, err := parseModules(*modules)
			if err != nil {
				return err
			}
			for r, ms := range m {
				p.Modules[r] = ms
			}
		}
		if err := db.SavePlan(ctx, p); err != nil {
			return userError(err)
		}
		fmt.Println("保存しました。")
		printPlan(p)
		return nil
	default: // approve
		p, err := db.FindPlan(ctx, fy)
		if err != nil {
			return userError(err)
		}
		d, err := tracker.ParseDate(*date)
		if err != nil {
			return fmt.Errorf("-date: %s", tracker.ErrorMessage(err))
		}
		p.ApprovedOn, p.Approver = d, strings.TrimSpace(*approver)
		if err := db.SavePlan(ctx, p); err != nil {
			return userError(err)
		}
		fmt.Println("承認を記録しました。職員の「今年度の研修」はこの計画に従います。")
		printPlan(p)
		return nil
	}
}

// parseModules reads "general=general;manager=general,manager".
func parseModules(s string) (map[tracker.Role][]string, error) {
	out := map[tracker.Role][]string{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		role, list, ok := strings.Cut(part, "=")
		r := tracker.Role(strings.TrimSpace(role))
		if !ok || !r.Valid() {
			return nil, fmt.Errorf("-modules: 「%s」は role=module,module の形で、role は general, manager, executive, chief, auditor のいずれかです", part)
		}
		var ms []string
		for _, m := range strings.Split(list, ",") {
			if m = strings.TrimSpace(m); m != "" {
				ms = append(ms, m)
			}
		}
		out[r] = ms
	}
	return out, nil
}

func printPlan(p *tracker.Plan) {
	fmt.Printf("%s 年度教育計画\n", p.FiscalYear)
	fmt.Printf("  実施期間  %s 〜 %s\n  受講期限  %s\n", p.Start, p.End, p.Deadline)
	if p.Approved() {
		fmt.Printf("  承認      %s %s\n", p.ApprovedOn, p.Approver)
	} else {
		fmt.Println("  承認      未記録（承認待ち）")
	}
	for _, r := range tracker.Roles() {
		fmt.Printf("  %-10s %s\n", r, strings.Join(p.Modules[r], ", "))
	}
	if p.Note != "" {
		fmt.Printf("  備考      %s\n", p.Note)
	}
}
