package evidencepack

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"time"

	"isms/tracker"
	"isms/tracker/annual"
	"isms/tracker/export"
)

// Source is what a pack is made from: the same services and producers as the report and exports.
type Source struct {
	Evidence tracker.EvidenceService
	Reports  tracker.ReportService
	Plans    tracker.PlanService
	Annual   *annual.Source
	Exports  *export.Source
	Now      func() time.Time
}

// Options say which year and what else.
type Options struct {
	FiscalYear tracker.FiscalYear
	MadeBy     string // the exporter, in title blocks
	Purpose    string // 持ち出しの目的
	Names      bool   // add the roster's names (氏名) to the summary; the 持ち出し record says so
}

// Result is what Build made.
type Result struct {
	Record         *tracker.Export // the pack's own 持ち出し record
	Seal           tracker.AuditAnchor
	ManifestSHA256 string
	Manifest       *Manifest
}

// Build writes the pack to w (a staging place: the pack is complete and recorded before anyone
// gets it). Only the 事務局 and the command line may make one (EFORBIDDEN), and only before
// anything is recorded.
func (src *Source) Build(ctx context.Context, o Options, w io.Writer) (*Result, error) {
	p := tracker.PrincipalFrom(ctx)
	if !(p == nil || p.System || p.Account.Admin()) {
		return nil, tracker.Errorf(tracker.EFORBIDDEN, "監査証跡パックは情報セキュリティ事務局の管理者IDだけが作成できます。")
	}
	if !o.FiscalYear.Valid() {
		return nil, tracker.Errorf(tracker.EINVALID, "年度が正しくありません。西暦の4桁（例: 2026）で指定してください。")
	}
	purpose := o.Purpose
	if purpose == "" {
		purpose = "監査証跡パック"
	}
	// The purpose is checked before anything is made or recorded.
	probe := tracker.Export{Report: tracker.ReportEvidence, Format: tracker.FormatZIP, Scope: "全庁", FileSHA256: fmt.Sprintf("%064d", 0), Purpose: purpose}
	if err := probe.Validate(); err != nil {
		return nil, err
	}
	now := time.Now
	if src.Now != nil {
		now = src.Now
	}
	// The report and the exports share one reading of the year's effectiveness.
	reports := &onceReports{ReportService: src.Reports, done: map[effectivenessKey]*tracker.Effectiveness{}}
	annualSrc, exportSrc := *src.Annual, *src.Exports
	annualSrc.Reports, exportSrc.Reports = reports, reports
	src = &Source{Evidence: src.Evidence, Reports: reports, Plans: src.Plans, Annual: &annualSrc, Exports: &exportSrc, Now: src.Now}
	b := &builder{zw: zip.NewWriter(w), m: &Manifest{Format: FormatName, FiscalYear: o.FiscalYear, MadeAt: now(), MadeBy: o.MadeBy,
		Classification: tracker.ClassificationA, Names: o.Names}}
	b.zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return flate.NewWriter(out, flate.BestSpeed) })
	inner := "監査証跡パック（" + o.FiscalYear.String() + "）"
	if err := src.report(ctx, b, o, inner); err != nil {
		return nil, err
	}
	if err := src.plan(ctx, b, o.FiscalYear); err != nil {
		return nil, err
	}
	if err := src.roster(ctx, b, o); err != nil {
		return nil, err
	}
	if err := src.exports(ctx, b, o, inner); err != nil {
		return nil, err
	}
	if err := src.chain(ctx, b, o.FiscalYear); err != nil {
		return nil, err
	}
	if err := b.file("README.txt", 0, func(w io.Writer) error { return writeReadme(w, b.m) }); err != nil {
		return nil, err
	}
	manifest, err := json.MarshalIndent(b.m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := b.raw(ManifestFile, manifest); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(manifest)
	scope := "全庁"
	if o.Names {
		scope = "全庁（名簿の氏名を含む）"
	}
	rec := &tracker.Export{Report: tracker.ReportEvidence, Format: tracker.FormatZIP, FiscalYear: o.FiscalYear, Scope: scope,
		Rows: len(b.m.Files), Purpose: purpose, FileSHA256: hex.EncodeToString(sum[:])}
	if err := src.Reports.RecordExport(ctx, rec); err != nil {
		return nil, err
	}
	seal, err := src.seal(ctx, b.m.Chain.Head, rec.ID)
	if err != nil {
		return nil, err
	}
	// Compact: indenting would re-indent the record's canonical row, whose bytes its digest covers.
	sealJSON, err := json.Marshal(seal)
	if err != nil {
		return nil, err
	}
	if err := b.raw(SealFile, sealJSON); err != nil {
		return nil, err
	}
	if err := b.zw.Close(); err != nil {
		return nil, err
	}
	return &Result{Record: rec, Seal: tracker.AnchorOf(seal.Event.ID, seal.Event.Hash), ManifestSHA256: rec.FileSHA256, Manifest: b.m}, nil
}

