package render

import (
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// cell is one column of a parsed row: a grapheme with its width and the
// index of its style in the row parser's style table. The second column
// of a wide grapheme has width 0 and no text.
type cell struct {
	text  string
	width int
	style int
}

var blank = cell{text: " ", width: 1}

// rowParser turns styled lines into cells. It reads only what the
// application's views contain, graphemes and SGR styles, and drops every
// other sequence: a styled line is text, and nothing in it may move the
// cursor or reach the terminal as anything but text. It is much cheaper
// than Ultraviolet's general parser, which builds 112-byte cells with
// links and pass-through sequences for a whole screen.
type rowParser struct {
	styles []uv.Style // styles[0] is the default style
}

func newRowParser() *rowParser {
	return &rowParser{styles: []uv.Style{{}}}
}

// reset forgets the styles of earlier rows; rows compared with each other
// must be parsed after the same reset.
func (r *rowParser) reset() { r.styles = r.styles[:1] }

// styleIndex interns s in the table.
func (r *rowParser) styleIndex(s *uv.Style) int {
	for i := range r.styles {
		if r.styles[i].Equal(s) {
			return i
		}
	}
	r.styles = append(r.styles, *s)
	return len(r.styles) - 1
}

// parse fills row (width cells) from line: its cells, cut at the width,
// then blanks.
func (r *rowParser) parse(row []cell, line string) {
	// A parser holds a buffer for string sequences (64 KiB); borrowing
	// one from the package's pool keeps it out of every session.
	parser := ansi.GetParser()
	defer ansi.PutParser(parser)
	var pen uv.Style
	style, x := 0, 0
	var state byte
	for len(line) > 0 && x < len(row) {
		seq, width, n, newState := ansi.DecodeSequenceWc(line, state, parser)
		if n == 1 && seq[0] > 0x1f && seq[0] < 0x7f && len(line) > 1 && line[1] >= 0xc0 {
			// ASCII followed by something that may combine with it.
			if cluster, w := ansi.FirstGraphemeCluster(line, ansi.WcWidth); len(cluster) > 1 {
				seq, width, n = cluster, w, len(cluster)
			}
		}
		switch {
		case width > 0:
			if x+width > len(row) {
				line = "" // a wide grapheme that does not fit is not drawn, nor anything after it
				continue
			}
			row[x] = cell{text: seq, width: width, style: style}
			for i := 1; i < width; i++ {
				row[x+i] = cell{style: style}
			}
			x += width
		case ansi.HasCsiPrefix(seq) && ansi.Cmd(parser.Command()).Final() == 'm':
			uv.ReadStyle(parser.Params(), &pen)
			style = r.styleIndex(&pen)
		}
		state = newState
		line = line[n:]
	}
	for ; x < len(row); x++ {
		row[x] = blank
	}
}
