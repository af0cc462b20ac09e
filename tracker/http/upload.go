package http

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"

	"isms/tracker"
	"isms/tracker/roster"
)

// Roster uploads are the only large bodies the tracker takes (up to roster.MaxFileBytes). Three
// things keep them from being a way to exhaust the server:
//   - who may send one is settled from the session before the body is read (authenticate refuses
//     anyone but the 事務局 at once);
//   - the file is copied to a temporary file as it arrives, never held whole in memory, and the
//     form's other fields (the CSRF token) are read from the stream in whatever order they come;
//   - one roster at a time is parsed and compared (rosterGate): the parsed entries are the memory
//     an upload costs, so six at once cost what one does, the others waiting their turn.

// uploadPath reports whether a path takes a file as its body: a roster, a session's attendance
// list or a 訓練's results, each up to roster.MaxFileBytes.
func uploadPath(p string) bool {
	if p == "/app/admin/roster" || p == "/api/roster/preview" || p == "/api/roster/apply" {
		return true
	}
	return strings.HasPrefix(p, "/app/sessions/") && (strings.HasSuffix(p, "/attendance") || strings.HasSuffix(p, "/drill"))
}

// uploadedFile reads the file of an upload form whole, for the small files (attendance lists,
// 訓練 results) parsed from memory; ok is false when the form held no file.
func uploadedFile(r *http.Request) (data []byte, name string, ok bool, err error) {
	up := uploadOf(r)
	if up == nil || up.file == nil {
		return nil, "", false, nil
	}
	data, err = io.ReadAll(up.file)
	return data, up.name, true, err
}

// maxUploadField bounds a form field that is not the file (the CSRF token, a name).
const maxUploadField = 4 << 10

// upload is a file received in a request, kept in a temporary file while the request lasts.
type upload struct {
	fields url.Values // the form's other fields
	name   string     // the file name the browser sent
	file   *os.File   // nil when the form held no file
}

// close removes the temporary file, unless it was handed on (keep).
func (u *upload) close() {
	if u == nil || u.file == nil {
		return
	}
	u.file.Close()
	os.Remove(u.file.Name())
}

// keep hands the temporary file to the caller, who then removes it.
func (u *upload) keep() string {
	name := u.file.Name()
	u.file.Close()
	u.file = nil
	return name
}

type uploadKey struct{}

// uploadOf returns the multipart form authenticate read for the request, or nil.
func uploadOf(r *http.Request) *upload {
	u, _ := r.Context().Value(uploadKey{}).(*upload)
	return u
}

func isMultipart(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}

// readUpload reads a multipart form as a stream: the file field into a temporary file, the other
// fields into memory. A body over the limit is the file's being too large, whichever field was
// being read when the limit was reached.
func (s *Server) readUpload(r *http.Request) (*upload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, unreadable(err)
	}
	u := &upload{fields: url.Values{}}
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			return u, nil
		}
		if err != nil || parts > 20 {
			u.close()
			return nil, unreadable(err)
		}
		if part.FormName() == "file" {
			if u.file != nil {
				u.close()
				return nil, tracker.Errorf(tracker.EINVALID, "ファイルは1つだけ選んでください。")
			}
			if u.file, err = s.spool(part); err != nil {
				return nil, err
			}
			u.name = part.FileName()
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxUploadField+1))
		if err != nil || len(b) > maxUploadField {
			u.close()
			return nil, unreadable(err)
		}
		u.fields.Add(part.FormName(), string(b))
	}
}

// spool copies a file from src into a temporary file and returns it rewound.
func (s *Server) spool(src io.Reader) (*os.File, error) {
	f, err := os.CreateTemp(s.TempDir, "upload-*.csv")
	if err != nil {
		return nil, err
	}
	n, err := io.Copy(f, io.LimitReader(src, roster.MaxFileBytes+1))
	if err == nil && n > roster.MaxFileBytes {
		err = roster.TooLarge()
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, unreadable(err)
	}
	return f, nil
}

// refuseBody prepares the answer to a request whose body is refused part-way. The rest of a body
// still within the server's limit is read and thrown away, so that the sender, who is still
// sending, gets to read the answer instead of a reset connection; past the limit the connection
// is closed.
func refuseBody(w http.ResponseWriter, r *http.Request) {
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		w.Header().Set("Connection", "close")
	}
}

// unreadable turns a failure to read a body into what the sender should hear: too large (the
// body passed the server's limit), or not readable.
func unreadable(err error) error {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return roster.TooLarge()
	case tracker.ErrorCode(err) == tracker.ETOOLARGE:
		return err
	}
	return tracker.Errorf(tracker.EINVALID, "送信内容を読み取れません。通信が途切れた可能性があります。もう一度送信してください。")
}

// parseRoster reads a spooled roster file and runs fn with it while holding the server's one
// roster slot; fn compares or applies the roster and writes the answer.
func (s *Server) parseRoster(ctx context.Context, f *os.File, name string, fn func(*tracker.Roster) error) error {
	select {
	case s.rosterGate <- struct{}{}:
	case <-ctx.Done():
		return tracker.Errorf(tracker.EINVALID, "送信が中断されました。もう一度送信してください。")
	}
	defer func() { <-s.rosterGate }()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	parser, _, err := s.rosterParser(ctx)
	if err != nil {
		return err
	}
	ros, err := parser.ParseFile(name, f)
	if err != nil {
		return err
	}
	return fn(ros)
}