// builder writes the pack's files, noting each in the manifest.
type builder struct {
	zw *zip.Writer
	m  *Manifest
}

// file writes one file through fill, hashing it on the way, and lists it.
func (b *builder) file(path string, exportID int64, fill func(io.Writer) error) error {
	e, err := b.open(path, exportID)
	if err != nil {
		return err
	}
	if err := fill(e); err != nil {
		return err
	}
	return e.close()
}

// entry is a file being written into the pack.
type entry struct {
	*bufio.Writer
	b        *builder
	path     string
	exportID int64
	h        *counter
}

// open starts a file; close lists it in the manifest.
func (b *builder) open(path string, exportID int64) (*entry, error) {
	zf, err := b.zw.CreateHeader(&zip.FileHeader{Name: path, Method: zip.Deflate, Modified: b.m.MadeAt})
	if err != nil {
		return nil, err
	}
	h := &counter{h: sha256.New()}
	return &entry{Writer: bufio.NewWriterSize(io.MultiWriter(zf, h), 64<<10), b: b, path: path, exportID: exportID, h: h}, nil
}

func (e *entry) close() error {
	if err := e.Flush(); err != nil {
		return err
	}
	e.b.m.Files = append(e.b.m.Files, File{Path: e.path, Size: e.h.n, SHA256: hex.EncodeToString(e.h.h.Sum(nil)), ExportID: e.exportID})
	return nil
}

// raw writes a file that the manifest does not list (the manifest and the seal).
func (b *builder) raw(path string, data []byte) error {
	zf, err := b.zw.CreateHeader(&zip.FileHeader{Name: path, Method: zip.Deflate, Modified: b.m.MadeAt})
	if err != nil {
		return err
	}
	_, err = zf.Write(data)
	return err
}

func (b *builder) json(path string, v any) error {
	return b.file(path, 0, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	})
}

type counter struct {
	h hash.Hash
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

// report writes the year report as the committee's document and its workbook, each recorded as a
// 持ち出し of its own.
func (src *Source) report(ctx context.Context, b *builder, o Options, purpose string) error {
	r, err := src.Annual.Build(ctx, o.FiscalYear, o.MadeBy)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		format tracker.ExportFormat
		write  func(io.Writer) error
	}{
		{tracker.FormatHTML, func(w io.Writer) error { return annual.WriteHTML(w, r, annual.Document{}) }},
		{tracker.FormatXLSX, func(w io.Writer) error { _, err := annual.WriteXLSX(w, r); return err }},
	} {
		var buf bytes.Buffer
		if err := f.write(&buf); err != nil {
			return err
		}
		sum := sha256.Sum256(buf.Bytes())
		rec := &tracker.Export{Report: tracker.ReportAnnual, Format: f.format, FiscalYear: o.FiscalYear, Scope: "全庁", Rows: tableRows(r),
			Purpose: purpose, FileSHA256: hex.EncodeToString(sum[:])}
		if err := src.Reports.RecordExport(ctx, rec); err != nil {
			return err
		}
		if err := b.file("report/annual."+string(f.format), rec.ID, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
			return err
		}
	}
	return nil
}

func tableRows(r *annual.Report) int {
	n := 0
	for _, s := range r.Sections {
		for _, t := range s.Tables {
			n += len(t.Rows)
		}
	}
	return n
}

// plan writes the plan in force, the plan as recorded with every save of it, and the proposals.
func (src *Source) plan(ctx context.Context, b *builder, fy tracker.FiscalYear) error {
	inForce, recorded, err := src.Plans.PlanInForce(ctx, fy)
	if err != nil {
		return err
	}
	revisions, err := src.Evidence.FindPlanRevisions(ctx, fy)
	if err != nil {
		return err
	}
	if err := b.json("plan/plan.json", map[string]any{"inForce": inForce, "recorded": recorded, "revisions": revisions}); err != nil {
		return err
	}
	proposals, err := src.Annual.Proposals.FindProposals(ctx, fy)
	if err != nil {
		return err
	}
	return b.json("plan/proposals.json", proposals)
}

