package present

import (
	"io"
	"strconv"
	"strings"
)

// Escape codes the painter writes.
const (
	enterAlt   = "\x1b[?1049h"
	leaveAlt   = "\x1b[?1049l"
	hideCursor = "\x1b[?25l"
	showCur    = "\x1b[?25h"
	eraseAll   = "\x1b[2J"
	eraseLine  = "\x1b[2K"
	syncStart  = "\x1b[?2026h" // synchronized output: the terminal shows the
	syncEnd    = "\x1b[?2026l" // frame at once (ignored where unknown)
)

// painter draws the playback screen's frames on the terminal a row at a
// time: only the rows that differ from what it last wrote are written
// again, each erased and redrawn whole, in one write per frame. Its cost
// follows what changed (a few rows of the shape, the count, the clock),
// not the size of the terminal: Bubble Tea's own renderer parses and
// compares every cell of every frame, which cost about a millisecond a
// frame at 100×30, more than all of the sound's mixing.
//
// It writes nothing before start and after stop; stop leaves the
// alternate screen and shows the cursor.
type painter struct {
	out  io.Writer
	rows []string // what the terminal shows now
	w, h int
	on   bool
	buf  strings.Builder
}

// start enters the alternate screen, hides the cursor and clears.
func (p *painter) start() {
	if p.on {
		return
	}
	p.on = true
	p.rows, p.w, p.h = nil, 0, 0
	io.WriteString(p.out, enterAlt+hideCursor+eraseAll)
}

// frame brings the terminal, w×h, to rows (one string per row, none wider
// than w). A new size clears the screen and draws every row.
func (p *painter) frame(rows []string, w, h int) {
	if !p.on || w <= 0 || h <= 0 {
		return
	}
	b := &p.buf
	b.Reset()
	if w != p.w || h != p.h {
		b.WriteString(sgrReset + eraseAll)
		p.rows, p.w, p.h = p.rows[:0], w, h
	}
	for i, r := range rows[:min(len(rows), h)] {
		if i < len(p.rows) && p.rows[i] == r {
			continue
		}
		b.WriteString("\x1b[")
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(";1H" + eraseLine)
		b.WriteString(r)
	}
	if b.Len() == 0 {
		return
	}
	// Errors are not kept: a terminal that went away ends the session by
	// its hangup, and there is nothing else to tell it.
	io.WriteString(p.out, syncStart+b.String()+sgrReset+syncEnd)
	p.rows = append(p.rows[:0], rows...)
}

// stop leaves the alternate screen and shows the cursor again.
func (p *painter) stop() {
	if !p.on {
		return
	}
	p.on = false
	io.WriteString(p.out, sgrReset+showCur+leaveAlt)
}
