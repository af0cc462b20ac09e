// Package mail sends the tracker's reminders through the city's mail relay: SMTP with STARTTLS
// (required unless switched off) and optional PLAIN authentication, one connection reused for a
// whole batch. Messages are UTF-8: subjects and names encoded as RFC 2047 encoded-words, bodies in
// base64, so Japanese text arrives intact through any relay.
package mail

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"
)

// Config is the relay and the sender.
type Config struct {
	Host     string
	Port     int
	From     string // the sender's address, e.g. isms@city.example.lg.jp
	FromName string // shown as the sender's name, e.g. 情報セキュリティ事務局
	User     string // empty: no authentication
	Password string
	// Plain allows a relay without STARTTLS (a relay on the same host); by default a relay that
	// does not offer STARTTLS is refused, so nothing is sent in the clear.
	Plain bool
	// TLS verifies the relay's certificate (RootCAs for a city's own CA); nil uses the system's.
	TLS *tls.Config
	// Timeout bounds each step with the relay; 0: 30 seconds.
	Timeout time.Duration
}

// Enabled reports whether a relay is configured.
func (c Config) Enabled() bool { return c.Host != "" && c.From != "" }

// Message is one mail.
type Message struct {
	To      string
	ToName  string
	Subject string
	Body    string // plain text, lines ending in \n
}

// Client sends messages over one connection, opened on the first Send and reopened after a failure.
type Client struct {
	Config Config
	Now    func() time.Time

	c    *smtp.Client
	conn net.Conn
}

// Send delivers one message. An error names what the relay refused; the next Send reconnects.
func (cl *Client) Send(m Message) error {
	reused := cl.c != nil
	if !reused {
		if err := cl.open(); err != nil {
			return err
		}
	}
	cl.deadline()
	err := cl.deliver(m)
	if err != nil && reused {
		// The relay may have dropped a connection left open since the last batch: once more on a
		// new one.
		cl.Close()
		if err = cl.open(); err != nil {
			return err
		}
		cl.deadline()
		err = cl.deliver(m)
	}
	if err != nil {
		cl.Close()
	}
	return err
}

func (cl *Client) deadline() {
	t := cl.Config.Timeout
	if t == 0 {
		t = 30 * time.Second
	}
	cl.conn.SetDeadline(time.Now().Add(t))
}

func (cl *Client) open() error {
	cfg := cl.Config
	if !cfg.Enabled() {
		return errors.New("メールの送信先サーバーが設定されていません")
	}
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	conn, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return fmt.Errorf("メールサーバー %s に接続できません: %w", addr, err)
	}
	cl.conn = conn
	cl.deadline()
	c, err := smtp.NewClient(conn, cfg.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("メールサーバー %s: %w", addr, err)
	}
	fail := func(err error) error {
		c.Close()
		return err
	}
	if err := c.Hello(helloName(cfg.From)); err != nil {
		return fail(err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		t := cfg.TLS
		if t == nil {
			t = &tls.Config{}
		}
		t = t.Clone()
		if t.ServerName == "" {
			t.ServerName = cfg.Host
		}
		if err := c.StartTLS(t); err != nil {
			return fail(fmt.Errorf("メールサーバー %s との暗号化（STARTTLS）に失敗しました: %w", addr, err))
		}
	} else if !cfg.Plain {
		return fail(fmt.Errorf("メールサーバー %s は STARTTLS に対応していません（暗号化せずに送るには設定が必要です）", addr))
	}
	if cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", cfg.User, cfg.Password, cfg.Host)); err != nil {
			return fail(fmt.Errorf("メールサーバー %s の認証に失敗しました: %w", addr, err))
		}
	}
	cl.c = c
	return nil
}

func (cl *Client) deliver(m Message) error {
	now := time.Now
	if cl.Now != nil {
		now = cl.Now
	}
	data, err := Compose(cl.Config.From, cl.Config.FromName, m, now())
	if err != nil {
		return err
	}
	if err := cl.c.Mail(cl.Config.From); err != nil {
		return err
	}
	if err := cl.c.Rcpt(m.To); err != nil {
		return err
	}
	w, err := cl.c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	return w.Close()
}

// Close ends the connection politely.
func (cl *Client) Close() error {
	if cl.c == nil {
		return nil
	}
	err := cl.c.Quit()
	if err != nil {
		cl.c.Close()
	}
	cl.c, cl.conn = nil, nil
	return err
}

func helloName(from string) string {
	if i := strings.LastIndex(from, "@"); i >= 0 {
		return from[i+1:]
	}
	return "localhost"
}

// Compose writes a message: headers in ASCII (encoded-words for Japanese), the body as UTF-8 in
// base64 with CRLF line ends.
func Compose(from, fromName string, m Message, date time.Time) ([]byte, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil || to.Address != m.To {
		return nil, fmt.Errorf("宛先「%s」はメールアドレスの形ではありません", m.To)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, errors.New("件名に改行は使えません")
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", address(fromName, from))
	header("To", address(m.ToName, m.To))
	header("Subject", mime.BEncoding.Encode("UTF-8", m.Subject))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", "<"+messageID()+"@"+helloName(from)+">")
	header("MIME-Version", "1.0")
	header("Content-Type", `text/plain; charset="UTF-8"`)
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes(), nil
}

// address is a header address with its name encoded when it is not plain ASCII.
func address(name, addr string) string {
	if name == "" {
		return "<" + addr + ">"
	}
	return (&mail.Address{Name: name, Address: addr}).String()
}

func messageID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
