package roster

import (
	"net/mail"
	"strings"

	"isms/tracker"
)

// DrillColumns are the tracker's own columns for a 訓練's results: 職員番号 or メール (either
// identifies the person), then one column per step, 1 (or ○, はい, true) when it happened and
// 0 or empty when not. 添付ファイル開封 and 情報入力 may be left out.
var DrillColumns = []string{"職員番号", "メール", "送信", "開封", "クリック", "添付ファイル開封", "情報入力", "報告"}

// Gophish's results export (the campaign's "Export CSV: Results") has one row per recipient with
// the columns id, status, ip, latitude, longitude, send_date, reported, modified_date, email,
// first_name, last_name, position; status is the furthest step the recipient reached.
var gophishSteps = map[string]struct{ sent, opened, clicked, submitted, reported bool }{
	"Email Sent":          {sent: true},
	"Success":             {sent: true},
	"Email Opened":        {sent: true, opened: true},
	"Clicked Link":        {sent: true, opened: true, clicked: true},
	"Submitted Data":      {sent: true, opened: true, clicked: true, submitted: true},
	"Email Reported":      {sent: true, reported: true},
	"Scheduled":           {},
	"Queued":              {},
	"Sending":             {},
	"Retrying":            {},
	"Unknown":             {},
	"Error":               {},
	"Error Sending Email": {},
}

// ParseDrill reads a 訓練's results: the tracker's columns, or Gophish's results export as it is
// (recognised by its status and email columns). Gophish rows are matched by the address the drill
// mail went to, or by a 職員番号 in the position column.
func ParseDrill(name string, data []byte) (*tracker.DrillFile, error) {
	const what = "訓練結果ファイル"
	var probs problems
	sh, err := readSheet(what, name, data, &probs)
	if err != nil {
		return nil, err
	}
	f := &tracker.DrillFile{FileName: name, Digest: sh.digest, Encoding: sh.encoding, Format: "isms"}
	_, hasStatus := sh.index["status"]
	_, hasEmail := sh.index["email"]
	if hasStatus && hasEmail {
		f.Format = "gophish"
	} else {
		var missing []string
		_, byNo := sh.index["職員番号"]
		_, byMail := sh.index["メール"]
		if !byNo && !byMail {
			missing = append(missing, "職員番号 または メール")
		}
		for _, c := range []string{"送信", "開封", "クリック", "報告"} {
			if _, ok := sh.index[c]; !ok {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			return nil, tracker.Errorf(tracker.EINVALID, "%sに誤りがあります。記録は行っていません。\n1行目（見出し）: 列「%s」がありません。見出しは %s（添付ファイル開封・情報入力は省略可）、または Gophish の結果の出力（Results）のままにしてください。",
				what, strings.Join(missing, "」「"), strings.Join(DrillColumns, ","))
		}
	}
	for i, rec := range sh.rows {
		row := sh.rowNo[i]
		before := probs.n
		var r *tracker.DrillRow
		if f.Format == "gophish" {
			r = gophishRow(sh, rec, row, &probs)
		} else {
			r = drillRow(sh, rec, row, &probs)
		}
		if r == nil || probs.n > before {
			continue
		}
		if r.StaffNo != "" && !staffNoPattern.MatchString(r.StaffNo) {
			probs.add(row, "職員番号「%s」は英数字（20文字以内、- と _ も可）で入力してください。", r.StaffNo)
			continue
		}
		if r.Mail != "" {
			if a, err := mail.ParseAddress(r.Mail); err != nil || a.Address != r.Mail {
				probs.add(row, "メール「%s」はメールアドレスの形ではありません。", r.Mail)
				continue
			}
		}
		if r.StaffNo == "" && r.Mail == "" {
			probs.add(row, "職員番号もメールもありません。")
			continue
		}
		if !r.Sent && (r.Opened || r.Clicked || r.Attachment || r.Submitted || r.Reported) {
			probs.add(row, "送信されていないのに、開封・クリック・報告などが記録されています。")
			continue
		}
		f.Rows = append(f.Rows, r)
	}
	if err := refuse(what, &probs); err != nil {
		return nil, err
	}
	if len(f.Rows) == 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "%sにデータ行がありません。", what)
	}
	return f, nil
}

func drillRow(sh *sheet, rec []string, row int, probs *problems) *tracker.DrillRow {
	r := &tracker.DrillRow{Row: row}
	text := func(col string) string {
		v, bad := sh.cell(rec, col)
		if bad != "" {
			probs.add(row, "%s", bad)
		}
		return v
	}
	r.StaffNo, r.Mail = text("職員番号"), strings.ToLower(text("メール"))
	for _, c := range []struct {
		col string
		v   *bool
	}{{"送信", &r.Sent}, {"開封", &r.Opened}, {"クリック", &r.Clicked}, {"添付ファイル開封", &r.Attachment},
		{"情報入力", &r.Submitted}, {"報告", &r.Reported}} {
		v := text(c.col)
		switch strings.ToLower(v) {
		case "1", "○", "〇", "◯", "はい", "true", "yes":
			*c.v = true
		case "", "0", "×", "いいえ", "false", "no", "-":
		default:
			probs.add(row, "%s「%s」は 1（あり）か 空欄・0（なし）で入力してください。", c.col, v)
		}
	}
	return r
}

func gophishRow(sh *sheet, rec []string, row int, probs *problems) *tracker.DrillRow {
	status, bad := sh.cell(rec, "status")
	if bad != "" {
		probs.add(row, "%s", bad)
		return nil
	}
	step, ok := gophishSteps[status]
	if !ok {
		probs.add(row, "status「%s」は Gophish の結果の状態（Email Sent, Email Opened, Clicked Link, Submitted Data など）ではありません。", status)
		return nil
	}
	email, _ := sh.cell(rec, "email")
	reported, _ := sh.cell(rec, "reported")
	position, _ := sh.cell(rec, "position")
	r := &tracker.DrillRow{Row: row, Mail: strings.ToLower(email), Sent: step.sent, Opened: step.opened, Clicked: step.clicked,
		Submitted: step.submitted, Reported: step.reported}
	switch strings.ToLower(reported) {
	case "true", "1":
		r.Reported, r.Sent = true, true
	case "", "false", "0":
	default:
		probs.add(row, "reported「%s」は true か false です。", reported)
	}
	if staffNoPattern.MatchString(position) {
		r.StaffNo = position
	}
	return r
}
