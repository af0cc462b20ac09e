package browser

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

// PDFPageTexts returns the text drawn on each page of a PDF that Chromium printed, in page order,
// so a test can ask what a printed page shows (its page number, which table rows it holds). It
// reads what Chromium's PDF writer (Skia) produces: objects in the clear, content streams and
// ToUnicode maps deflated, text shown with hexadecimal strings; it is not a general PDF reader.
// Text is in drawing order, each text object on a line of its own, normalised to NFKC.
func PDFPageTexts(pdf []byte) ([]string, error) {
	objs := pdfObjects(pdf)
	var root []byte
	for _, body := range objs {
		if bytes.Contains(body, []byte("/Type /Pages")) && !bytes.Contains(body, []byte("/Parent")) {
			root = body
		}
	}
	if root == nil {
		return nil, fmt.Errorf("pdf: no page tree")
	}
	var pages []string
	var walk func(body []byte) error
	walk = func(body []byte) error {
		if kids := pdfKids.FindSubmatch(body); kids != nil {
			for _, ref := range pdfRef.FindAllSubmatch(kids[1], -1) {
				if err := walk(objs[string(ref[1])]); err != nil {
					return err
				}
			}
			return nil
		}
		text, err := pageText(objs, body)
		pages = append(pages, text)
		return err
	}
	return pages, walk(root)
}

var (
	pdfObject   = regexp.MustCompile(`(?s)(\d+) 0 obj\n(.*?)\nendobj`)
	pdfKids     = regexp.MustCompile(`(?s)/Kids \[(.*?)\]`)
	pdfRef      = regexp.MustCompile(`(\d+) 0 R`)
	pdfContents = regexp.MustCompile(`/Contents (\d+) 0 R`)
	pdfFonts    = regexp.MustCompile(`(?s)/Font <<(.*?)>>`)
	pdfFontRef  = regexp.MustCompile(`/(\w+) (\d+) 0 R`)
	pdfToUni    = regexp.MustCompile(`/ToUnicode (\d+) 0 R`)
	pdfTextOp   = regexp.MustCompile(`(?s)/ActualText\s*<([0-9A-Fa-f]*)>|\bEMC\b|/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]*)>|\[([^\]]*)\]\s*TJ|\bBT\b`)
	pdfBfChar   = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
	pdfBfRange  = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])`)
	pdfHex      = regexp.MustCompile(`<([0-9A-Fa-f]*)>`)
	pdfSection  = regexp.MustCompile(`(?s)begin(bfchar|bfrange)(.*?)end(bfchar|bfrange)`)
)

// pdfObjects maps object numbers to their bodies.
func pdfObjects(pdf []byte) map[string][]byte {
	out := map[string][]byte{}
	for _, m := range pdfObject.FindAllSubmatch(pdf, -1) {
		out[string(m[1])] = m[2]
	}
	return out
}

// pdfStream returns an object's stream, inflated when it is deflated.
func pdfStream(body []byte) ([]byte, error) {
	i := bytes.Index(body, []byte("stream\n"))
	j := bytes.LastIndex(body, []byte("endstream"))
	if i < 0 || j < i {
		return nil, fmt.Errorf("pdf: no stream")
	}
	data := bytes.TrimSuffix(body[i+len("stream\n"):j], []byte("\n"))
	if !bytes.Contains(body[:i], []byte("/FlateDecode")) {
		return data, nil
	}
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// cmap maps a font's codes to text.
type cmap struct {
	width int // bytes per code
	runes map[string]string
}

func readCMap(data []byte) cmap {
	m := cmap{width: 1, runes: map[string]string{}}
	for _, sec := range pdfSection.FindAllSubmatch(data, -1) {
		if string(sec[1]) == "bfchar" {
			for _, c := range pdfBfChar.FindAllSubmatch(sec[2], -1) {
				m.width = len(c[1]) / 2
				m.runes[strings.ToUpper(string(c[1]))] = utf16Hex(string(c[2]))
			}
			continue
		}
		for _, r := range pdfBfRange.FindAllSubmatch(sec[2], -1) {
			lo, _ := strconv.ParseUint(string(r[1]), 16, 32)
			hi, _ := strconv.ParseUint(string(r[2]), 16, 32)
			m.width = len(r[1]) / 2
			code := func(c uint64) string { return fmt.Sprintf("%0*X", len(r[1]), c) }
			if r[3] == nil { // one destination per code
				for i, d := range pdfHex.FindAllSubmatch(r[4], -1) {
					m.runes[code(lo+uint64(i))] = utf16Hex(string(d[1]))
				}
				continue
			}
			dst, _ := strconv.ParseUint(string(r[3]), 16, 32)
			for c := lo; c <= hi; c++ {
				m.runes[code(c)] = string(rune(dst + c - lo))
			}
		}
	}
	return m
}

// utf16Hex decodes a ToUnicode destination: UTF-16BE in hexadecimal.
func utf16Hex(s string) string {
	b, err := hex.DecodeString(s)
	if err != nil || len(b)%2 != 0 {
		return ""
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

func (m cmap) decode(hexText string, out *strings.Builder) {
	hexText = strings.ToUpper(hexText)
	step := 2 * m.width
	for i := 0; i+step <= len(hexText); i += step {
		out.WriteString(m.runes[hexText[i:i+step]])
	}
}

// pageText follows a page's fonts and content stream.
func pageText(objs map[string][]byte, page []byte) (string, error) {
	fonts := map[string]cmap{}
	if f := pdfFonts.FindSubmatch(page); f != nil {
		for _, ref := range pdfFontRef.FindAllSubmatch(f[1], -1) {
			if tu := pdfToUni.FindSubmatch(objs[string(ref[2])]); tu != nil {
				data, err := pdfStream(objs[string(tu[1])])
				if err != nil {
					return "", err
				}
				fonts[string(ref[1])] = readCMap(data)
			}
		}
	}
	var out strings.Builder
	for _, ref := range pdfContents.FindAllSubmatch(page, -1) {
		content, err := pdfStream(objs[string(ref[1])])
		if err != nil {
			return "", err
		}
		var font cmap
		// A span with an ActualText (Chromium writes one where a glyph's own map is ambiguous) reads
		// as that text; its glyphs are skipped.
		actual := false
		for _, op := range pdfTextOp.FindAllSubmatch(content, -1) {
			switch {
			case op[1] != nil:
				out.WriteString(strings.TrimPrefix(utf16Hex(string(op[1])), "\ufeff"))
				actual = true
			case string(op[0]) == "EMC":
				actual = false
			case op[2] != nil:
				font = fonts[string(op[2])]
			case actual:
			case op[3] != nil:
				font.decode(string(op[3]), &out)
			case op[4] != nil:
				for _, s := range pdfHex.FindAllSubmatch(op[4], -1) {
					font.decode(string(s[1]), &out)
				}
			default: // BT
				out.WriteByte('\n')
			}
		}
	}
	// The fonts' maps name some glyphs by their compatibility characters (the Kangxi radical ⽉ for
	// 月): NFKC gives the characters the page's text holds.
	return norm.NFKC.String(out.String()), nil
}
