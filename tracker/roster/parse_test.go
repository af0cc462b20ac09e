package roster_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"

	"isms/tracker"
	"isms/tracker/roster"
)

const header = "職員番号,氏名,氏名カナ,局,部,課,職位,区分,監査委員,メール\n"

func parser() *roster.Parser { return &roster.Parser{Roles: tracker.DefaultRoleMap()} }

func TestParse(t *testing.T) {
	good := header +
		"1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事,職員,,yamada@example.jp\n" +
		"1002,佐藤 花子,ｻﾄｳ ﾊﾅｺ,総務局,情報管理部,情報企画課,課長,職員,1,\n" +
		"１００３,髙橋 一郎,たかはし いちろう,総務局,情報管理部,,部長,職員,0,\n" +
		"E-01,委託 次郎,イタク ジロウ,総務局,情報管理部,情報企画課,委託要員,外部委託要員,,\n" +
		",,,,,,,,,\n"
	t.Run("OK", func(t *testing.T) {
		r, err := parser().Parse("roster.csv", []byte(good))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(r.Entries), 4; got != want {
			t.Fatalf("got %d entries, want %d", got, want)
		}
		e := r.Entries[1]
		if e.Kana != "サトウ ハナコ" || e.Role != tracker.RoleManager || !e.Auditor || e.Row != 3 {
			t.Errorf("got %+v, want full-width kana, manager, auditor, row 3", e)
		}
		e = r.Entries[2]
		if e.StaffNo != "1003" || e.Kana != "タカハシ イチロウ" || e.Role != tracker.RoleExecutive || e.Section != "" {
			t.Errorf("got %+v, want 1003 in half width, kana folded, executive", e)
		}
		if e := r.Entries[3]; e.Category != tracker.CategoryContractor {
			t.Errorf("got category %q, want 外部委託", e.Category)
		}
		if r.Encoding != "UTF-8" || len(r.Digest) != 64 {
			t.Errorf("got encoding %q digest %q", r.Encoding, r.Digest)
		}
	})
	t.Run("BOM", func(t *testing.T) {
		r, err := parser().Parse("bom.csv", append([]byte{0xEF, 0xBB, 0xBF}, good...))
		if err != nil {
			t.Fatal(err)
		}
		if r.Encoding != "UTF-8 (BOM)" || r.Entries[0].StaffNo != "1001" {
			t.Errorf("got %q %q", r.Encoding, r.Entries[0].StaffNo)
		}
	})
	t.Run("ShiftJIS", func(t *testing.T) {
		sjis, err := japanese.ShiftJIS.NewEncoder().String(strings.ReplaceAll(good, "\n", "\r\n"))
		if err != nil {
			t.Fatal(err)
		}
		// 髙 (CP932 0xFBFC, an IBM extension) and ① (0x8740, NEC) are what Excel writes for
		// names and notes; append a row with both encoded by hand.
		rest, _ := japanese.ShiftJIS.NewEncoder().String("橋 二郎,タカハシ ジロウ,総務局,,,主事,職員,1,\r\n")
		row := append([]byte("1005,"), 0xFB, 0xFC)
		row = append(row, rest...)
		r, err := parser().Parse("sjis.csv", append([]byte(sjis), row...))
		if err != nil {
			t.Fatal(err)
		}
		if r.Encoding != "Shift_JIS" || r.Entries[1].Name != "佐藤 花子" {
			t.Errorf("got %q %q", r.Encoding, r.Entries[1].Name)
		}
		if got := r.Entries[4].Name; got != "髙橋 二郎" {
			t.Errorf("got name %q, want it to start with 髙", got)
		}
	})
	t.Run("ColumnsInAnyOrder", func(t *testing.T) {
		src := "メール,監査委員,区分,職位,課,部,局,氏名カナ,氏名,職員番号\n,,職員,主事,情報企画課,情報管理部,総務局,ヤマダ,山田,1001\n"
		r, err := parser().Parse("x.csv", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if r.Entries[0].StaffNo != "1001" || r.Entries[0].Bureau != "総務局" {
			t.Errorf("got %+v", r.Entries[0])
		}
	})
}

// sjis encodes s in Shift_JIS, then replaces the marker with raw bytes (an invalid sequence).
func sjis(s, marker, raw string) []byte {
	enc, err := japanese.ShiftJIS.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	if marker != "" {
		enc = strings.Replace(enc, marker, raw, 1)
	}
	return []byte(enc)
}

func TestParseErrors(t *testing.T) {
	row := func(fields string) string { return header + fields + "\n" }
	tests := []struct {
		name string
		src  []byte
		want []string
	}{
		{"ErrEmpty", []byte(""), []string{"空です"}},
		{"ErrHeaderOnly", []byte(header), []string{"データ行がありません"}},
		{"ErrHeaderMissing", []byte("職員番号,氏名\n1,a\n"), []string{"「氏名カナ」の列がありません", "「メール」の列がありません"}},
		{"ErrHeaderUnknown", []byte(strings.Replace(header, "メール", "電話", 1)), []string{"見出し「電話」は名簿の列ではありません"}},
		{"ErrHeaderDuplicate", []byte(strings.Replace(header, "メール", "氏名", 1)), []string{"見出し「氏名」が重複しています"}},
		{"ErrMissingStaffNo", []byte(row(",山田,ヤマダ,総務局,,,主事,職員,,")), []string{"2行目: 職員番号がありません"}},
		{"ErrBadStaffNo", []byte(row("10 01,山田,ヤマダ,総務局,,,主事,職員,,")), []string{"2行目: 職員番号「10 01」"}},
		{"ErrDuplicateStaffNo", []byte(row("1001,山田,ヤマダ,総務局,,,主事,職員,,\n1002,佐藤,サトウ,総務局,,,主事,職員,,\n１００１,田中,タナカ,総務局,,,主事,職員,,")),
			[]string{"4行目: 職員番号「1001」が2行目と重複しています"}},
		{"ErrUnknownPosition", []byte(row("1001,山田,ヤマダ,総務局,,,大臣,職員,,")), []string{"2行目: 職位「大臣」は職位の対応表にありません"}},
		{"ErrManagerWithoutSection", []byte(row("1001,山田,ヤマダ,総務局,情報管理部,,課長,職員,,")), []string{"2行目: 職位「課長」はセキュリティ管理者"}},
		{"ErrColumnCount", []byte(row("1001,山田,ヤマダ,総務局,,,主事,職員,")), []string{"2行目: 列の数が10ではありません（9列あります）"}},
		{"ErrCategory", []byte(row("1001,山田,ヤマダ,総務局,,,主事,パート,,")), []string{"2行目: 区分「パート」"}},
		{"ErrAuditor", []byte(row("1001,山田,ヤマダ,総務局,,,主事,職員,たぶん,")), []string{"2行目: 監査委員「たぶん」"}},
		{"ErrMail", []byte(row("1001,山田,ヤマダ,総務局,,,主事,職員,,yamada")), []string{"2行目: メール「yamada」"}},
		{"ErrKana", []byte(row("1001,山田,山田,総務局,,,主事,職員,,")), []string{"2行目: 氏名カナ「山田」はカタカナ"}},
		{"ErrControlChar", []byte(row("1001,山\x07田,ヤマダ,総務局,,,主事,職員,,")), []string{"2行目: 氏名に使用できない文字（制御文字 U+0007）"}},
		{"ErrPrivateUse", []byte(row("1001,山\ue000田,ヤマダ,総務局,,,主事,職員,,")), []string{"2行目: 氏名に使用できない文字（外字 U+E000）"}},
		{"ErrUndecodable", sjis(header+"1001,山田,ヤマダ,総務局,,,主事,職員,,\n1002,@,サトウ,総務局,,,主事,職員,,\n", "@", "\x82\xff"),
			[]string{"3行目: 氏名に使用できない文字（読み取れない文字）"}},
		{"ErrMixedEncoding", append([]byte(header), sjis("1001,山田,ヤマダ,総務局,,,主事,職員,,\n", "", "")...), []string{"見出し（1行目）を読み取れません", "文字コード"}},
		{"ErrUTF16", []byte{0xFF, 0xFE, '1', 0}, []string{"UTF-16"}},
		{"ErrQuote", []byte(row("1001,\"山田,ヤマダ,総務局,,,主事,職員,,")), []string{"CSV の形式が正しくありません"}},
		{"ErrEveryRowListed", []byte(row(",山田,ヤマダ,総務局,,,主事,職員,,\n1002,佐藤,サトウ,,,,主事,職員,,\n1003,田中,タナカ,総務局,,,主事,職員,x,")),
			[]string{"（3件）", "2行目: 職員番号がありません", "3行目: 局がありません", "4行目: 監査委員「x」"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parser().Parse("bad.csv", tt.src)
			if err == nil {
				t.Fatalf("got %d entries, want an error", len(r.Entries))
			}
			if tracker.ErrorCode(err) != tracker.EINVALID {
				t.Fatalf("got %v, want EINVALID", err)
			}
			msg := tracker.ErrorMessage(err)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("got %q, want it to contain %q", msg, w)
				}
			}
		})
	}
}

