package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"isms/tracker/roster"
)

// The roster upload benchmark (`isms bench upload`): a real server process, Uploads concurrent
// uploads of a roster of about roster.MaxFileBytes through the 事務局's upload form, and as many by
// a plain member of staff, who is refused. It prints the server's peak memory and how the uploads
// were answered.

// UploadOptions bound a run.
type UploadOptions struct {
	Binary  string // the isms binary to run as the server
	Uploads int    // concurrent uploads of each kind
	Rows    int    // rows of the roster; 0: as many as fit under roster.MaxFileBytes (at most roster.MaxRows)
	Dir     string
	Keep    bool
	Out     io.Writer
}

// UploadResult holds the figures of a run.
type UploadResult struct {
	Uploads        int
	FileBytes      int
	Rows           int
	StaffStatuses  map[int]int // answers to the plain member of staff; -1: the connection was closed before the file was sent
	StaffElapsed   time.Duration
	AdminStatuses  map[int]int // answers to the 事務局
	AdminElapsed   time.Duration
	AdminSlowest   time.Duration
	BaseRSS        int64 // VmRSS before the uploads
	PeakRSS        int64 // VmHWM after them
	PeakAnon       int64 // peak private memory, sampled
	FileRSS        int64 // the binary's mapped pages resident
	UploadDirEmpty bool  // nothing left in the upload directory but the pending previews
}

// bigRoster is a valid roster of up to MaxRows rows (n when it is not 0), padded with long names and
// mail addresses to just under MaxFileBytes: the most an upload can make the server hold.
func bigRoster(n int) ([]byte, int) {
	if n <= 0 || n > roster.MaxRows {
		n = roster.MaxRows
	}
	var b bytes.Buffer
	b.WriteString(strings.Join(roster.Columns, ",") + "\n")
	name, kana := strings.Repeat("山", 28), strings.Repeat("ヤ", 38)
	rows := 0
	for i := 0; i < n; i++ {
		line := fmt.Sprintf("U%06d,%s %d,%s,総務局総務局総務局%d,情報管理部情報管理部%d,情報企画課情報企画課%d,主事,職員,,user%06d.long.mail.address.padding@city.nishinomiya.example.jp\n",
			i, name, i, kana, i%7, i%13, i%50, i)
		if b.Len()+len(line) > roster.MaxFileBytes {
			break
		}
		b.WriteString(line)
		rows++
	}
	return b.Bytes(), rows
}

// Upload runs the benchmark.
func Upload(ctx context.Context, o UploadOptions) (*UploadResult, error) {
	if o.Uploads < 1 {
		return nil, errors.New("bench: uploads must be positive")
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	data, public, done, err := workDir(o.Dir, "isms-bench-upload-", o.Keep)
	if err != nil {
		return nil, err
	}
	defer done()
	passwords, err := prepare(ctx, data, 1)
	if err != nil {
		return nil, err
	}
	srv, err := startServer(ctx, o.Binary, data, public)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	pid := srv.cmd.Process.Pid
	fmt.Fprintf(o.Out, "server pid %d at %s\n", pid, srv.url)

	file, rows := bigRoster(o.Rows)
	res := &UploadResult{Uploads: o.Uploads, FileBytes: len(file), Rows: rows}
	signIn := func(login, password string) (*benchClient, error) {
		c := fromAddress(srv.url, "127.0.0.1", o.Uploads)
		var sess struct {
			CSRF string `json:"csrfToken"`
		}
		if st, err := c.call("POST", "/api/login", map[string]string{"login": login, "password": password}, &sess); err != nil || st != 200 {
			return nil, fmt.Errorf("bench: sign in %s: %d %v", login, st, err)
		}
		c.csrf = sess.CSRF
		if st, err := c.call("POST", "/api/password", map[string]string{"current": password, "new": newPassword}, nil); err != nil || st != 204 {
			return nil, fmt.Errorf("bench: change password %s: %d %v", login, st, err)
		}
		return c, nil
	}
	admin, err := signIn("jimukyoku", srv.firstPassword)
	if err != nil {
		return nil, err
	}
	var staff *benchClient
	for login, pw := range passwords {
		if staff, err = signIn(login, pw); err != nil {
			return nil, err
		}
	}
	res.BaseRSS = statusKB(pid, "VmRSS:")
	sampler := sampleMemory(pid)

	// upload sends the roster through the upload form, as a browser does.
	upload := func(c *benchClient) (int, time.Duration, error) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", c.csrf)
		fw, _ := mw.CreateFormFile("file", "roster.csv")
		fw.Write(file)
		mw.Close()
		req, err := http.NewRequest("POST", srv.url+"/app/admin/roster", &body)
		if err != nil {
			return 0, 0, err
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		t0 := time.Now()
		r, err := c.hc.Do(req)
		if err != nil {
			return 0, time.Since(t0), err
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		return r.StatusCode, time.Since(t0), nil
	}
	burst := func(c *benchClient) (map[int]int, time.Duration, time.Duration) {
		statuses := map[int]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		var slowest time.Duration
		t0 := time.Now()
		for range o.Uploads {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, took, err := upload(c)
				if err != nil {
					st = -1
				}
				mu.Lock()
				statuses[st]++
				slowest = max(slowest, took)
				mu.Unlock()
			}()
		}
		wg.Wait()
		return statuses, time.Since(t0), slowest
	}
	fmt.Fprintf(o.Out, "%d uploads of %d bytes (%d rows) by a member of staff\n", o.Uploads, len(file), rows)
	res.StaffStatuses, res.StaffElapsed, _ = burst(staff)
	fmt.Fprintf(o.Out, "%d uploads by the 事務局\n", o.Uploads)
	res.AdminStatuses, res.AdminElapsed, res.AdminSlowest = burst(admin)
	res.PeakRSS = peakRSS(pid)
	res.PeakAnon, res.FileRSS = sampler.stop()
	left, _ := os.ReadDir(filepath.Join(data, "uploads"))
	res.UploadDirEmpty = len(left) <= 1 // the 事務局's newest preview waits for its apply
	return res, nil
}

// Print writes the figures as the README shows them.
func (r *UploadResult) Print(w io.Writer) {
	fmt.Fprintf(w, "file                %.1f MB, %d rows\n", float64(r.FileBytes)/(1<<20), r.Rows)
	fmt.Fprintf(w, "staff uploads       %d at once: %d answered 403, %d cut off by the server (403 sent, connection closed before the file was read) in %.2f s\n",
		r.Uploads, r.StaffStatuses[403], r.StaffStatuses[-1], r.StaffElapsed.Seconds())
	fmt.Fprintf(w, "事務局 uploads      %d at once: answers %v in %.2f s (slowest %.2f s)\n", r.Uploads, r.AdminStatuses,
		r.AdminElapsed.Seconds(), r.AdminSlowest.Seconds())
	fmt.Fprintf(w, "server memory       %.1f MB resident before; peak %.1f MB (VmHWM), of which the binary's mapped code %.1f MB; peak private memory %.1f MB\n",
		float64(r.BaseRSS)/(1<<20), float64(r.PeakRSS)/(1<<20), float64(r.FileRSS)/(1<<20), float64(r.PeakAnon)/(1<<20))
	fmt.Fprintf(w, "upload directory    only the newest preview left: %v\n", r.UploadDirEmpty)
}
