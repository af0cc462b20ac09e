package export_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"isms/tracker"
	"isms/tracker/export"
)

// soffice is Debian's LibreOffice (package libreoffice-calc-nogui, installed by .ci/deps).
const soffice = "/usr/bin/soffice"

// TestCSVInLibreOffice opens the CSV exports in LibreOffice Calc, as a spreadsheet opens a CSV
// file (UTF-8, comma, double quotes), saves them as XLSX and reads them back: the first row is
// the header and every other row is data of the same width, so a filter on the first row and any
// program reading the file see one table; the Japanese text, the classification column and the
// inert formula-like names come through unchanged.
func TestCSVInLibreOffice(t *testing.T) {
	if _, err := os.Stat(soffice); err != nil {
		t.Fatalf("LibreOffice is needed to read the CSV back: install it with `apt-get install -y libreoffice-calc-nogui` (as root), or run `bash .ci/deps`: %v", err)
	}
	dir := t.TempDir()
	plan := tracker.DefaultPlan(2026)
	unit := tracker.Unit{BureauID: 1, Bureau: "総務局", DepartmentID: 2, Department: "情報管理部", SectionID: 3, Section: "情報企画課"}
	var reports []*tracker.PersonReport
	for i, name := range tricky {
		p := &tracker.Person{StaffNo: "10" + string(rune('0'+i)), Name: name, Unit: unit, Role: tracker.RoleExecutive, Auditor: i == 0,
			Category: tracker.CategoryStaff}
		reports = append(reports, tracker.NewPersonReport(plan, p, nil, nil))
	}
	each := func(fn func(*tracker.PersonReport) error) error {
		for _, r := range reports {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	meta := export.Meta{FiscalYear: 2026, Scope: "全庁", MadeAt: madeAt, MadeBy: "admin"}
	tables := map[string]*export.Table{
		"attendance":  export.Attendance(meta, each),
		"outstanding": export.Outstanding(meta, plan, each),
		"attempts":    export.Attempts(meta, eachAttempt(attemptFixture())),
	}
	want := map[string][][]string{}
	var files []string
	for name, tbl := range tables {
		var buf bytes.Buffer
		if _, err := export.WriteCSV(&buf, tbl); err != nil {
			t.Fatal(err)
		}
		want[name] = parseCSV(t, buf.Bytes())
		path := filepath.Join(dir, name+".csv")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}

	// One LibreOffice for every file, with a profile of its own; the deadline only stops a hung
	// process from holding the test binary.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	out := filepath.Join(dir, "xlsx")
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore", "--nolockcheck",
		"--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", out}, files...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}

	for name := range tables {
		t.Run(name, func(t *testing.T) {
			f, err := excelize.OpenFile(filepath.Join(out, name+".xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows(f.GetSheetList()[0])
			if err != nil {
				t.Fatal(err)
			}
			w := want[name]
			if len(rows) != len(w) {
				t.Fatalf("got %d rows, want the header and %d rows", len(rows), len(w)-1)
			}
			if got := strings.Join(rows[0], ","); got != strings.Join(w[0], ",") || w[0][len(w[0])-1] != "取扱区分" {
				t.Fatalf("first row: got %q, want the header %q", rows[0], w[0])
			}
			for i, row := range rows[1:] {
				if len(row) != len(w[0]) || row[len(row)-1] != tracker.ClassificationA {
					t.Errorf("row %d: got %q, want %d cells ending in %s", i+1, row, len(w[0]), tracker.ClassificationA)
				}
			}
			if name != "attempts" {
				if got := rows[1][7]; got != "局長級・部長級職員・セキュリティ内部監査委員" {
					t.Errorf("role: got %q", got)
				}
				for i, row := range rows[1:] {
					if row[2] != w[i+1][2] {
						t.Errorf("name %d: got %q, want %q as written (text, never evaluated)", i, row[2], w[i+1][2])
					}
				}
			}
		})
	}
}