// TestParseAccepted covers rows cities' rosters have that are taken with a warning in the
// preview, and the roles given by a 局 and 職位.
func TestParseAccepted(t *testing.T) {
	t.Run("ContractorWithoutPosition", func(t *testing.T) {
		src := header +
			"1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事,職員,,\n" +
			"E-01,委託 次郎,イタク ジロウ,総務局,情報管理部,情報企画課,,外部委託,,\n" +
			"E-02,委託 三郎,イタク サブロウ,総務局,情報管理部,情報企画課,,外部委託要員,,\n"
		r, err := parser().Parse("roster.csv", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Entries[1:] {
			if e.Role != tracker.RoleGeneral || e.Position != "" || e.Category != tracker.CategoryContractor {
				t.Errorf("row %d: got role %q position %q category %q, want 一般職員 with the 職位 left empty", e.Row, e.Role, e.Position, e.Category)
			}
		}
		if got, want := strings.Join(r.Warnings, "\n"), "区分が外部委託で職位が空欄の2人は、一般職員として取り込みます（3行目、4行目）。"; got != want {
			t.Errorf("got warnings %q, want %q", got, want)
		}
	})
	t.Run("ErrStaffWithoutPosition", func(t *testing.T) {
		_, err := parser().Parse("roster.csv", []byte(header+"1001,山田,ヤマダ,総務局,,,,職員,,\n"))
		if got := tracker.ErrorMessage(err); !strings.Contains(got, "2行目: 職位がありません（職位が空欄でよいのは区分が外部委託の人だけです）。") {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("EmptyKana", func(t *testing.T) {
		var src strings.Builder
		src.WriteString(header)
		for i := range 25 {
			fmt.Fprintf(&src, "%d,山田 %d,,総務局,,,主事,職員,,\n", 1001+i, i)
		}
		r, err := parser().Parse("roster.csv", []byte(src.String()))
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Entries) != 25 || r.Entries[0].Kana != "" {
			t.Fatalf("got %d entries, kana %q", len(r.Entries), r.Entries[0].Kana)
		}
		want := "氏名カナが空欄の人が25人います（2行目、3行目、4行目、5行目、6行目、7行目、8行目、9行目、10行目、11行目、12行目、13行目、14行目、15行目、16行目、17行目、18行目、19行目、20行目、21行目、ほか5行）。"
		if len(r.Warnings) != 1 || !strings.HasPrefix(r.Warnings[0], want) {
			t.Fatalf("got %q, want it to start %q", r.Warnings, want)
		}
	})
	t.Run("Chief", func(t *testing.T) {
		// 【01】第5条: the 総務局長 is the ISMS統括責任者, whether the 職位 says 総務局長 or the row
		// says 局 = 総務局, 職位 = 局長; another 局's 局長 is 局長級・部長級職員.
		src := header +
			"1001,総務 局長,ソウム,総務局,,,局長,職員,,\n" +
			"1002,市民 局長,シミン,市民局,,,局長,職員,,\n" +
			"1003,総務 局長二,ソウム,総務局,,,総務局長,職員,,\n"
		r, err := parser().Parse("roster.csv", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []tracker.Role{tracker.RoleChief, tracker.RoleExecutive, tracker.RoleChief} {
			if got := r.Entries[i].Role; got != want {
				t.Errorf("row %d: got %q, want %q", r.Entries[i].Row, got, want)
			}
		}
	})
	t.Run("MappingWithBureauLine", func(t *testing.T) {
		m, err := tracker.ParseRoleMap(strings.NewReader("主事 = general\n局長 = executive\n市民局／局長 = manager\n"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := (&roster.Parser{Roles: m}).Parse("roster.csv", []byte(header+"1001,a,ア,市民局,,市民課,局長,職員,,\n1002,b,イ,総務局,,,局長,職員,,\n"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Entries[0].Role != tracker.RoleManager || r.Entries[1].Role != tracker.RoleExecutive {
			t.Fatalf("got %q and %q, want manager by the 局's line, executive by the 職位's", r.Entries[0].Role, r.Entries[1].Role)
		}
	})
}

// TestParseFile covers what reading a file as a stream adds: the size limit, a row that never ends,
// and UTF-8 characters cut by the reader's buffer.
func TestParseFile(t *testing.T) {
	t.Run("ErrTooLarge", func(t *testing.T) {
		big := header + strings.Repeat("1001,山田,ヤマダ,総務局,,,主事,職員,,\n", roster.MaxFileBytes/40+1)
		_, err := parser().ParseFile("big.csv", strings.NewReader(big))
		if got, want := tracker.ErrorCode(err), tracker.ETOOLARGE; got != want {
			t.Fatalf("got %v, want %s", err, want)
		}
		if msg := tracker.ErrorMessage(err); !strings.Contains(msg, "ファイルが大きすぎます（上限 20 MB）") {
			t.Fatalf("got %q", msg)
		}
	})
	t.Run("ErrEndlessRow", func(t *testing.T) {
		_, err := parser().ParseFile("row.csv", strings.NewReader(header+"1001,\""+strings.Repeat("山田\n", 40000)))
		if tracker.ErrorCode(err) != tracker.EINVALID || !strings.Contains(tracker.ErrorMessage(err), "1行が長すぎます") {
			t.Fatalf("got %v, want the row refused as too long", err)
		}
	})
	t.Run("UTF8AcrossBuffers", func(t *testing.T) {
		// Rows of 3-byte characters after a 1-byte shift: some character straddles every 64 KiB
		// boundary of the first pass.
		var b strings.Builder
		b.WriteString(header)
		for i := range 3000 {
			fmt.Fprintf(&b, "%d,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事,職員,,\n", 10000+i)
		}
		r, err := parser().ParseFile("utf8.csv", strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		if r.Encoding != "UTF-8" || len(r.Entries) != 3000 || r.Entries[2999].Name != "山田 太郎" {
			t.Fatalf("got %s with %d entries, want UTF-8 with 3000", r.Encoding, len(r.Entries))
		}
	})
}
