package search_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"isms/search"
)

// normalizeCase is one line of testdata/normalize.tsv, the table the script's tests read too.
type normalizeCase struct {
	name, input, want string
}

func readNormalizeCases(t *testing.T) []normalizeCase {
	t.Helper()
	f, err := os.Open("testdata/normalize.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []normalizeCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 3 {
			t.Fatalf("normalize.tsv:%d: want 3 columns, got %d", line, len(cols))
		}
		cases = append(cases, normalizeCase{cols[0], unescape(t, cols[1]), unescape(t, cols[2])})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// unescape reads the table's escapes: \n \t \\ and \u{XXXX}.
func unescape(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '\\':
			b.WriteByte('\\')
		case 'u':
			end := strings.IndexByte(s[i:], '}')
			if i+1 >= len(s) || s[i+1] != '{' || end < 0 {
				t.Fatalf("bad escape in %q", s)
			}
			cp, err := strconv.ParseUint(s[i+2:i+end], 16, 32)
			if err != nil {
				t.Fatalf("bad escape in %q: %v", s, err)
			}
			b.WriteRune(rune(cp))
			i += end
		default:
			t.Fatalf("bad escape \\%c in %q", s[i], s)
		}
	}
	return b.String()
}

func TestNormalize(t *testing.T) {
	cases := readNormalizeCases(t)
	if len(cases) < 40 {
		t.Fatalf("normalize.tsv has %d cases, want the table to cover every step", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := search.Normalize(c.input); got != c.want {
				t.Errorf("Normalize(%q) = %q, want %q", c.input, got, c.want)
			}
		})
	}
}

// TestNormalizeIdempotent checks that normal form is a fixed point, so normalising the canonical spelling of
// a word never turns it into something else.
func TestNormalizeIdempotent(t *testing.T) {
	for _, c := range readNormalizeCases(t) {
		t.Run(c.name, func(t *testing.T) {
			once := search.Normalize(c.input)
			if twice := search.Normalize(once); twice != once {
				t.Errorf("Normalize(Normalize(%q)) = %q, want %q", c.input, twice, once)
			}
		})
	}
}

// TestNormalizeSubstring checks the property search relies on: what occurs in a text occurs in it after
// both are normalised, for queries that start and end on word boundaries and write kana as the text does (a
// query in the other kana is the script's to fold: assets/search.test.js).
func TestNormalizeSubstring(t *testing.T) {
	text := "重要性分類B以上の情報を、許可を得て持ち出す場合は、ＵＳＢメモリ等を暗号化し、3ヶ月以上保管する。無線 LANのサーバーに接続する。"
	for _, q := range []string{"持ち出す", "持出す", "ＵＳＢメモリ", "usbメモリ", "3か月", "3カ月", "無線LAN", "無線 LAN", "サーバ", "ｻｰﾊﾞｰ", "暗号化", "重要性分類 B"} {
		t.Run(q, func(t *testing.T) {
			if !strings.Contains(search.Normalize(text), search.Normalize(q)) {
				t.Errorf("%q not found in %q", search.Normalize(q), search.Normalize(text))
			}
		})
	}
}
