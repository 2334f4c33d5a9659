package present

import (
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Layout of the playback screen.
const (
	captionWidth = 60 // the caption wraps at this many columns at most
	captionRows  = 3  // rows kept for the caption, so the shape stays put
	maxShapeRows = 14 // the breathing shape's height at most, in rows
	minShapeRows = 3
	barWidth     = 48 // the progress bar's length at most
	fullMinRows  = 14 // below this many rows (or fullMinCols) the layout is compact
	fullMinCols  = 24
	minBreath    = 0.3 // the shape's radius at Breath 0, as a share of its largest
)

// Hint texts, longest first: the first that fits is shown.
var hints = []string{
	"space pause · → next · ← back · +/− volume · q stop",
	"space pause · ←/→ step · +/− volume · q stop",
	"space · ←/→ · +/− · q",
}

// drawRows renders one frame of the playback screen, a string per row. It
// depends on nothing but its arguments: equal keys give equal frames.
func drawRows(k frameKey, p palette) []string {
	w, h := k.w, k.h
	if w <= 0 || h <= 0 {
		return nil
	}
	rows := make([]string, h)
	if h >= fullMinRows && w >= fullMinCols {
		drawFull(rows, k, p)
	} else {
		drawCompact(rows, k, p)
	}
	return rows
}

// layout is where the parts of the full screen go, in rows.
type layout struct {
	capTop, capH int
	shapeRows    int // 0: no shape
	shapeTop     int
	phaseRow     int
	statusRow    int
}

// fullLayout places the parts of a w×h screen whose caption wraps to
// capLines lines. The caption keeps at least captionRows rows, so that the
// shape does not move when captions change; the shape and the phase word
// share the middle.
func fullLayout(w, h, capLines int) layout {
	l := layout{capTop: 3, statusRow: h - 4}
	l.capH = min(max(captionRows, capLines), max(captionRows, (h-8)/2))
	capEnd := l.capTop + l.capH
	avail := l.statusRow - capEnd - 1 // rows for the shape, a gap and the phase
	l.phaseRow = capEnd + max(0, avail-1)/2
	if sh := min(avail-2, maxShapeRows, (w-4)/2); sh >= minShapeRows {
		l.shapeRows = sh
		l.shapeTop = capEnd + (avail-(sh+2))/2
		l.phaseRow = l.shapeTop + sh + 1
	}
	return l
}

// shapeRadius is the breathing shape's radius in braille dots for a shape
// of rows rows: whole dots, from minBreath of the largest (breath 0) to the
// largest (breath 1). Whole dots keep the motion smooth (a dot is a quarter
// of a row) while sparing frames that would differ by a few dots only.
func shapeRadius(rows int, breath float64) int {
	return int(math.Round(radiusOf(rows, breath)))
}

// radiusOf is the shape's radius before rounding to whole dots.
func radiusOf(rows int, breath float64) float64 {
	rmax := float64(2*rows) - 0.5
	return rmax * (minBreath + (1-minBreath)*breathOf(breath))
}

// drawFull lays out the whole screen: title, caption, shape, phase,
// status, progress and hint.
func drawFull(rows []string, k frameKey, p palette) {
	w, h := k.w, len(rows)
	rows[1] = centre(k.title, p.title, w, w-4)

	cw := min(captionWidth, w-4)
	capLines := wrap(k.caption, cw)
	l := fullLayout(w, h, len(capLines))
	capLines = fit(capLines, l.capH, cw)
	for i, line := range capLines {
		rows[l.capTop+(l.capH-len(capLines))/2+i] = centre(line, p.caption[k.capLevel], w, w)
	}
	if sh := l.shapeRows; sh > 0 {
		pad := strings.Repeat(" ", (w-2*sh)/2)
		for i, line := range shape(sh, 2*sh, float64(k.radius), p.orb) {
			if line != "" {
				rows[l.shapeTop+i] = pad + line
			}
		}
	}
	rows[l.phaseRow] = phaseLine(k, p, w)
	rows[l.statusRow] = statusLine(k, p, w)
	rows[h-2] = progressLine(k, p, w)
	rows[h-1] = hintLine(k, p, w)
}

// drawCompact fits a small terminal: no title and no shape; from the
// bottom up the hint, the progress, the status and the phase, and the
// caption in what is left.
func drawCompact(rows []string, k frameKey, p palette) {
	w, h := k.w, len(rows)
	row := h - 1
	if h >= 6 {
		rows[row] = hintLine(k, p, w)
		row--
	}
	rows[row] = progressLine(k, p, w)
	row--
	if h >= 4 {
		rows[row] = statusLine(k, p, w)
		row--
	}
	if h >= 5 {
		rows[row] = phaseLine(k, p, w)
		row--
	}
	if row < 0 {
		return
	}
	width := max(1, min(captionWidth, w-2))
	lines := fit(wrap(k.caption, width), row+1, width)
	top := (row + 1 - len(lines)) / 2
	for i, l := range lines {
		rows[top+i] = centre(l, p.caption[k.capLevel], w, w)
	}
}

// centre truncates text to limit columns and centres it in width columns.
func centre(text string, st style, width, limit int) string {
	if text == "" || limit <= 0 {
		return ""
	}
	text = ansi.Truncate(text, limit, "…")
	return strings.Repeat(" ", max(0, (width-ansi.StringWidth(text))/2)) + st.render(text)
}

// centreStyled centres an already styled string whose plain width is known.
func centreStyled(styled string, plainWidth, width int) string {
	return strings.Repeat(" ", max(0, (width-plainWidth)/2)) + styled
}

// wrap breaks text into lines of at most width columns, at spaces where it
// can and inside words longer than a line. Line breaks in the text are kept.
func wrap(text string, width int) []string {
	if text == "" {
		return nil
	}
	width = max(1, width)
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		var cur strings.Builder
		curW := 0
		flush := func() {
			lines = append(lines, cur.String())
			cur.Reset()
			curW = 0
		}
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		for _, word := range words {
			ww := ansi.StringWidth(word)
			if curW > 0 && curW+1+ww <= width {
				cur.WriteByte(' ')
				cur.WriteString(word)
				curW += 1 + ww
				continue
			}
			if curW > 0 {
				flush()
			}
			for ww > width { // a word longer than a line: break it
				head := ansi.Truncate(word, width, "")
				if head == "" { // a character wider than the line
					head = string([]rune(word)[:1])
				}
				lines = append(lines, head)
				word = word[len(head):]
				ww = ansi.StringWidth(word)
			}
			cur.WriteString(word)
			curW = ww
		}
		if curW > 0 {
			flush()
		}
	}
	return lines
}

