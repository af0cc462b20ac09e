package http

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"strings"
	"time"
)

// A browser that has signed in to an ID gets a device token for it (OWASP's "device cookies"): a
// later sign-in from that browser to that ID is its owner's, and the limits that guard against
// guessing from elsewhere — an address's or a block's budget, the wait an ID gets after failures
// from unknown clients — do not apply to it. Its own failures count against it alone. The token
// is signed, names the ID only by a keyed digest, and is one per browser: on a shared PC it
// follows whoever signed in last.

const (
	deviceCookie   = "isms_device"
	deviceLifetime = 180 * 24 * time.Hour
	deviceIDBytes  = 12
)

// deviceMAC signs a token's payload with a key of its own derived from the paper key.
func (s *Server) deviceMAC(payload []byte) []byte {
	k := hmac.New(sha256.New, s.PaperKey)
	k.Write([]byte("device.v1"))
	m := hmac.New(sha256.New, k.Sum(nil))
	m.Write(payload)
	return m.Sum(nil)[:16]
}

// loginTag names an ID inside a token without writing it there.
func (s *Server) loginTag(login string) []byte { return s.deviceMAC([]byte("login:" + login))[:8] }

// deviceFor returns the device ID of the browser's token when it was issued for login and has not
// expired, else "".
func (s *Server) deviceFor(r *http.Request, login string) string {
	c, err := r.Cookie(deviceCookie)
	if err != nil {
		return ""
	}
	payloadText, macText, ok := strings.Cut(c.Value, ".")
	payload, err1 := base64.RawURLEncoding.DecodeString(payloadText)
	mac, err2 := base64.RawURLEncoding.DecodeString(macText)
	if !ok || err1 != nil || err2 != nil || len(payload) != 8+8+deviceIDBytes || !hmac.Equal(mac, s.deviceMAC(payload)) {
		return ""
	}
	issued := time.Unix(int64(binary.BigEndian.Uint64(payload[8:16])), 0)
	if !hmac.Equal(payload[:8], s.loginTag(login)) || s.Now().Sub(issued) > deviceLifetime {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(payload[16:])
}

// setDevice gives the browser a token for login after it signed in, keeping its device ID when it
// had one for that ID.
func (s *Server) setDevice(w http.ResponseWriter, r *http.Request, login, device string) {
	id, err := base64.RawURLEncoding.DecodeString(device)
	if err != nil || len(id) != deviceIDBytes {
		id = make([]byte, deviceIDBytes)
		rand.Read(id)
	}
	payload := make([]byte, 0, 8+8+deviceIDBytes)
	payload = append(payload, s.loginTag(login)...)
	payload = binary.BigEndian.AppendUint64(payload, uint64(s.Now().Unix()))
	payload = append(payload, id...)
	value := base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(s.deviceMAC(payload))
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: value, Path: "/", MaxAge: int(deviceLifetime / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
}
