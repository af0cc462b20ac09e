package mail_test

import (
	"crypto/tls"
	"strings"
	"testing"
	"time"

	"isms/internal/smtptest"
	"isms/tracker/mail"
)

func relay(t *testing.T, plain bool) *smtptest.Server {
	t.Helper()
	s, err := smtptest.Start("isms", "relay-secret", plain)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func client(s *smtptest.Server) *mail.Client {
	return &mail.Client{Config: mail.Config{Host: s.Host, Port: s.Port, From: "isms@city.example.jp", FromName: "情報セキュリティ事務局",
		User: s.User, Password: s.Password, TLS: &tls.Config{RootCAs: s.RootCAs}}}
}

// TestSend sends Japanese mail through a real SMTP server with STARTTLS and AUTH, reads every
// message back and decodes it.
func TestSend(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s := relay(t, false)
		c := client(s)
		defer c.Close()
		long := strings.Repeat("情報セキュリティ研修の受講をお願いします。", 20)
		msgs := []mail.Message{
			{To: "yamada@city.example.jp", ToName: "山田 太郎", Subject: "【情報セキュリティ研修】受講期限は2027年1月31日です", Body: "山田 太郎 様\n\n" + long + "\n"},
			{To: "sato@city.example.jp", ToName: "佐藤 花子", Subject: "所属の未受講者（2人）", Body: "佐藤 花子 様\n"},
		}
		for _, m := range msgs {
			if err := c.Send(m); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Wait(len(msgs), 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range msgs {
			r := got[i]
			if !r.TLS || r.User != "isms" {
				t.Errorf("message %d: TLS %v, user %q; want TLS and user isms", i, r.TLS, r.User)
			}
			if len(r.To) != 1 || r.To[0] != m.To || r.From != "isms@city.example.jp" {
				t.Errorf("message %d: envelope %s → %v", i, r.From, r.To)
			}
			raw := string(r.Data)
			if !strings.Contains(raw, "Subject: =?UTF-8?b?") || strings.ContainsFunc(strings.SplitN(raw, "\r\n\r\n", 2)[0], func(c rune) bool { return c > 127 }) {
				t.Errorf("message %d: headers are not RFC 2047 ASCII:\n%s", i, strings.SplitN(raw, "\r\n\r\n", 2)[0])
			}
			d, err := r.Decode()
			if err != nil {
				t.Fatal(err)
			}
			if d.Subject != m.Subject || d.Body != m.Body || !strings.Contains(d.To, m.ToName) || !strings.Contains(d.From, "情報セキュリティ事務局") {
				t.Errorf("message %d: got subject %q, to %q, from %q, body %q", i, d.Subject, d.To, d.From, d.Body)
			}
			if ct := d.Header.Get("Content-Type"); !strings.Contains(ct, "UTF-8") || d.Header.Get("Content-Transfer-Encoding") != "base64" {
				t.Errorf("message %d: Content-Type %q", i, ct)
			}
		}
	})
	t.Run("ErrNoStartTLS", func(t *testing.T) {
		s := relay(t, true)
		c := client(s)
		err := c.Send(mail.Message{To: "a@city.example.jp", Subject: "x", Body: "x"})
		if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
			t.Fatalf("got %v, want a refusal of a relay without STARTTLS", err)
		}
		if s.Count() != 0 {
			t.Fatalf("a message went out in the clear")
		}
	})
	t.Run("ErrAuth", func(t *testing.T) {
		s := relay(t, false)
		c := client(s)
		c.Config.Password = "wrong"
		if err := c.Send(mail.Message{To: "a@city.example.jp", Subject: "x", Body: "x"}); err == nil || !strings.Contains(err.Error(), "認証") {
			t.Fatalf("got %v, want an authentication failure", err)
		}
	})
	t.Run("ErrUntrustedCertificate", func(t *testing.T) {
		s := relay(t, false)
		c := client(s)
		c.Config.TLS = nil // the system's roots do not know the relay's certificate
		if err := c.Send(mail.Message{To: "a@city.example.jp", Subject: "x", Body: "x"}); err == nil {
			t.Fatal("sent to a relay whose certificate nobody trusts")
		}
	})
	t.Run("ErrBadAddress", func(t *testing.T) {
		if _, err := mail.Compose("isms@city.example.jp", "", mail.Message{To: "not an address", Subject: "x"}, time.Now()); err == nil {
			t.Fatal("composed a message to a bad address")
		}
	})
}
