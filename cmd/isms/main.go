// Command isms builds the ISMS handbook and runs the training portal.
//
// Every subcommand lives in a file of its own (build.go, serve.go, …) and is listed in commands below.
// Only this package reads flags and the environment.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// A command runs one subcommand with the arguments that follow its name.
type command struct {
	summary string
	run     func(ctx context.Context, args []string) error
}

// commands is the table of subcommands; names with a space are two-word commands ("quiz check").
var commands = map[string]command{
	"build":           {"サイトを public/ に生成する (handbook, search index, versions)", runBuild},
	"serve":           {"ハンドブックと研修管理を 1 つのオリジンで配信する", runServe},
	"quiz check":      {"問題集を検証し、力量・条文ごとの出題数を表示する", runQuizCheck},
	"diff":            {"2 つの版の新旧対照表を作る (isms diff 旧版 新版 -o file.html)", runDiff},
	"import-source":   {"市の原文 (source.md) を content/ に変換し、正誤表を書く", runImportSource},
	"export":          {"受講状況・未受講者・受験記録・有効性評価・受講歴を XLSX/CSV/xAPI に出力する（持ち出しとして記録）", runExport},
	"bench export":    {"10万行の受験記録を XLSX に出力する時間とメモリを測る", runBenchExport},
	"bench dashboard": {"職員5万人・5年度分で受講状況レポートの表示時間を測る", runBenchDashboard},
	"roster import":   {"職員名簿 (CSV) の変更点を表示し、-apply で取り込む", runRosterImport},
	"plan":            {"年度教育計画を表示・登録し、委員会の承認を記録する (show|set|approve)", runPlan},
	"user":            {"管理者IDの作成、パスワードの再発行、一覧 (create|reset|list)", runUser},
	"backup":          {"研修管理のデータベースを稼働中のままファイルにバックアップする", runBackup},
	"audit verify":    {"監査ログのハッシュチェーンと記録を検証する（-anchor で控えと照合）", runAuditVerify},
	"audit head":      {"監査ログの最新の番号とハッシュを控えとして記録し、表示する", runAuditHead},
	"bench submit":    {"受験送信の負荷試験 (64 クライアント、送信/秒・遅延・メモリ)", runBenchSubmit},
	"bench remind":    {"職員5万人の督促の準備時間と、SMTP サーバーへの送信速度（通/秒）を測る", runBenchRemind},
	"bench upload":    {"職員名簿の最大サイズのアップロードを同時に6件（一般職員と事務局）送り、サーバーのメモリを測る", runBenchUpload},
	"bench signin":    {"ログイン失敗の大量送信（1アドレスから32クライアント）の中での事務局のログイン時間と監査ログの増加を測る", runBenchSignin},
	"report":          {"年度報告（教育の実施状況と有効性の評価）を PDF・HTML・XLSX に出力する (propose で次年度計画への提案を記録)", runReport},
	"evidence pack":   {"年度の監査証跡パック (ZIP) を作る（持ち出しとして記録）", runEvidencePack},
	"evidence verify": {"監査証跡パックをデータベースなしで検証する", runEvidenceVerify},
	"bench report":    {"職員5万人・1年度分で年度報告と監査証跡パックの時間とメモリを測る", runBenchReport},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "isms:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage()
		return nil
	}
	if len(args) >= 2 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c.run(ctx, args[2:])
		}
	}
	c, ok := commands[args[0]]
	if !ok {
		usage()
		return fmt.Errorf("unknown command %q", args[0])
	}
	return c.run(ctx, args[1:])
}

func usage() {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(os.Stderr, "usage: isms <command> [flags]")
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-16s %s\n", n, commands[n].summary)
	}
}
