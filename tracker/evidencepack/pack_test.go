package evidencepack_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"isms/internal/app"
	"isms/tracker"
	"isms/tracker/evidencepack"
	"isms/tracker/reportbench"
)

// fixture is a small city with two fiscal years of records, an approved plan, a proposal and an
// anchor written down, and a pack of its current year.
type fixture struct {
	a    *app.App
	fy   tracker.FiscalYear
	pack []byte
	res  *evidencepack.Result
}

func newFixture(t *testing.T, names bool) *fixture {
	t.Helper()
	ctx := tracker.NewContext(context.Background(), tracker.SystemPrincipal("pack-test"))
	now := time.Now()
	fy := tracker.FiscalYearOf(now)
	a, err := reportbench.Open(ctx, t.TempDir(), reportbench.City{Staff: 150, Bureaus: 2, Departments: 1, Sections: 2, Years: 2, Last: fy, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	plan := tracker.DefaultPlan(fy)
	plan.Default, plan.ApprovedOn, plan.Approver = false, tracker.DateOf(fy.Start().AddDate(0, 0, 19)), "情報セキュリティ委員会"
	if err := a.DB.SavePlan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.SaveProposal(ctx, &tracker.PlanProposal{FiscalYear: fy, Text: "訓練を年2回にする。"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.AnchorHead(ctx); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	res, err := a.PackSource().Build(ctx, evidencepack.Options{FiscalYear: fy, MadeBy: "cli:test", Names: names}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{a: a, fy: fy, pack: buf.Bytes(), res: res}
}

func verify(t *testing.T, pack []byte, anchors ...tracker.AuditAnchor) *evidencepack.Verification {
	t.Helper()
	v, err := evidencepack.Verify(bytes.NewReader(pack), int64(len(pack)), anchors...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestPack: a pack holds every part the auditors ask for, verifies by itself and against the seal
// written down, is recorded as a 持ち出し, and leaves the database's own chain verifying.
func TestPack(t *testing.T) {
	f := newFixture(t, false)
	v := verify(t, f.pack, f.res.Seal)
	if !v.OK() {
		t.Fatalf("problems: %v", v.Problems)
	}
	if v.Events == 0 || v.Records == 0 || v.Exports != 6 || v.Anchors != 1 || v.Seal != f.res.Seal {
		t.Errorf("checked %d events, %d records, %d exports against their records, %d anchors, seal %s; want all, 6 exports, 1 anchor, seal %s",
			v.Events, v.Records, v.Exports, v.Anchors, v.Seal, f.res.Seal)
	}
	zr, _ := zip.NewReader(bytes.NewReader(f.pack), int64(len(f.pack)))
	names := map[string]bool{}
	for _, zf := range zr.File {
		names[zf.Name] = true
	}
	for _, want := range []string{"report/annual.html", "report/annual.xlsx", "plan/plan.json", "plan/proposals.json", "roster/summary.csv",
		"roster/imports.csv", "exports/attendance.csv", "exports/outstanding.csv", "exports/attempts.csv", "exports/effectiveness.csv",
		evidencepack.EventsFile, evidencepack.AnchorsFile, "records/attempt.jsonl", "records/plan.jsonl", "records/plan_proposal.jsonl",
		evidencepack.ColumnsFile, evidencepack.ManifestFile, evidencepack.SealFile, "README.txt"} {
		if !names[want] {
			t.Errorf("the pack lacks %s", want)
		}
	}
	if names["roster/people.csv"] {
		t.Error("the pack holds the roster's names without -names")
	}
	ctx := tracker.NewContext(context.Background(), tracker.SystemPrincipal("pack-test"))
	exports, _, err := f.a.DB.FindExports(ctx, tracker.ExportFilter{Report: tracker.ReportEvidence})
	if err != nil || len(exports) != 1 || exports[0].FileSHA256 != v.ManifestSHA256 || exports[0].Classification != tracker.ClassificationA {
		t.Errorf("持ち出し records of packs: %+v, %v; want one binding the manifest %s", exports, err, v.ManifestSHA256)
	}
	if dbv, err := f.a.DB.VerifyChain(ctx, f.res.Seal); err != nil || !dbv.OK() {
		t.Errorf("the database's chain after the pack: %+v, %v", dbv, err)
	}
	t.Run("Names", func(t *testing.T) {
		f := newFixture(t, true)
		people := read(t, f.pack, "roster/people.csv")
		if !strings.Contains(string(people), "職員 1,") {
			t.Errorf("roster/people.csv lacks the names:\n%.300s", people)
		}
		if f.res.Record.Scope != "全庁（名簿の氏名を含む）" {
			t.Errorf("the 持ち出し record says %q; want it to say the names are in it", f.res.Record.Scope)
		}
	})
}

// TestPackTampered: each kind of change is named by verification, including when whoever changed
// a file also rewrote the manifest to match.
func TestPackTampered(t *testing.T) {
	f := newFixture(t, false)
	events := strings.Split(strings.TrimSpace(string(read(t, f.pack, evidencepack.EventsFile))), "\n")
	removed := events[len(events)/2]
	var gone tracker.AuditEvent
	json.Unmarshal([]byte(removed), &gone)
	for _, tt := range []struct {
		name     string
		edit     map[string]func([]byte) []byte
		manifest bool // rewrite the manifest to match the edited files
		anchors  []tracker.AuditAnchor
		want     []string
	}{
		{name: "ChangedExport", edit: map[string]func([]byte) []byte{"exports/attendance.csv": flip},
			want: []string{"exports/attendance.csv の SHA-256 が目録と一致しません"}},
		{name: "ChangedExportAndManifest", edit: map[string]func([]byte) []byte{"exports/attendance.csv": flip}, manifest: true,
			want: []string{"exports/attendance.csv の SHA-256 が持ち出し記録", "目録（manifest.json）の SHA-256 が封印"}},
		{name: "RemovedEvent", edit: map[string]func([]byte) []byte{evidencepack.EventsFile: func(b []byte) []byte {
			return bytes.Replace(b, []byte(removed+"\n"), nil, 1)
		}}, manifest: true, want: []string{"監査ログ番号 " + itoa(gone.ID) + " がありません", "目録（manifest.json）の SHA-256 が封印"}},
		{name: "ChangedManifest", edit: map[string]func([]byte) []byte{evidencepack.ManifestFile: func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"path": "exports/outstanding.csv",`), []byte(`"path": "exports/outstanding.csv", `), 1)
		}}, want: []string{"目録（manifest.json）の SHA-256 が封印"}},
		{name: "ChangedRecord", edit: map[string]func([]byte) []byte{"records/attempt.jsonl": func(b []byte) []byte {
			return bytes.Replace(b, []byte(`,50,0,`), []byte(`,90,1,`), 1)
		}}, manifest: true, want: []string{"受験記録", "の内容が監査ログ番号", "目録（manifest.json）の SHA-256 が封印"}},
		{name: "AddedFile", edit: map[string]func([]byte) []byte{"exports/extra.csv": func([]byte) []byte { return []byte("x") }},
			want: []string{"exports/extra.csv は目録にありません"}},
		{name: "RebuiltPack", anchors: []tracker.AuditAnchor{{EventID: f.res.Seal.EventID, Hash: strings.Repeat("0", 16)}},
			want: []string{"が封印（"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := verify(t, rewrite(t, f.pack, tt.edit, tt.manifest), tt.anchors...)
			all := strings.Join(v.Problems, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("problems:\n%s\nwant one naming %q", all, w)
				}
			}
		})
	}
	t.Run("ErrNotAPack", func(t *testing.T) {
		if _, err := evidencepack.Verify(bytes.NewReader([]byte("PK nothing")), 10); tracker.ErrorCode(err) != tracker.EINVALID {
			t.Errorf("got %v, want EINVALID", err)
		}
	})
}

// flip changes one byte in the middle.
func flip(b []byte) []byte {
	c := bytes.Clone(b)
	c[len(c)/2] ^= 1
	return c
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func read(t *testing.T, pack []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pack), int64(len(pack)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return b
		}
	}
	t.Fatalf("no %s in the pack", name)
	return nil
}

// rewrite copies a pack with files edited (or added), and with the manifest rewritten to match them
// when asked: what someone who changed the files would do to hide it.
func rewrite(t *testing.T, pack []byte, edit map[string]func([]byte) []byte, fixManifest bool) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pack), int64(len(pack)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var order []string
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = b
		order = append(order, f.Name)
	}
	for name, fn := range edit {
		if _, ok := files[name]; !ok {
			order = append(order, name)
		}
		files[name] = fn(files[name])
	}
	if fixManifest {
		var m evidencepack.Manifest
		json.Unmarshal(files[evidencepack.ManifestFile], &m)
		for i, f := range m.Files {
			sum := sha256.Sum256(files[f.Path])
			m.Files[i].SHA256, m.Files[i].Size = hex.EncodeToString(sum[:]), int64(len(files[f.Path]))
		}
		files[evidencepack.ManifestFile], _ = json.MarshalIndent(m, "", "  ")
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, name := range order {
		w, _ := zw.Create(name)
		w.Write(files[name])
	}
	zw.Close()
	return out.Bytes()
}
