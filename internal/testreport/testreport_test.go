package testreport_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"isms/internal/testreport"
)

// run is a `go test -json` run of four packages: one with a failing test (and a failing
// subtest under it), one that passes, one without tests and one that does not compile. TestSlow
// reports 4 s of its own but ends 9 s after it began: its parallel subtests ran after its function
// returned.
const run = `go: downloading example.com/m v1.0.0
{"Action":"start","Package":"isms/a"}
{"Action":"run","Package":"isms/a","Test":"TestGood"}
{"Action":"output","Package":"isms/a","Test":"TestGood","Output":"=== RUN   TestGood\n"}
{"Action":"output","Package":"isms/a","Test":"TestGood","Output":"    a_test.go:5: a log line of a test that passes\n"}
{"Action":"output","Package":"isms/a","Test":"TestGood","Output":"--- PASS: TestGood (1.50s)\n"}
{"Action":"pass","Package":"isms/a","Test":"TestGood","Elapsed":1.5}
{"Action":"run","Package":"isms/a","Test":"TestBad"}
{"Action":"output","Package":"isms/a","Test":"TestBad","Output":"=== RUN   TestBad\n"}
{"Action":"run","Package":"isms/a","Test":"TestBad/Fine"}
{"Action":"output","Package":"isms/a","Test":"TestBad/Fine","Output":"=== RUN   TestBad/Fine\n"}
{"Action":"pass","Package":"isms/a","Test":"TestBad/Fine","Elapsed":0.1}
{"Action":"run","Package":"isms/a","Test":"TestBad/Broken"}
{"Action":"output","Package":"isms/a","Test":"TestBad/Broken","Output":"=== RUN   TestBad/Broken\n"}
{"Action":"output","Package":"isms/a","Test":"TestBad/Broken","Output":"    a_test.go:9: got 1, want 2\n"}
{"Action":"output","Package":"isms/a","Test":"TestBad/Broken","Output":"--- FAIL: TestBad/Broken (0.20s)\n"}
{"Action":"fail","Package":"isms/a","Test":"TestBad/Broken","Elapsed":0.2}
{"Action":"output","Package":"isms/a","Test":"TestBad","Output":"--- FAIL: TestBad (0.30s)\n"}
{"Action":"fail","Package":"isms/a","Test":"TestBad","Elapsed":0.3}
{"Action":"output","Package":"isms/a","Output":"FAIL\n"}
{"Action":"output","Package":"isms/a","Output":"FAIL\tisms/a\t2.000s\n"}
{"Action":"fail","Package":"isms/a","Elapsed":2}
{"Action":"start","Package":"isms/b"}
{"Time":"2026-12-02T10:00:00Z","Action":"run","Package":"isms/b","Test":"TestSlow"}
{"Action":"output","Package":"isms/b","Test":"TestSlow","Output":"=== RUN   TestSlow\n"}
{"Action":"output","Package":"isms/b","Test":"TestSlow","Output":"--- PASS: TestSlow (4.00s)\n"}
{"Time":"2026-12-02T10:00:09Z","Action":"pass","Package":"isms/b","Test":"TestSlow","Elapsed":4}
{"Action":"output","Package":"isms/b","Output":"PASS\n"}
{"Action":"output","Package":"isms/b","Output":"ok  \tisms/b\t4.500s\n"}
{"Action":"pass","Package":"isms/b","Elapsed":4.5}
{"Action":"start","Package":"isms/c"}
{"Action":"output","Package":"isms/c","Output":"?   \tisms/c\t[no test files]\n"}
{"Action":"skip","Package":"isms/c","Elapsed":0}
{"ImportPath":"isms/d [isms/d.test]","Action":"build-output","Output":"# isms/d [isms/d.test]\n"}
{"ImportPath":"isms/d [isms/d.test]","Action":"build-output","Output":"./d_test.go:3:28: undefined: nothing\n"}
{"ImportPath":"isms/d [isms/d.test]","Action":"build-fail"}
{"Action":"start","Package":"isms/d"}
{"Action":"output","Package":"isms/d","Output":"FAIL\tisms/d [build failed]\n"}
{"Action":"fail","Package":"isms/d","Elapsed":0,"FailedBuild":"isms/d [isms/d.test]"}
`

func TestRead(t *testing.T) {
	var out strings.Builder
	sum, err := testreport.Read(strings.NewReader(run), &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Output", func(t *testing.T) {
		want := `go: downloading example.com/m v1.0.0
=== RUN   TestBad
=== RUN   TestBad/Broken
    a_test.go:9: got 1, want 2
--- FAIL: TestBad/Broken (0.20s)
--- FAIL: TestBad (0.30s)
FAIL
FAIL	isms/a	2.000s
ok  	isms/b	4.500s
?   	isms/c	[no test files]
# isms/d [isms/d.test]
./d_test.go:3:28: undefined: nothing
FAIL	isms/d [build failed]
`
		if got := out.String(); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("Failed", func(t *testing.T) {
		if want := []string{"isms/a", "isms/d"}; !reflect.DeepEqual(sum.Failed, want) {
			t.Errorf("got %v, want %v", sum.Failed, want)
		}
	})
	t.Run("Packages", func(t *testing.T) {
		want := []testreport.Timing{{"isms/b", 4500 * time.Millisecond}, {"isms/a", 2 * time.Second}, {"isms/d", 0}}
		if !reflect.DeepEqual(sum.Packages, want) {
			t.Errorf("got %v, want %v", sum.Packages, want)
		}
	})
	t.Run("Tests", func(t *testing.T) {
		want := []testreport.Timing{{"isms/b TestSlow", 9 * time.Second}, {"isms/a TestGood", 1500 * time.Millisecond}, {"isms/a TestBad", 300 * time.Millisecond}}
		if !reflect.DeepEqual(sum.Tests, want) {
			t.Errorf("got %v, want %v", sum.Tests, want)
		}
	})
}

func TestWriteSlowest(t *testing.T) {
	sum := testreport.Summary{
		Failed:   []string{"isms/a"},
		Packages: []testreport.Timing{{"isms/b", 4500 * time.Millisecond}, {"isms/a", 2 * time.Second}, {"isms/c", time.Second}},
		Tests:    []testreport.Timing{{"isms/b TestSlow", 4 * time.Second}},
	}
	var out strings.Builder
	sum.WriteSlowest(&out, 2)
	want := `
slowest packages:
     4.5s  isms/b
     2.0s  isms/a

slowest tests:
     4.0s  isms/b TestSlow

FAILED: isms/a
`
	if got := out.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
