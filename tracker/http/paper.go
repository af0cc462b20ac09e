package http

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"isms/quiz"
	"isms/tracker"
)

// A drawn paper travels with the form as a signed token instead of a database row: drawing a quiz
// writes nothing, and the submission alone is the one write of an attempt. The token binds the
// paper to the account, the module, the seed and bank version it was drawn from, and the time it
// was started; its MAC is also the attempt's key, so the same paper submitted twice is recorded
// once.
type paperClaims struct {
	Account int64  `json:"a"`
	Module  string `json:"m"`
	Seed    int64  `json:"s"`
	Version string `json:"v"`
	Started int64  `json:"t"`
	// The questions the paper was drawn from, when not the whole bank (amendment_draw.go): those
	// left out while they wait for review, or those of a 改正研修. The submission draws the same
	// paper from the same questions, whatever was reviewed in between.
	Excluded  []string `json:"x,omitempty"`
	Questions []string `json:"q,omitempty"`
}

func (s *Server) signPaper(c paperClaims) string {
	body, _ := json.Marshal(c)
	payload := base64.RawURLEncoding.EncodeToString(body)
	return payload + "." + base64.RawURLEncoding.EncodeToString(s.paperMAC(payload))
}

func (s *Server) paperMAC(payload string) []byte {
	m := hmac.New(sha256.New, s.PaperKey)
	m.Write([]byte("paper.v1."))
	m.Write([]byte(payload))
	return m.Sum(nil)
}

// openPaper checks a token for the account and returns its claims and the attempt key.
func (s *Server) openPaper(token string, accountID int64) (paperClaims, string, error) {
	var c paperClaims
	bad := tracker.Errorf(tracker.EINVALID, "受験用紙が正しくありません。研修のページからもう一度受験を始めてください。")
	payload, mac, ok := strings.Cut(token, ".")
	if !ok {
		return c, "", bad
	}
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil || !hmac.Equal(got, s.paperMAC(payload)) {
		return c, "", bad
	}
	body, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || json.Unmarshal(body, &c) != nil || c.Account != accountID {
		return c, "", bad
	}
	if s.Now().Sub(time.Unix(c.Started, 0)) > s.PaperTTL {
		return c, "", tracker.Errorf(tracker.EINVALID, "受験を始めてから%d時間を過ぎたため、この回答は受け付けられません。もう一度受験してください。",
			int(s.PaperTTL/time.Hour))
	}
	return c, hex.EncodeToString(got[:16]), nil
}

// newPaper draws a paper of the bank, as drawable for the caller, for the account.
func (s *Server) newPaper(d *drawable, accountID int64) (*quiz.Paper, string) {
	var buf [8]byte
	rand.Read(buf[:])
	seed := int64(binary.LittleEndian.Uint64(buf[:]) >> 1)
	b := d.bank
	c := paperClaims{Account: accountID, Module: b.Module, Seed: seed, Version: b.Version, Started: s.Now().Unix(),
		Excluded: d.excluded, Questions: d.questions}
	return b.Draw(seed), s.signPaper(c)
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
