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

// runAuditVerify recomputes the audit log's hash chain and every evidence record bound to it, and
// checks the anchors written down earlier; it fails when anything was changed, added or removed
// (【07】第17条第4項).
//
//	isms audit verify [-anchor 12345-9f2c1b7e4a5d6c3b ...] [-anchors FILE]
func runAuditVerify(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, false)
	var anchors anchorList
	fs.Var(&anchors, "anchor", "a head written down with `isms audit head` (番号-ハッシュ); may be repeated")
	file := fs.String("anchors", "", "a file of anchors, one per line (the server's log lines with audit_head= are read too)")
	if err := e.parse(args); err != nil {
		return err
	}
	if err := anchors.readFile(*file); err != nil {
		return err
	}
	a, err := openApp(cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	v, err := a.DB.VerifyChain(ctx, anchors...)
	if err != nil {
		return err
	}
	if !v.OK() {
		return fmt.Errorf("監査ログまたは記録が一致しません: %s（監査ログ %d件、確認した記録 %d件）。情報セキュリティインシデントとして報告してください", v.Problem, v.Events, v.Records)
	}
	oldest := "-"
	if !v.Oldest.IsZero() {
		oldest = v.Oldest.In(tracker.Japan).Format("2006-01-02 15:04")
	}
	fmt.Printf("監査ログ %d件と記録 %d件: 改ざんなし。最古 %s。最新 %s\n", v.Events, v.Records, oldest, v.Anchor)
	if len(anchors) > 0 {
		fmt.Printf("控え %d件と一致しました。\n", len(anchors))
	} else {
		fmt.Println("末尾の削除は控えと照合して初めて分かります。isms audit head の出力を委員会の記録などに控え、-anchor で照合してください。")
	}
	if v.Events == 0 {
		return errors.New("監査ログが空です")
	}
	return nil
}

// runAuditHead records the chain's head as an anchor and prints it, for the committee's minutes.
func runAuditHead(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("audit head", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, false)
	if err := e.parse(args); err != nil {
		return err
	}
	a, err := openApp(cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	anchor, err := a.DB.AnchorHead(operatorContext(ctx))
	if err != nil {
		return userError(err)
	}
	fmt.Println(anchor)
	fmt.Fprintln(os.Stderr, "この値（監査ログの最新の番号とハッシュ）を委員会の議事録など、このサーバーの外に控えてください。isms audit verify -anchor で照合すると、控えより前の記録の変更・削除が分かります。")
	return nil
}

// anchorList is a repeatable -anchor flag.
type anchorList []tracker.AuditAnchor

func (l *anchorList) String() string { return fmt.Sprint(*l) }
func (l *anchorList) Set(s string) error {
	a, err := tracker.ParseAnchor(s)
	if err != nil {
		return userError(err)
	}
	*l = append(*l, a)
	return nil
}

// readFile adds the anchors of a file (none when path is empty).
func (l *anchorList) readFile(path string) error {
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	found, err := anchorsIn(string(b))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	*l = append(*l, found...)
	return nil
}

// anchorsIn reads anchors from text: a line holding only an anchor, or a server log line with
// audit_head=<anchor>.
func anchorsIn(text string) ([]tracker.AuditAnchor, error) {
	var out []tracker.AuditAnchor
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if _, v, ok := strings.Cut(line, "audit_head="); ok {
			line = strings.Fields(v)[0]
		} else if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		a, err := tracker.ParseAnchor(line)
		if err != nil {
			return nil, fmt.Errorf("%d行目: %s", i+1, tracker.ErrorMessage(err))
		}
		out = append(out, a)
	}
	return out, nil
}
