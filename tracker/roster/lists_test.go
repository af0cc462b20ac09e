package roster_test

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"

	"isms/tracker"
	"isms/tracker/roster"
)

var sjisHeader, _ = japanese.ShiftJIS.NewEncoder().String("職員番号\n")

func TestParseStaffList(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		sjis, _ := japanese.ShiftJIS.NewEncoder().String("氏名,職員番号\n山田 太郎,１００１\n,\n佐藤 花子,1002\n")
		l, err := roster.ParseStaffList("出席者.csv", []byte(sjis))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(l.StaffNos, ","); got != "1001,1002" || l.Encoding != "Shift_JIS" || l.Rows[1] != 4 {
			t.Fatalf("got %v rows %v in %s", l.StaffNos, l.Rows, l.Encoding)
		}
	})
	t.Run("ErrEveryBadRowListed", func(t *testing.T) {
		src := "職員番号,氏名\n" +
			",名無し\n" + // 2: no number
			"10 01,空白\n" + // 3: bad format
			"1001,山田\n" + // 4: good
			"1001,山田\n" + // 5: duplicate
			"1002\n" + // 6: wrong column count
			"10\x0103,制御\n" + // 7: control character
			"\uE000,外字\n" // 8: private use
		_, err := roster.ParseStaffList("x.csv", []byte(src))
		msg := tracker.ErrorMessage(err)
		if tracker.ErrorCode(err) != tracker.EINVALID || !strings.Contains(msg, "6件") || !strings.Contains(msg, "記録は行っていません") {
			t.Fatalf("got %q", msg)
		}
		for _, want := range []string{"2行目: 職員番号がありません", "3行目: 職員番号「10 01」", "5行目: 職員番号「1001」が4行目と重複", "6行目: 列の数",
			"7行目: 職員番号に使用できない文字（制御文字", "8行目: 職員番号に使用できない文字（外字"} {
			if !strings.Contains(msg, want) {
				t.Errorf("got %q, want %q", msg, want)
			}
		}
	})
	for _, tt := range []struct{ name, src, want string }{
		{"ErrNoNumberColumn", "氏名\n山田\n", "見出し「職員番号」の列がありません"},
		{"ErrEmpty", "", "空です"},
		{"ErrNoRows", "職員番号\n", "データ行がありません"},
		{"ErrQuotes", "職員番号\n\"1001\n", "引用符"},
		{"ErrUTF16", "\xff\xfe1\x00", "UTF-16"},
		{"ErrUndecodable", sjisHeader + "10\x8101\n", "2行目: 職員番号に使用できない文字（読み取れない文字）"},
		{"ErrMixedEncodings", "職員番号\n1001\xff\n", "見出し「職員番号」の列がありません"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := roster.ParseStaffList("x.csv", []byte(tt.src))
			if tracker.ErrorCode(err) != tracker.EINVALID || !strings.Contains(tracker.ErrorMessage(err), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseDrill(t *testing.T) {
	t.Run("OwnColumns", func(t *testing.T) {
		f, err := roster.ParseDrill("r.csv", []byte("職員番号,送信,開封,クリック,添付ファイル開封,情報入力,報告\n1001,1,1,○,,はい,0\n1002,1,,,,,1\n"))
		if err != nil {
			t.Fatal(err)
		}
		r := f.Rows[0]
		if f.Format != "isms" || !r.Sent || !r.Opened || !r.Clicked || r.Attachment || !r.Submitted || r.Reported || !f.Rows[1].Reported {
			t.Fatalf("got %+v", f.Rows[0])
		}
	})
	t.Run("Gophish", func(t *testing.T) {
		f, err := roster.ParseDrill("r.csv", []byte("id,status,ip,latitude,longitude,send_date,reported,modified_date,email,first_name,last_name,position\n"+
			"1,Submitted Data,,0,0,,false,,A@City.example.jp,,,1001\n2,Scheduled,,0,0,,false,,b@city.example.jp,,,主事\n3,Email Sent,,0,0,,true,,c@city.example.jp,,,\n"))
		if err != nil {
			t.Fatal(err)
		}
		a, b, c := f.Rows[0], f.Rows[1], f.Rows[2]
		if f.Format != "gophish" || a.Mail != "a@city.example.jp" || a.StaffNo != "1001" || !a.Submitted || !a.Clicked || !a.Opened {
			t.Errorf("row 2: %+v", a)
		}
		if b.Sent || b.StaffNo != "" {
			t.Errorf("row 3 (not sent yet): %+v", b)
		}
		if !c.Reported || c.Opened {
			t.Errorf("row 4 (reported): %+v", c)
		}
	})
	t.Run("ErrEveryBadRowListed", func(t *testing.T) {
		src := "職員番号,メール,送信,開封,クリック,報告\n" +
			",,1,0,0,0\n" + // 2: neither
			"1001,,1,2,0,0\n" + // 3: bad flag
			"1002,,0,1,0,0\n" + // 4: opened but not sent
			",not-a-mail,1,0,0,0\n" + // 5: bad mail
			"1003,,1\n" // 6: column count
		_, err := roster.ParseDrill("r.csv", []byte(src))
		msg := tracker.ErrorMessage(err)
		for _, want := range []string{"2行目: 職員番号もメールもありません", "3行目: 開封「2」", "4行目: 送信されていないのに", "5行目: メール「not-a-mail」",
			"6行目: 列の数", "5件"} {
			if !strings.Contains(msg, want) {
				t.Errorf("got %q, want %q", msg, want)
			}
		}
	})
	t.Run("ErrGophishStatus", func(t *testing.T) {
		_, err := roster.ParseDrill("r.csv", []byte("status,email,reported\nPhished,a@city.example.jp,false\nEmail Sent,b@city.example.jp,maybe\n"))
		msg := tracker.ErrorMessage(err)
		if !strings.Contains(msg, "2行目: status「Phished」") || !strings.Contains(msg, "3行目: reported「maybe」") {
			t.Fatalf("got %q", msg)
		}
	})
	t.Run("ErrColumns", func(t *testing.T) {
		_, err := roster.ParseDrill("r.csv", []byte("氏名,送信\n山田,1\n"))
		msg := tracker.ErrorMessage(err)
		for _, want := range []string{"職員番号 または メール", "開封", "クリック", "報告"} {
			if !strings.Contains(msg, want) {
				t.Errorf("got %q, want %q", msg, want)
			}
		}
	})
}
