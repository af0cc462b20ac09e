package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
)

// runBackup copies the live database to a file (【03】第11条: 重要性分類Aのバックアップ). It is safe
// while the server runs.
func runBackup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, false)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: isms backup [flags] FILE")
		fs.PrintDefaults()
	}
	if err := e.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("バックアップ先のファイルを1つ指定してください")
	}
	a, err := openApp(cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.DB.Backup(operatorContext(ctx), fs.Arg(0)); err != nil {
		return userError(err)
	}
	info, err := os.Stat(fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Printf("%s にバックアップしました（%d バイト、整合性確認済み）。重要性分類Aのデータです。保管場所は【03】第11条第2項に従ってください。\n", fs.Arg(0), info.Size())
	return nil
}
