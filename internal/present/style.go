package present

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// style is a ready-made SGR prefix. The screen writes its escape codes
// itself rather than through lipgloss: a frame has a few dozen styled runs
// and is drawn several times a second, and building the codes once keeps
// that cheap. Colours are reduced to what the terminal supports (its
// colour profile) when the palette is made.
type style struct{ on string }

const sgrReset = "\x1b[m"

// render wraps text in the style.
func (s style) render(text string) string {
	if s.on == "" || text == "" {
		return text
	}
	return s.on + text + sgrReset
}

// newStyle builds a style from a "#rrggbb" foreground ("" for none) and
// attributes, for a terminal of colour profile prof: colours are reduced
// to its 256 or 16 colours, or left out; with no terminal (NoTTY) the style
// is empty.
func newStyle(fg string, bold, faint bool, prof colorprofile.Profile) style {
	if prof <= colorprofile.NoTTY {
		return style{}
	}
	var params []string
	if bold {
		params = append(params, "1")
	}
	if faint {
		params = append(params, "2")
	}
	if fg != "" && prof > colorprofile.ASCII {
		r, g, b := hexRGB(fg)
		if prof == colorprofile.TrueColor {
			params = append(params, fmt.Sprintf("38;2;%d;%d;%d", r, g, b))
		} else {
			c := prof.Convert(color.RGBA{R: r, G: g, B: b, A: 0xff})
			params = append(params, strings.TrimSuffix(strings.TrimPrefix(ansi.Style{}.ForegroundColor(c).String(), "\x1b["), "m"))
		}
	}
	if len(params) == 0 {
		return style{}
	}
	return style{on: "\x1b[" + strings.Join(params, ";") + "m"}
}

func hexRGB(s string) (r, g, b uint8) {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil {
		panic("present: bad colour " + s) // only constants reach here
	}
	return uint8(v >> 16), uint8(v >> 8), uint8(v)
}

// levels of the fading elements: 0 hidden, 1 faintest, 2, 3 full.
const levels = 4

// palette is every style of the screens, for one kind of background.
type palette struct {
	title, phase, status, times, barDone, barRest, notice style
	caption                                               [levels]style
	hint                                                  [levels]style
	orb                                                   []style // centre to edge
	border                                                string  // "#rrggbb" of the notice's box, "" for none
}

// newPalette returns the calm colours for a dark or a light background, or
// attributes only when noColor is set. Colours are muted blue, teal and
// grey, and only ever set the foreground: the terminal's own background
// stays.
func newPalette(noColor, dark bool, prof colorprofile.Profile) palette {
	if noColor {
		prof = min(prof, colorprofile.ASCII)
	}
	if prof <= colorprofile.ASCII {
		faint := newStyle("", false, true, prof)
		bold := newStyle("", true, false, prof)
		return palette{
			title: faint, phase: style{}, status: style{}, times: faint,
			barDone: style{}, barRest: faint, notice: faint,
			caption: [levels]style{style{}, bold, bold, bold},
			hint:    [levels]style{style{}, faint, faint, faint},
			orb:     []style{{}},
		}
	}
	var p palette
	c := func(fg string) style { return newStyle(fg, false, false, prof) }
	b := func(fg string) style { return newStyle(fg, true, false, prof) }
	if dark {
		p = palette{
			title: c("#6f7d8a"), phase: c("#7fb3bd"), status: c("#9aa8c0"),
			times: c("#6f7d8a"), barDone: c("#5e98a3"), barRest: c("#39434b"),
			notice:  c("#8a96a3"),
			caption: [levels]style{{}, b("#5c6770"), b("#95a1ab"), b("#d3dce2")},
			hint:    [levels]style{{}, c("#353e45"), c("#4b555e"), c("#66727d")},
			orb:     []style{c("#9cc8cf"), c("#84b8c1"), c("#6ea6b0"), c("#5a939e"), c("#487f8a"), c("#396a74")},
			border:  "#4b5962",
		}
	} else {
		p = palette{
			title: c("#7a8691"), phase: c("#3f7f8a"), status: c("#5a6c8a"),
			times: c("#7a8691"), barDone: c("#4f8f99"), barRest: c("#cdd5da"),
			notice:  c("#6b7782"),
			caption: [levels]style{{}, b("#b8c1c8"), b("#7d8a94"), b("#2e3a44")},
			hint:    [levels]style{{}, c("#d3d9dd"), c("#b3bcc3"), c("#8a959e")},
			orb:     []style{c("#3f8793"), c("#4f949f"), c("#62a1ab"), c("#77afb8"), c("#8dbdc5"), c("#a6cbd1")},
			border:  "#b3bcc3",
		}
	}
	return p
}
