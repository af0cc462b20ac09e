package evidencepack

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"isms/tracker"
)

// Verification is the result of checking a pack by itself.
type Verification struct {
	FiscalYear     tracker.FiscalYear  `json:"fiscalYear"`
	Files          int                 `json:"files"`
	Events         int                 `json:"events"`
	Records        int                 `json:"records"`
	Exports        int                 `json:"exports"` // files checked against their 持ち出し records
	Anchors        int                 `json:"anchors"` // anchors given and found
	First          int64               `json:"first"`   // the pack's events run First…Head
	Head           int64               `json:"head"`
	Seal           tracker.AuditAnchor `json:"seal"`
	ManifestSHA256 string              `json:"manifestSha256"`
	// Problems names everything that differs, first found first.
	Problems []string `json:"problems,omitempty"`

	matched map[string]bool // files whose SHA-256 matched the manifest
}

// OK reports whether nothing differed.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// maxProblems bounds the list: after a file is swapped, every line of it may differ.
const maxProblems = 50

func (v *Verification) fail(format string, args ...any) {
	if len(v.Problems) < maxProblems {
		v.Problems = append(v.Problems, fmt.Sprintf(format, args...))
	}
}

// Verify checks a pack without the database: every file against the manifest, the manifest
// against the seal, the chain of events, every record against the event that bound it, every
// export against its 持ち出し record, and the anchors given (written down outside the pack, such as
// the seal in the committee's minutes). It returns an error only when the file is not a pack at all.
func Verify(r io.ReaderAt, size int64, anchors ...tracker.AuditAnchor) (*Verification, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, tracker.Errorf(tracker.EINVALID, "ZIP ファイルとして読めません（%v）。", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	v := &Verification{matched: map[string]bool{}}
	manifestBytes, err := readAll(files[ManifestFile])
	if err != nil {
		return nil, tracker.Errorf(tracker.EINVALID, "目録（%s）がないか読めません。監査証跡パックではありません。", ManifestFile)
	}
	var m Manifest
	if err := json.Unmarshal(manifestBytes, &m); err != nil || m.Format != FormatName {
		return nil, tracker.Errorf(tracker.EINVALID, "目録（%s）の形式が正しくありません。", ManifestFile)
	}
	sum := sha256.Sum256(manifestBytes)
	v.ManifestSHA256, v.FiscalYear, v.First, v.Head = hex.EncodeToString(sum[:]), m.FiscalYear, m.Chain.First, m.Chain.Head

	contents := v.checkFiles(files, &m)
	events := v.checkChain(contents[EventsFile], &m)
	var columns map[string][]string
	json.Unmarshal(contents[ColumnsFile], &columns)
	v.checkRecords(contents, columns, events, &m)
	v.checkSeal(files[SealFile], columns[tracker.EvidenceExport], &m)
	v.checkAnchors(events, anchors)
	return v, nil
}

// checkFiles compares every file with the manifest and returns the contents of the files that
// matched and that the later checks read.
func (v *Verification) checkFiles(files map[string]*zip.File, m *Manifest) map[string][]byte {
	contents := map[string][]byte{}
	listed := map[string]bool{ManifestFile: true, SealFile: true}
	for _, f := range m.Files {
		listed[f.Path] = true
		zf := files[f.Path]
		if zf == nil {
			v.fail("%s がありません（目録に記載されています）。", f.Path)
			continue
		}
		v.Files++
		rc, err := zf.Open()
		if err != nil {
			v.fail("%s を読めません（%v）。", f.Path, err)
			continue
		}
		keep := f.Path == EventsFile || f.Path == ColumnsFile || strings.HasPrefix(f.Path, recordsDir)
		var buf bytes.Buffer
		h := sha256.New()
		w := io.Writer(h)
		if keep {
			w = io.MultiWriter(h, &buf)
		}
		n, err := io.Copy(w, rc)
		rc.Close()
		switch {
		case err != nil:
			v.fail("%s を読めません（%v。ファイルが壊れているか変更されています）。", f.Path, err)
		case hex.EncodeToString(h.Sum(nil)) != f.SHA256 || n != f.Size:
			v.fail("%s の SHA-256 が目録と一致しません（変更されています）。", f.Path)
		default:
			v.matched[f.Path] = true
			if keep {
				contents[f.Path] = buf.Bytes()
			}
		}
	}
	for name := range files {
		if !listed[name] && !strings.HasSuffix(name, "/") {
			v.fail("%s は目録にありません（後から加えられています）。", name)
		}
	}
	return contents
}

// checkChain recomputes the events' hashes in order and returns them by ID.
func (v *Verification) checkChain(data []byte, m *Manifest) map[int64]*tracker.AuditEvent {
	events := map[int64]*tracker.AuditEvent{}
	if data == nil {
		v.fail("監査ログ（%s）を確かめられません。", EventsFile)
		return events
	}
	prev, next := m.Chain.PrevHash, m.Chain.First
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var e tracker.AuditEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			v.fail("監査ログ（%s）の %d 行目を読めません。", EventsFile, v.Events+1)
			return events
		}
		v.Events++
		switch {
		case e.ID > next:
			if e.ID == next+1 {
				v.fail("監査ログ番号 %d がありません（削除されています）。", next)
			} else {
				v.fail("監査ログ番号 %d〜%d がありません（削除されています）。", next, e.ID-1)
			}
		case e.ID < next:
			v.fail("監査ログ番号 %d が順序どおりではありません（重複または並べ替えられています）。", e.ID)
		case e.PrevHash != prev:
			v.fail("監査ログ番号 %d の前のイベントのハッシュが一致しません（前のイベントが変更または削除されています）。", e.ID)
		}
		if e.ChainHash(e.PrevHash) != e.Hash {
			v.fail("監査ログ番号 %d の内容がハッシュと一致しません（変更されています）。", e.ID)
		}
		events[e.ID] = &e
		prev, next = e.Hash, e.ID+1
	}
	if next-1 != m.Chain.Head || prev != m.Chain.HeadHash {
		v.fail("監査ログの最後（番号 %d）が目録の最新（番号 %d）と一致しません（末尾が削除されています）。", next-1, m.Chain.Head)
	}
	return events
}