// fit keeps at most n lines, marking a cut with "…".
func fit(lines []string, n, width int) []string {
	if len(lines) <= n {
		return lines
	}
	if n <= 0 {
		return nil
	}
	lines = lines[:n]
	last := lines[n-1]
	if ansi.StringWidth(last)+1 > width {
		last = ansi.Truncate(last, width, "…")
	} else {
		last += "…"
	}
	lines[n-1] = last
	return lines
}

// Braille dots: brailleBit[dx][dy] is the bit of the dot in column dx
// (0, 1) and row dy (0 … 3) of a cell.
var brailleBit = [2][4]rune{{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}}

// shape draws the breathing shape: a soft disc of braille dots of radius r
// (in dots) in the middle of a box of rows×cols cells, shaded from the
// centre out. The shading belongs to the box,
// not to the disc: a growing disc reaches into quieter colours, and only
// its rim changes from one frame to the next, which keeps redraws small.
// Braille dots are about square (a cell is two dots wide and four high),
// so the disc is round on screen. Lines carry no trailing spaces.
func shape(rows, cols int, r float64, shades []style) []string {
	wd, hd := float64(2*cols), float64(4*rows)
	cx, cy := wd/2, hd/2
	rmax := min(wd, hd) / 2
	r2 := r * r
	lines := make([]string, rows)
	bits := make([]rune, cols)
	var b strings.Builder
	for row := range rows {
		last := -1
		for col := range cols {
			var cell rune
			for dx := range 2 {
				x := float64(2*col+dx) + 0.5 - cx
				for dy := range 4 {
					y := float64(4*row+dy) + 0.5 - cy
					if x*x+y*y <= r2 {
						cell |= brailleBit[dx][dy]
					}
				}
			}
			bits[col] = cell
			if cell != 0 {
				last = col
			}
		}
		if last < 0 {
			continue
		}
		b.Reset()
		cur := -1
		for col := 0; col <= last; col++ {
			if bits[col] == 0 {
				b.WriteByte(' ')
				continue
			}
			x, y := float64(2*col+1)-cx, float64(4*row+2)-cy
			shade := min(len(shades)-1, int(math.Sqrt(x*x+y*y)/rmax*float64(len(shades))))
			if shade != cur {
				if cur >= 0 && shades[cur].on != "" {
					b.WriteString(sgrReset)
				}
				b.WriteString(shades[shade].on)
				cur = shade
			}
			b.WriteRune(0x2800 + bits[col])
		}
		if cur >= 0 && shades[cur].on != "" {
			b.WriteString(sgrReset)
		}
		lines[row] = b.String()
	}
	return lines
}

