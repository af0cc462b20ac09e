package amend

import (
	"html"
	"strings"

	"isms/policy/history"
)

// extractHTML prints one row of the 新旧対照表 as a small table of its own: 改正後 | 改正前, changed
// runs underlined as <ins> and <del>. The underline alone is not read out, so each changed run is
// framed by hidden words for screen readers, as on the handbook's full table.
func extractHTML(r *history.Row, label string) string {
	var b strings.Builder
	b.WriteString(`<table class="amend-extract"><caption class="visually-hidden">`)
	b.WriteString(html.EscapeString(label) + "の新旧対照表（傍線部分は改正部分）</caption>")
	b.WriteString(`<thead><tr><th scope="col">改正後</th><th scope="col">改正前</th></tr></thead><tbody><tr>`)
	for _, side := range []struct {
		lines []history.Line
		tag   string
	}{{r.NewLines, "ins"}, {r.OldLines, "del"}} {
		b.WriteString("<td>")
		for _, l := range side.lines {
			writeLine(&b, l, side.tag)
		}
		b.WriteString("</td>")
	}
	b.WriteString("</tr></tbody></table>")
	return b.String()
}

// writeLine prints a line, joining adjacent changed runs into one marked run.
func writeLine(b *strings.Builder, l history.Line, tag string) {
	b.WriteString(`<p>`)
	for i := 0; i < len(l); i++ {
		if !l[i].Changed {
			b.WriteString(html.EscapeString(l[i].Text))
			continue
		}
		var run strings.Builder
		for ; i < len(l) && l[i].Changed; i++ {
			run.WriteString(l[i].Text)
		}
		i--
		b.WriteString("<" + tag + `><span class="visually-hidden">［傍線］</span>` + html.EscapeString(run.String()) +
			`<span class="visually-hidden">［傍線ここまで］</span></` + tag + ">")
	}
	b.WriteString("</p>")
}
