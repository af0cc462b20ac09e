package browser

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"github.com/chromedp/chromedp"
)

// PrintToPDF prints the page loaded in the tab of ctx as Chromium's print dialog would with the
// page's own @page size and margins, and returns the PDF.
func PrintToPDF(ctx context.Context) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		return nil, fmt.Errorf("printing to PDF: %w", err)
	}
	return pdf, nil
}

// A PageSize is a printed page's width and height in PDF points (1/72 inch).
type PageSize struct{ Width, Height float64 }

// A4 is ISO 216 A4 (210 × 297 mm) in PDF points.
var A4 = PageSize{Width: 595.28, Height: 841.89}

// Is reports whether s is size within half a millimetre, which covers rounding to whole pixels.
func (s PageSize) Is(size PageSize) bool {
	const tolerance = 1.5 // points
	d := func(a, b float64) bool { return a-b < tolerance && b-a < tolerance }
	return d(s.Width, size.Width) && d(s.Height, size.Height)
}

// mediaBox matches the page boxes Chromium writes, uncompressed, in each page object.
var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`)

// PDFPageSizes returns the size of every page of a PDF that Chromium printed, in order.
func PDFPageSizes(pdf []byte) []PageSize {
	var sizes []PageSize
	for _, m := range mediaBox.FindAllSubmatch(pdf, -1) {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		sizes = append(sizes, PageSize{w, h})
	}
	return sizes
}