// exports writes every export of the year's records, each recorded as a 持ち出し.
func (src *Source) exports(ctx context.Context, b *builder, o Options, purpose string) error {
	for _, kind := range []tracker.ReportKind{tracker.ReportAttendance, tracker.ReportOutstanding, tracker.ReportAttempts, tracker.ReportEffectiveness} {
		var rec *tracker.Export
		path := "exports/" + string(kind) + ".csv"
		err := b.file(path, 0, func(w io.Writer) error {
			var err error
			rec, err = src.Exports.Produce(ctx, export.Request{Report: kind, Format: tracker.FormatCSV, FiscalYear: o.FiscalYear, Purpose: purpose},
				o.MadeBy, w)
			return err
		})
		if err != nil {
			return err
		}
		b.m.Files[len(b.m.Files)-1].ExportID = rec.ID
	}
	return nil
}

// chain writes the events from the year's first (or the first save of the year's plan, if
// earlier) to the head, the anchors among them, and the records they bind.
func (src *Source) chain(ctx context.Context, b *builder, fy tracker.FiscalYear) error {
	from, err := src.Evidence.FirstEventSince(ctx, fy.Start())
	if err != nil {
		return err
	}
	revisions, err := src.Evidence.FindPlanRevisions(ctx, fy)
	if err != nil {
		return err
	}
	for _, r := range revisions {
		if r.EventID != 0 && (from == 0 || r.EventID < from) {
			from = r.EventID
		}
	}
	if from == 0 {
		return tracker.Errorf(tracker.ENOTFOUND, "%sの監査ログがありません。", fy)
	}
	c := &b.m.Chain
	var anchors []string
	err = b.file(EventsFile, 0, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		return src.Evidence.EachEvent(ctx, from, 0, func(e *tracker.AuditEvent) error {
			if c.First == 0 {
				c.First, c.PrevHash = e.ID, e.PrevHash
			}
			c.Head, c.HeadHash = e.ID, e.Hash
			if e.Action == tracker.ActionAuditAnchor {
				anchors = append(anchors, tracker.AnchorOf(e.ID, e.Hash).String()+"  "+e.At.In(tracker.Japan).Format("2006-01-02 15:04")+"  "+e.Actor)
			}
			return enc.Encode(e)
		})
	})
	if err != nil {
		return err
	}
	anchors = append(anchors, tracker.AnchorOf(c.Head, c.HeadHash).String()+"  head")
	if err := b.file(AnchorsFile, 0, func(w io.Writer) error {
		for _, a := range anchors {
			if _, err := fmt.Fprintln(w, a); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := b.json(ColumnsFile, src.Evidence.EvidenceColumns()); err != nil {
		return err
	}
	// The store gives the records kind by kind, so each kind's file is written as they come.
	var file *entry
	err = src.Evidence.EachRecord(ctx, c.First, c.Head, func(r *tracker.EvidenceRecord) error {
		if file == nil || file.path != recordsDir+r.Kind+".jsonl" {
			if file != nil {
				if err := file.close(); err != nil {
					return err
				}
			}
			var err error
			if file, err = b.open(recordsDir+r.Kind+".jsonl", 0); err != nil {
				return err
			}
		}
		// The row is written as it is: its bytes are what its event's digest covers.
		fmt.Fprintf(file, `{"kind":%q,"id":%d,"row":`, r.Kind, r.ID)
		file.Write(r.Row)
		_, err := file.WriteString("}\n")
		return err
	})
	if err != nil {
		return err
	}
	if file != nil {
		return file.close()
	}
	return nil
}

// seal finds the event that recorded the pack's own 持ち出し, and the record as stored.
func (src *Source) seal(ctx context.Context, head, exportID int64) (*Seal, error) {
	s := &Seal{}
	err := src.Evidence.EachEvent(ctx, head+1, 0, func(e *tracker.AuditEvent) error {
		if e.RecordKind == tracker.EvidenceExport && e.RecordID == exportID {
			s.Event = e
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if s.Event == nil {
		return nil, fmt.Errorf("evidencepack: the event recording export %d is missing", exportID)
	}
	err = src.Evidence.EachRecord(ctx, s.Event.ID, s.Event.ID, func(r *tracker.EvidenceRecord) error {
		s.Record = r
		return nil
	})
	if err == nil && s.Record == nil {
		err = fmt.Errorf("evidencepack: export record %d is missing", exportID)
	}
	return s, err
}
