package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"isms/tracker"
)

// runUser manages accounts from the server's terminal: privileged 事務局 accounts are created only
// here (【09】第5条: 特権IDは必要最小限), and any password can be reset.
//
//	isms user create -login ID -name 氏名
//	isms user reset LOGIN
//	isms user list
func runUser(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "reset" && args[0] != "list") {
		fmt.Fprintln(os.Stderr, "usage: isms user create -login ID -name 氏名 | isms user reset LOGIN | isms user list")
		return errors.New("サブコマンド create、reset、list のいずれかを指定してください")
	}
	sub := args[0]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, false)
	login := fs.String("login", "", "the new admin ID (create)")
	name := fs.String("name", "", "the admin's name (create)")
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
	switch sub {
	case "create":
		temp, err := db.CreateAdmin(ctx, *login, *name)
		if err != nil {
			return userError(err)
		}
		fmt.Printf("管理者ID %s（%s）を作成しました。\n仮パスワード（一度だけ表示します。最初のログインで変更が必要です）: %s\n", temp.Login, temp.Name, temp.Password)
	case "reset":
		if fs.NArg() != 1 {
			return errors.New("パスワードを再発行するIDを1つ指定してください")
		}
		temp, err := db.ResetPassword(ctx, fs.Arg(0))
		if err != nil {
			return userError(err)
		}
		fmt.Printf("%s（%s）の仮パスワード（一度だけ表示します。最初のログインで変更が必要です）: %s\nロックは解除され、このIDのセッションはすべて終了しました。\n", temp.Login, temp.Name, temp.Password)
	case "list":
		accounts, err := db.FindAccounts(ctx, tracker.KindAdmin)
		if err != nil {
			return userError(err)
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\t氏名\tパスワード変更日\t状態")
		for _, a := range accounts {
			state := "有効"
			switch {
			case a.Disabled:
				state = "無効"
			case a.MustChange:
				state = "仮パスワード"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Login, a.DisplayName, a.PasswordChangedAt.In(tracker.Japan).Format("2006-01-02"), state)
		}
		tw.Flush()
	}
	return nil
}
