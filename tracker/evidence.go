package tracker

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Evidence records are what the tracker keeps as proof of 【01】第17条: attempts, surveys, plans and
// their approvals, roster imports and exports (and every kind added later). Each is written once:
// the store refuses to change or delete the row, and the audit event that writes it carries the
// SHA-256 of the row as stored, so `isms audit verify` recomputes every row against its event and
// names the first one that differs, is missing, or has no event.
//
// A new kind of record takes the same path: a table whose rows are never updated, one event per
// row written in the same transaction (the store's recordEvidence), an entry in the store's list of
// evidence tables, and its kind here.
const (
	EvidenceAttempt      = "attempt"       // 受験記録
	EvidenceSurvey       = "survey"        // アンケート回答
	EvidencePlan         = "plan"          // 年度教育計画（承認を含む）の保存
	EvidenceRosterImport = "roster_import" // 名簿の取り込み
	EvidenceExport       = "export"        // 持ち出し記録
	EvidenceRoleMap      = "role_map"      // 職位の対応表の保存
	EvidenceSession      = "session"       // 集合研修・訓練の記録
	EvidenceAttendance   = "attendance"    // 出席記録
	EvidenceDrillResult  = "drill_result"  // 訓練結果
	EvidenceReminder     = "reminder"      // 督促の送信記録

	EvidenceAcknowledgement  = "acknowledgement"   // 周知確認記録
	EvidenceAmendmentSetting = "amendment_setting" // 改正版の周知設定の保存記録
	EvidenceQuestionReview   = "question_review"   // 問題の見直し記録
	EvidenceProposal         = "plan_proposal"     // 次年度計画への提案（年度報告）
)

// EvidenceName is a kind as people read it.
func EvidenceName(kind string) string {
	switch kind {
	case EvidenceAttempt:
		return "受験記録"
	case EvidenceSurvey:
		return "アンケート回答"
	case EvidencePlan:
		return "年度教育計画の保存記録"
	case EvidenceRosterImport:
		return "名簿の取り込み記録"
	case EvidenceExport:
		return "持ち出し記録"
	case EvidenceRoleMap:
		return "職位の対応表の保存記録"
	case EvidenceSession:
		return "集合研修・訓練の記録"
	case EvidenceAttendance:
		return "出席記録"
	case EvidenceDrillResult:
		return "訓練結果"
	case EvidenceReminder:
		return "督促の送信記録"
	case EvidenceAcknowledgement:
		return "周知確認記録"
	case EvidenceAmendmentSetting:
		return "改正版の周知設定の保存記録"
	case EvidenceQuestionReview:
		return "問題の見直し記録"
	case EvidenceProposal:
		return "次年度計画への提案の記録"
	}
	return kind
}

// AuditAnchor is the chain's head written down outside the database (in the committee's minutes,
// on paper, in the server's log): an event's number and the first 16 hexadecimal digits of its
// hash. Verifying against it proves that no event up to it was removed or rewritten, which the
// chain alone cannot show for its newest events.
type AuditAnchor struct {
	EventID int64  `json:"eventId"`
	Hash    string `json:"hash"` // the first 16 hex digits
}

// AnchorHashLen is how much of the hash an anchor keeps: 64 bits, short enough to copy by hand.
const AnchorHashLen = 16

// AnchorOf returns the anchor of an event with that ID and hash.
func AnchorOf(id int64, hash string) AuditAnchor {
	if len(hash) > AnchorHashLen {
		hash = hash[:AnchorHashLen]
	}
	return AuditAnchor{EventID: id, Hash: hash}
}

// String is the anchor as written down: "12345-9f2c1b7e4a5d6c3b".
func (a AuditAnchor) String() string {
	if a.EventID == 0 {
		return ""
	}
	return strconv.FormatInt(a.EventID, 10) + "-" + a.Hash
}

// ParseAnchor reads an anchor as String writes it.
func ParseAnchor(s string) (AuditAnchor, error) {
	id, hash, ok := strings.Cut(strings.TrimSpace(s), "-")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n <= 0 || len(hash) != AnchorHashLen || strings.Trim(strings.ToLower(hash), "0123456789abcdef") != "" {
		return AuditAnchor{}, Errorf(EINVALID, "控え「%s」は「番号-16桁の16進数」（例: 12345-9f2c1b7e4a5d6c3b）の形ではありません。", s)
	}
	return AuditAnchor{EventID: n, Hash: strings.ToLower(hash)}, nil
}

// RecordName names an evidence record for a message: 受験記録 12.
func RecordName(kind string, id int64) string { return fmt.Sprintf("%s %d", EvidenceName(kind), id) }

// EvidenceRecord is an evidence row in its canonical form: the exact bytes whose SHA-256 the
// event that wrote the row carries (EvidenceDigest). An evidence pack holds records in this form,
// so that a verifier without the database hashes the bytes instead of encoding the row again.
type EvidenceRecord struct {
	Kind string          `json:"kind"`
	ID   int64           `json:"id"`
	Row  json.RawMessage `json:"row"` // a JSON array of the row's columns, in the store's order
}

// EvidenceDigest is the digest that binds a record to its event: the SHA-256, in hexadecimal, of
// the record's canonical form. The store and every verifier compute it here.
func EvidenceDigest(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}