// checkRecords recomputes every record's digest against the event that bound it, finds bound
// records that are missing, and checks each export file against its 持ち出し record.
func (v *Verification) checkRecords(contents map[string][]byte, columns map[string][]string, events map[int64]*tracker.AuditEvent, m *Manifest) {
	type key struct {
		kind string
		id   int64
	}
	bound := map[key]*tracker.AuditEvent{}
	for _, e := range events {
		if e.RecordKind != "" {
			bound[key{e.RecordKind, e.RecordID}] = e
		}
	}
	records := map[key]json.RawMessage{}
	paths := []string{}
	for p := range contents {
		if strings.HasPrefix(p, recordsDir) && strings.HasSuffix(p, ".jsonl") {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	for _, p := range paths {
		sc := bufio.NewScanner(bytes.NewReader(contents[p]))
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			var r tracker.EvidenceRecord
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				v.fail("%s の記録を読めません。", p)
				break
			}
			v.Records++
			k := key{r.Kind, r.ID}
			records[k] = r.Row
			e := bound[k]
			switch {
			case e == nil:
				v.fail("%s に対応する監査ログがありません（記録が後から加えられています）。", tracker.RecordName(r.Kind, r.ID))
			case tracker.EvidenceDigest(r.Row) != e.RecordSHA256:
				v.fail("%s の内容が監査ログ番号 %d に記録された内容と一致しません（記録が変更されています）。", tracker.RecordName(r.Kind, r.ID), e.ID)
			}
		}
	}
	missing := []key{}
	for k := range bound {
		if _, ok := records[k]; !ok {
			missing = append(missing, k)
		}
	}
	slices.SortFunc(missing, func(a, b key) int { return int(bound[a].ID - bound[b].ID) })
	for _, k := range missing {
		v.fail("%s がありません（監査ログ番号 %d に記録されています）。", tracker.RecordName(k.kind, k.id), bound[k].ID)
	}
	for _, f := range m.Files {
		if f.ExportID == 0 || !v.matched[f.Path] {
			continue
		}
		row, ok := records[key{tracker.EvidenceExport, f.ExportID}]
		recorded := column(columns[tracker.EvidenceExport], row, "file_sha256")
		switch {
		case !ok:
			v.fail("%s の持ち出し記録 %d がありません。", f.Path, f.ExportID)
		case recorded != f.SHA256:
			v.fail("%s の SHA-256 が持ち出し記録 %d と一致しません（出力の後に変更されています）。", f.Path, f.ExportID)
		default:
			v.Exports++
		}
	}
}