// phaseLine is "breathe in · 4": the phase word and the seconds left.
func phaseLine(k frameKey, p palette, w int) string {
	if k.phase == "" {
		return ""
	}
	text := k.phase
	if k.count > 0 {
		text += " · " + strconv.Itoa(k.count)
	}
	return centre(text, p.phase, w, w)
}

// statusLine is "paused", "ending gently…" or the volume, with a quieter
// word of help when it fits.
func statusLine(k frameKey, p palette, w int) string {
	if k.status == "" {
		return ""
	}
	if k.statusExtra != "" {
		extra := " · " + k.statusExtra
		if sw := ansi.StringWidth(k.status + extra); sw <= w-2 {
			return centreStyled(p.status.render(k.status)+p.times.render(extra), sw, w)
		}
	}
	return centre(k.status, p.status, w, w)
}

// progressLine is "01:05 ━━━━━━────────── 03:55 left", centred; the bar
// goes when there is no room for it, the remaining time when there is no
// total.
func progressLine(k frameKey, p palette, w int) string {
	el := clock(secondsDuration(k.elapsed))
	if k.remaining < 0 {
		return centre(el, p.times, w, w)
	}
	rem := clock(secondsDuration(k.remaining)) + " left"
	bw := min(barWidth, w-ansi.StringWidth(el)-ansi.StringWidth(rem)-2-4)
	if bw < 6 {
		text := el + " · " + rem
		if ansi.StringWidth(text) > w {
			text = el
		}
		return centre(text, p.times, w, w)
	}
	done := 0
	if k.total > 0 {
		done = int(math.Round(float64(bw) * float64(k.elapsed) / float64(k.total)))
	}
	done = min(max(done, 0), bw)
	line := p.times.render(el) + " " +
		p.barDone.render(strings.Repeat("━", done)) +
		p.barRest.render(strings.Repeat("─", bw-done)) + " " +
		p.times.render(rem)
	return centreStyled(line, ansi.StringWidth(el)+ansi.StringWidth(rem)+bw+2, w)
}

// hintLine is the key hint at its current level of fading.
func hintLine(k frameKey, p palette, w int) string {
	if k.hint <= 0 {
		return ""
	}
	for _, h := range hints {
		if ansi.StringWidth(h) <= w-2 {
			return centre(h, p.hint[k.hint], w, w)
		}
	}
	return centre(hints[len(hints)-1], p.hint[k.hint], w, w)
}
