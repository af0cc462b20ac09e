package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"isms/tracker"
	"isms/tracker/roster"
)

// TestUploadAuthorityFirst proves that a roster body from anyone but the 事務局 is refused before
// it is read: the answer arrives while the body is still being sent.
func TestUploadAuthorityFirst(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	staff := e.staff("1001", temps["1001"])
	staff.get("/app/training/")

	for _, tt := range []struct {
		name, path, contentType string
		head                    []byte
	}{
		{"Page", "/app/admin/roster", "multipart/form-data; boundary=b", []byte("--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" +
			staff.csrf + "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n\r\n")},
		{"API", "/api/roster/preview", "text/csv", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pr, pw := io.Pipe()
			defer pw.Close()
			go func() {
				pw.Write(tt.head)
				// A few kilobytes of a 20 MB body, small enough to sit in the socket's buffers: the
				// client then waits to send the rest, and reads the answer, instead of being cut off
				// mid-write when the server closes the connection it will not read.
				pw.Write(bytes.Repeat([]byte("1001,山田,ヤマダ,総務局,,,主事,職員,,\n"), 100))
				// The rest of the body is held back until the test ends.
			}()
			req, _ := http.NewRequest("POST", e.srv.URL()+tt.path, pr)
			req.Header.Set("Content-Type", tt.contentType)
			req.Header.Set("X-CSRF-Token", staff.csrf)
			req.ContentLength = 20 << 20
			type answer struct {
				res *http.Response
				err error
			}
			answered := make(chan answer, 1)
			go func() {
				res, err := staff.hc.Do(req)
				answered <- answer{res, err}
			}()
			select {
			case a := <-answered:
				if a.err != nil {
					t.Fatal(a.err)
				}
				a.res.Body.Close()
				if a.res.StatusCode != http.StatusForbidden {
					t.Fatalf("got %d, want 403 before the body is read", a.res.StatusCode)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("no answer while the body was still being sent: the server waits for the body before checking who sends it")
			}
		})
	}
}

// TestUploadTooLarge proves that a roster over the limit is refused as too large, saying the limit,
// also when the form's token comes after the file and so lies beyond what the server reads.
func TestUploadTooLarge(t *testing.T) {
	e := newEnv(t)
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	admin.get("/app/admin/roster")
	big := bytes.Repeat([]byte("1001,山田,ヤマダ,総務局,,,主事,職員,,\n"), roster.MaxFileBytes/40+1000)
	want := "ファイルが大きすぎます（上限 20 MB）"

	t.Run("TokenAfterFile", func(t *testing.T) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "big.csv")
		fw.Write(big)
		mw.WriteField("csrf", admin.csrf)
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL()+"/app/admin/roster", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		r := admin.do(req)
		wantStatus(t, r, http.StatusRequestEntityTooLarge)
		wantBody(t, r, want)
	})
	t.Run("FileJustOver", func(t *testing.T) {
		r := admin.upload("/app/admin/roster", "file", "big.csv", big[:roster.MaxFileBytes+1])
		wantStatus(t, r, http.StatusRequestEntityTooLarge)
		wantBody(t, r, want)
	})
	t.Run("API", func(t *testing.T) {
		var sess struct {
			CSRF string `json:"csrfToken"`
		}
		c := e.client()
		wantStatus(t, c.api("POST", "/api/login", map[string]string{"login": e.admin.Login, "password": newPassword}, &sess), http.StatusOK)
		c.csrf = sess.CSRF
		r := c.api("POST", "/api/roster/preview", string(big), nil)
		wantStatus(t, r, http.StatusRequestEntityTooLarge)
		wantBody(t, r, `"code":"too_large"`, want)
	})
	t.Run("NothingLeftBehind", func(t *testing.T) {
		left, _ := os.ReadDir(filepath.Join(e.app.Config.Data, "uploads"))
		if len(left) != 0 {
			t.Fatalf("got %d files left in the upload directory", len(left))
		}
	})
}

// TestRosterPreviewJSON proves that the preview the API streams is the JSON of the diff.
func TestRosterPreviewJSON(t *testing.T) {
	e := newEnv(t)
	e.importRoster(baseRoster)
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	admin.get("/app/admin/")
	changed := strings.Replace(baseRoster, "1001,山田 太郎", "1001,山田 <太郎> & 花", 1) +
		"1007,渡辺 五郎,ワタナベ ゴロウ,総務局,情報管理部,情報企画課,主事,職員,,\n"
	changed = strings.Replace(changed, "1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n", "", 1)
	r := admin.api("POST", "/api/roster/preview", changed, nil)
	wantStatus(t, r, http.StatusOK)

	ros, err := (&roster.Parser{Roles: tracker.DefaultRoleMap()}).Parse("roster.csv", []byte(changed))
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.db.PreviewRoster(context.Background(), ros)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.Encode(d)
	if r.body != want.String() {
		t.Fatalf("got  %s\nwant %s", r.body, want.String())
	}
}
