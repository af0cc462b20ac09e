package tracker

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ReportKind names a report that can be exported.
type ReportKind string

const (
	ReportAttendance    ReportKind = "attendance"    // one row per person and required module
	ReportOutstanding   ReportKind = "outstanding"   // everyone not yet through, with what is missing
	ReportAttempts      ReportKind = "attempts"      // one row per graded attempt
	ReportEffectiveness ReportKind = "effectiveness" // 【01】第17条3
	ReportHistory       ReportKind = "history"       // one person's 受講歴 across years
	ReportSessions      ReportKind = "sessions"      // one row per attendance at a 集合研修・訓練
	ReportDrills        ReportKind = "drills"        // one row per person and 訓練
	ReportReminders     ReportKind = "reminders"     // one row per reminder sent or handed out
	ReportRemindList    ReportKind = "remind_list"   // the reminders as a mail-merge file
	// ReportAcknowledgements is the 周知状況 of one version: one row per person in post.
	ReportAcknowledgements ReportKind = "acknowledgements"
	// The year's documents: not table exports of their own, but recorded as 持ち出し like them.
	ReportAnnual   ReportKind = "annual"   // 年度報告 to the committee (【01】第17条)
	ReportEvidence ReportKind = "evidence" // 監査証跡パック for the internal auditors
)

// ReportKinds lists the reports in the order menus show them.
func ReportKinds() []ReportKind {
	return []ReportKind{ReportAttendance, ReportOutstanding, ReportAttempts, ReportEffectiveness, ReportHistory, ReportSessions, ReportDrills,
		ReportReminders, ReportRemindList, ReportAcknowledgements}
}

// Valid reports whether k is a known report.
func (k ReportKind) Valid() bool { return k.Title() != "" }

// Title is the report's name on pages, in file names and in the title block of an export.
func (k ReportKind) Title() string {
	switch k {
	case ReportAttendance:
		return "受講状況一覧"
	case ReportOutstanding:
		return "未受講者一覧"
	case ReportAttempts:
		return "受験記録"
	case ReportEffectiveness:
		return "研修の有効性評価"
	case ReportHistory:
		return "受講歴"
	case ReportSessions:
		return "集合研修・訓練の出席記録"
	case ReportDrills:
		return "訓練結果"
	case ReportReminders:
		return "督促の送信記録"
	case ReportRemindList:
		return "督促の差し込み用一覧"
	case ReportAcknowledgements:
		return "周知確認状況"
	case ReportAnnual:
		return "年度報告（情報セキュリティ教育の実施状況と有効性の評価）"
	case ReportEvidence:
		return "監査証跡パック"
	}
	return ""
}

// ExportFormat is the file format of an export.
type ExportFormat string

const (
	FormatXLSX ExportFormat = "xlsx" // Excel, through a streaming writer
	FormatCSV  ExportFormat = "csv"  // UTF-8 with BOM and CRLF, so Excel reads the Japanese text
	FormatXAPI ExportFormat = "xapi" // xAPI 1.0.3 statements as a JSON array, for an LMS or LRS
	FormatHTML ExportFormat = "html" // the year report as a printable document
	FormatPDF  ExportFormat = "pdf"  // the same, printed by Chromium
	FormatZIP  ExportFormat = "zip"  // the evidence pack
)

// Valid reports whether f is a known format.
func (f ExportFormat) Valid() bool {
	switch f {
	case FormatXLSX, FormatCSV, FormatXAPI, FormatHTML, FormatPDF, FormatZIP:
		return true
	}
	return false
}

// Tabular reports whether f is a format the table exports are written in.
func (f ExportFormat) Tabular() bool { return f == FormatXLSX || f == FormatCSV || f == FormatXAPI }

// Label is the format as people read it.
func (f ExportFormat) Label() string {
	switch f {
	case FormatXLSX:
		return "Excel（XLSX）"
	case FormatCSV:
		return "CSV"
	case FormatXAPI:
		return "xAPI（JSON）"
	}
	return string(f)
}

// Export is a 持ち出し record (【03】第9条3): who took which records out, of which scope, how
// many rows, when, and the file's digest so the copy can be recognised later.
type Export struct {
	ID             int64        `json:"id"`
	At             time.Time    `json:"at"`
	AccountID      int64        `json:"accountId,omitempty"`
	Actor          string       `json:"actor"`
	Report         ReportKind   `json:"report"`
	FiscalYear     FiscalYear   `json:"fiscalYear,omitempty"`
	Scope          string       `json:"scope"` // 全庁, a unit's name or a 職員番号
	Format         ExportFormat `json:"format"`
	Rows           int          `json:"rows"`
	Classification string       `json:"classification"`
	Purpose        string       `json:"purpose,omitempty"` // 持ち出しの目的, as the exporter stated it
	FileSHA256     string       `json:"fileSha256"`
	Source         string       `json:"source,omitempty"`
}

// MaxExportPurpose is the longest purpose accepted, in characters.
const MaxExportPurpose = 200

// Validate checks what the exporter supplies.
func (e *Export) Validate() error {
	var problems []string
	if !e.Report.Valid() {
		problems = append(problems, "出力する帳票の種類が正しくありません。")
	}
	if !e.Format.Valid() {
		problems = append(problems, "出力形式は xlsx・csv・xapi・html・pdf・zip のいずれかです。")
	}
	if e.FiscalYear != 0 && !e.FiscalYear.Valid() {
		problems = append(problems, "年度が正しくありません。")
	}
	if strings.TrimSpace(e.Scope) == "" {
		problems = append(problems, "出力の範囲が記録されていません。")
	}
	if e.Rows < 0 {
		problems = append(problems, "行数が正しくありません。")
	}
	if len(e.FileSHA256) != 64 {
		problems = append(problems, "ファイルのハッシュ値が記録されていません。")
	}
	if !utf8.ValidString(e.Purpose) || strings.ContainsFunc(e.Purpose, isForbiddenControl) || strings.ContainsAny(e.Purpose, "\r\n") {
		problems = append(problems, "持ち出しの目的に使用できない文字が含まれています。")
	} else if n := utf8.RuneCountInString(e.Purpose); n > MaxExportPurpose {
		problems = append(problems, fmt.Sprintf("持ち出しの目的は%d字以内で入力してください（現在%d字）。", MaxExportPurpose, n))
	}
	return joinProblems(problems)
}

// ExportFilter selects export records. Zero fields do not filter.
type ExportFilter struct {
	Actor  string
	Report ReportKind
	Since  time.Time
	Until  time.Time
	Offset int
	Limit  int
}