// column reads one named column of a canonical row as text.
func column(names []string, row json.RawMessage, name string) string {
	var values []any
	if json.Unmarshal(row, &values) != nil {
		return ""
	}
	for i, n := range names {
		if n == name && i < len(values) {
			s, _ := values[i].(string)
			return s
		}
	}
	return ""
}

// checkSeal checks that the pack's own 持ち出し record binds the manifest, and that its event binds
// the record and follows the chain. names are the 持ち出し record's columns (records/columns.json: a
// changed name cannot help, since the record's values are bound by the seal's event).
func (v *Verification) checkSeal(f *zip.File, names []string, m *Manifest) {
	data, err := readAll(f)
	var s Seal
	if err != nil || json.Unmarshal(data, &s) != nil || s.Event == nil || s.Record == nil {
		v.fail("封印（%s）がないか読めません。", SealFile)
		return
	}
	e := s.Event
	v.Seal = tracker.AnchorOf(e.ID, e.Hash)
	switch {
	case e.ChainHash(e.PrevHash) != e.Hash:
		v.fail("封印の監査ログ番号 %d の内容がハッシュと一致しません（変更されています）。", e.ID)
	case e.RecordKind != tracker.EvidenceExport || e.RecordID != s.Record.ID || s.Record.Kind != tracker.EvidenceExport:
		v.fail("封印の監査ログ番号 %d はこのパックの持ち出し記録を記録していません。", e.ID)
	case tracker.EvidenceDigest(s.Record.Row) != e.RecordSHA256:
		v.fail("封印の持ち出し記録 %d が監査ログ番号 %d に記録された内容と一致しません（変更されています）。", s.Record.ID, e.ID)
	case column(names, s.Record.Row, "file_sha256") != v.ManifestSHA256:
		v.fail("目録（%s）の SHA-256 が封印（持ち出し記録 %d）と一致しません（目録が変更されています）。", ManifestFile, s.Record.ID)
	case e.ID <= m.Chain.Head:
		v.fail("封印の監査ログ番号 %d がパックの監査ログ（番号 %d まで）より前です。", e.ID, m.Chain.Head)
	case e.ID == m.Chain.Head+1 && e.PrevHash != m.Chain.HeadHash:
		v.fail("封印の監査ログ番号 %d が直前の監査ログ番号 %d とつながっていません。", e.ID, m.Chain.Head)
	}
}

// checkAnchors finds each anchor given among the pack's events or as its seal.
func (v *Verification) checkAnchors(events map[int64]*tracker.AuditEvent, anchors []tracker.AuditAnchor) {
	for _, a := range anchors {
		e := events[a.EventID]
		switch {
		case a.EventID == v.Seal.EventID:
			if v.Seal.Hash != a.Hash {
				v.fail("控え（%s）が封印（%s）と一致しません（パックが作り直されています）。", a, v.Seal)
				continue
			}
		case e == nil:
			v.fail("控え（%s）の監査ログ番号 %d はこのパックにありません（番号 %d〜%d と封印 %d があります）。", a, a.EventID, v.First, v.Head, v.Seal.EventID)
			continue
		case !strings.HasPrefix(e.Hash, a.Hash):
			v.fail("監査ログ番号 %d のハッシュが控え（%s）と一致しません（控えの後に書き換えられています）。", a.EventID, a)
			continue
		}
		v.Anchors++
	}
}

func readAll(f *zip.File) ([]byte, error) {
	if f == nil {
		return nil, io.ErrUnexpectedEOF
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
