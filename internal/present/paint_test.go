package present

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

func TestPainterWritesChangedRows(t *testing.T) {
	var out strings.Builder
	p := &painter{out: &out}
	p.frame([]string{"a"}, 10, 3)
	if out.Len() != 0 {
		t.Fatalf("wrote before start: %q", out.String())
	}
	p.start()
	if got := out.String(); got != enterAlt+hideCursor+eraseAll {
		t.Fatalf("start wrote %q", got)
	}
	steps := []struct {
		name string
		rows []string
		w, h int
		want string // after the frame's sync start, before its reset and sync end
	}{
		{"first frame: every row", []string{"title", "", "00:01"}, 10, 3,
			sgrReset + eraseAll + "\x1b[1;1H" + eraseLine + "title" + "\x1b[2;1H" + eraseLine + "\x1b[3;1H" + eraseLine + "00:01"},
		{"one row changed", []string{"title", "", "00:02"}, 10, 3, "\x1b[3;1H" + eraseLine + "00:02"},
		{"nothing changed", []string{"title", "", "00:02"}, 10, 3, ""},
		{"a row emptied", []string{"", "", "00:02"}, 10, 3, "\x1b[1;1H" + eraseLine},
		{"a new size: all again", []string{"", "x"}, 8, 2, sgrReset + eraseAll + "\x1b[1;1H" + eraseLine + "\x1b[2;1H" + eraseLine + "x"},
		{"rows past the height are left out", []string{"", "x", "y"}, 8, 2, ""},
	}
	for _, s := range steps {
		out.Reset()
		p.frame(s.rows, s.w, s.h)
		want := ""
		if s.want != "" {
			want = syncStart + s.want + sgrReset + syncEnd
		}
		if got := out.String(); got != want {
			t.Errorf("%s: wrote %q, want %q", s.name, got, want)
		}
	}
	out.Reset()
	p.stop()
	p.stop()
	if got := out.String(); got != sgrReset+showCur+leaveAlt {
		t.Errorf("stop wrote %q", got)
	}
	out.Reset()
	p.frame([]string{"late"}, 8, 2)
	if out.Len() != 0 {
		t.Errorf("wrote after stop: %q", out.String())
	}
}

func TestStyleFollowsTheProfile(t *testing.T) {
	for _, c := range []struct {
		prof colorprofile.Profile
		want string
	}{
		{colorprofile.TrueColor, "\x1b[1;38;2;127;179;189m"},
		{colorprofile.ANSI256, "\x1b[1;38;5;109m"},
		{colorprofile.ANSI, "\x1b[1;36m"}, // teal becomes cyan
		{colorprofile.ASCII, "\x1b[1m"},
		{colorprofile.NoTTY, ""},
	} {
		if got := newStyle("#7fb3bd", true, false, c.prof).on; got != c.want {
			t.Errorf("%v: %q, want %q", c.prof, got, c.want)
		}
	}
}
