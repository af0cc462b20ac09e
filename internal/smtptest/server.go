// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp) on the loopback interface
// for tests and benchmarks: STARTTLS with a certificate made at start, AUTH PLAIN with one user,
// and every message kept (or counted) so that tests read back what was sent.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is a running SMTP server.
type Server struct {
	Host     string // 127.0.0.1
	Port     int
	User     string
	Password string
	RootCAs  *x509.CertPool // trusts the server's certificate
	CertPEM  []byte         // the certificate, for a configuration that names a CA file
	// Discard counts messages without keeping them (benchmarks).
	Discard bool

	srv   *smtp.Server
	mu    sync.Mutex
	msgs  []*Message
	count int
	more  chan struct{} // closed and replaced whenever a message arrives
}

// Message is one message as the server received it.
type Message struct {
	From string
	To   []string
	Data []byte
	TLS  bool   // the session had switched to TLS
	User string // who authenticated, "" for nobody
}

// Start listens on 127.0.0.1:0. Authentication is required when user is not empty; plain (no
// STARTTLS offered) runs a relay that only speaks in the clear.
func Start(user, password string, plain bool) (*Server, error) {
	s := &Server{Host: "127.0.0.1", User: user, Password: password, more: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s, c: c}, nil }))
	s.srv.Domain = "relay.test"
	s.srv.MaxMessageBytes = 1 << 20
	s.srv.ReadTimeout, s.srv.WriteTimeout = time.Minute, time.Minute
	if !plain {
		cert, pool, err := selfSigned()
		if err != nil {
			return nil, err
		}
		s.RootCAs = pool
		s.CertPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]})
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	} else {
		s.srv.AllowInsecureAuth = true
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Count is how many messages have arrived.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// Wait returns the messages once at least n have arrived, or an error after timeout.
func (s *Server) Wait(n int, timeout time.Duration) ([]*Message, error) {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		if s.count >= n {
			out := append([]*Message(nil), s.msgs...)
			s.mu.Unlock()
			return out, nil
		}
		more := s.more
		s.mu.Unlock()
		select {
		case <-more:
		case <-deadline:
			return nil, fmt.Errorf("smtptest: %d messages arrived, want %d", s.Count(), n)
		}
	}
}

func (s *Server) add(m *Message) {
	s.mu.Lock()
	s.count++
	if !s.Discard {
		s.msgs = append(s.msgs, m)
	}
	close(s.more)
	s.more = make(chan struct{})
	s.mu.Unlock()
}

type session struct {
	s    *Server
	c    *smtp.Conn
	user string
	m    *Message
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.s.User || password != ss.s.Password {
			return errors.New("invalid credentials")
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.User != "" && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	_, isTLS := ss.c.TLSConnectionState()
	ss.m = &Message{From: from, TLS: isTLS, User: ss.user}
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.m.To = append(ss.m.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.m.Data = b
	ss.s.add(ss.m)
	ss.m = nil
	return nil
}

func (ss *session) Reset()        { ss.m = nil }
func (ss *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and the pool that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "relay.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool, nil
}

// Decoded is a message read back: headers decoded from RFC 2047, the body from its transfer
// encoding.
type Decoded struct {
	From, To, Subject string
	Header            mail.Header
	Body              string
}

// Decode reads a received message.
func (m *Message) Decode() (*Decoded, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return nil, err
	}
	dec := new(mime.WordDecoder)
	d := &Decoded{Header: msg.Header}
	for _, h := range []struct {
		name string
		v    *string
	}{{"From", &d.From}, {"To", &d.To}, {"Subject", &d.Subject}} {
		if *h.v, err = dec.DecodeHeader(msg.Header.Get(h.name)); err != nil {
			return nil, fmt.Errorf("%s: %w", h.name, err)
		}
	}
	body, err := io.ReadAll(msg.Body)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")) {
	case "base64":
		raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(body)), ""))
		if err != nil {
			return nil, err
		}
		body = raw
	}
	d.Body = strings.ReplaceAll(string(body), "\r\n", "\n")
	return d, nil
}
