package present

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func playing() Snapshot {
	return Snapshot{Title: "Arrive", Caption: "Let yourself arrive.", Elapsed: 65 * time.Second, Total: 300 * time.Second, Event: 3}
}

func TestKeysMapToCalls(t *testing.T) {
	tests := []struct {
		name string
		keys []tea.KeyPressMsg
		want []string
	}{
		{"space pauses", []tea.KeyPressMsg{keySpace}, []string{"pause"}},
		{"space twice resumes", []tea.KeyPressMsg{keySpace, keySpace}, []string{"pause", "pause"}},
		{"right arrow", []tea.KeyPressMsg{keyRight}, []string{"next"}},
		{"n", []tea.KeyPressMsg{keyRune('n')}, []string{"next"}},
		{"left arrow", []tea.KeyPressMsg{keyLeft}, []string{"back"}},
		{"b", []tea.KeyPressMsg{keyRune('b')}, []string{"back"}},
		{"plus", []tea.KeyPressMsg{keyRune('+')}, []string{"volume +2"}},
		{"equals", []tea.KeyPressMsg{keyRune('=')}, []string{"volume +2"}},
		{"minus", []tea.KeyPressMsg{keyRune('-')}, []string{"volume -2"}},
		{"keypad plus", []tea.KeyPressMsg{{Code: tea.KeyKpPlus}}, []string{"volume +2"}},
		{"keypad minus", []tea.KeyPressMsg{{Code: tea.KeyKpMinus}}, []string{"volume -2"}},
		{"q stops gently", []tea.KeyPressMsg{keyRune('q')}, []string{"stop"}},
		{"first ctrl+c stops gently", []tea.KeyPressMsg{keyCtrlC}, []string{"stop"}},
		{"second ctrl+c stops at once", []tea.KeyPressMsg{keyCtrlC, keyCtrlC}, []string{"stop", "abort"}},
		{"ctrl+c after q stops at once", []tea.KeyPressMsg{keyRune('q'), keyCtrlC}, []string{"stop", "abort"}},
		{"other keys do nothing", []tea.KeyPressMsg{keyRune('x'), {Code: tea.KeyEnter}, {Code: tea.KeyUp}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScreen(t, playing(), Options{}, 100, 30)
			for _, k := range tt.keys {
				s.press(k)
			}
			if got := s.c.Calls(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("calls = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCtrlCWhileStoppingAborts(t *testing.T) {
	snap := playing()
	snap.Stopping = true // e.g. the player's own closing
	s := newScreen(t, snap, Options{}, 100, 30)
	if cmd := s.press(keyCtrlC); cmd == nil {
		t.Error("an abort schedules giving up on the controller; got no command")
	}
	if got := s.c.Calls(); !reflect.DeepEqual(got, []string{"abort"}) {
		t.Errorf("calls = %q, want [abort]", got)
	}
}

func TestSignals(t *testing.T) {
	tests := []struct {
		name string
		msgs []tea.Msg
		want []string
	}{
		{"one SIGINT stops gently", []tea.Msg{interruptMsg{}}, []string{"stop"}},
		{"two SIGINT stop at once", []tea.Msg{interruptMsg{}, interruptMsg{}}, []string{"stop", "abort"}},
		// Whoever else counts signals saw only one: the player already
		// stopping (its own Stop) must not make this one an abort.
		{"a SIGINT while stopping still stops gently", []tea.Msg{stoppingMsg{}, interruptMsg{}}, []string{"stop"}},
		{"SIGTERM stops at once", []tea.Msg{abortMsg{}}, []string{"abort"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScreen(t, playing(), Options{}, 100, 30)
			for _, msg := range tt.msgs {
				if _, ok := msg.(stoppingMsg); ok {
					s.c.set(func(sn *Snapshot) { sn.Stopping = true })
					s.at(time.Second)
					continue
				}
				s.m.Update(msg)
			}
			if got := s.c.Calls(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("calls = %q, want %q", got, tt.want)
			}
		})
	}
}

// stoppingMsg, in TestSignals, makes the player report a stop under way.
type stoppingMsg struct{}

func TestAbortThenAbandon(t *testing.T) {
	s := newScreen(t, playing(), Options{}, 100, 30)
	s.press(keyCtrlC)
	s.press(keyCtrlC)
	_, cmd := s.m.Update(abandonMsg{})
	if !s.m.abandoned || !s.m.quitting {
		t.Error("the screen did not give up after the abort")
	}
	if cmd == nil {
		t.Fatal("no quit command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("the command is not tea.Quit")
	}
}

func TestDoneQuits(t *testing.T) {
	tests := []struct {
		name string
		msg  func(*screen) tea.Msg
	}{
		{"done message", func(*screen) tea.Msg { return doneMsg{} }},
		{"snapshot says done", func(s *screen) tea.Msg {
			s.c.set(func(sn *Snapshot) { sn.Done = true })
			return tickMsg(t0.Add(time.Second))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScreen(t, playing(), Options{}, 100, 30)
			_, cmd := s.m.Update(tt.msg(s))
			if cmd == nil {
				t.Fatal("no command")
			}
			if _, ok := cmd().(tea.QuitMsg); !ok {
				t.Error("the command is not tea.Quit")
			}
		})
	}
}

func TestWaitDoneReturnsWhenDone(t *testing.T) {
	c := newFake(playing())
	quit := make(chan struct{})
	m := newModel(c, Options{}, t0, quit)
	got := make(chan tea.Msg, 1)
	go func() { got <- m.waitDone()() }()
	c.finish()
	select {
	case msg := <-got:
		if _, ok := msg.(doneMsg); !ok {
			t.Errorf("waitDone returned %T, want doneMsg", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("waitDone did not return when the controller finished")
	}
	// And it lets go when the screen closes first.
	m2 := newModel(newFake(playing()), Options{}, t0, quit)
	go func() { got <- m2.waitDone()() }()
	close(quit)
	select {
	case msg := <-got:
		if msg != nil {
			t.Errorf("waitDone returned %T after quit, want nil", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("waitDone did not return when the screen closed")
	}
}

func TestCaptionCentredAndWrapped(t *testing.T) {
	const caption = "You might notice the weight of your body resting on the floor, and the slow rise and fall of your breath."
	tests := []struct {
		w, h     int
		maxWidth int
	}{
		{100, 30, captionWidth},
		{200, 50, captionWidth},
		{40, 24, 36},
		{30, 12, 28}, // compact layout
	}
	for _, tt := range tests {
		t.Run(sizeName(tt.w, tt.h), func(t *testing.T) {
			snap := playing()
			snap.Caption = caption
			s := newScreen(t, snap, Options{}, tt.w, tt.h)
			rows := s.text()
			first := find(rows, "You might")
			if first < 0 {
				t.Fatalf("caption not shown:\n%s", strings.Join(rows, "\n"))
			}
			var words []string
			for i := first; i < len(rows) && strings.TrimSpace(rows[i]) != ""; i++ {
				line := strings.TrimSpace(rows[i])
				lw := ansi.StringWidth(line)
				if lw > tt.maxWidth {
					t.Errorf("caption line %q is %d wide, more than %d", line, lw, tt.maxWidth)
				}
				lead := len(rows[i]) - len(strings.TrimLeft(rows[i], " "))
				if want := (tt.w - lw) / 2; lead != want {
					t.Errorf("caption line %q starts at column %d, want %d (centred)", line, lead, want)
				}
				words = append(words, strings.Fields(line)...)
			}
			if got := strings.Join(words, " "); got != caption {
				t.Errorf("caption reads %q, want %q", got, caption)
			}
			if tt.maxWidth < ansi.StringWidth(caption) && len(words) > 0 && find(rows, "breath.") == first {
				t.Error("the caption was not wrapped")
			}
		})
	}
}

func sizeName(w, h int) string { return fmt.Sprintf("%dx%d", w, h) }

func TestCaptionKeepsLineBreaksAndDropsControls(t *testing.T) {
	snap := playing()
	snap.Caption = "first line\nsecond \x1b[31mline\x1b]0;pwned\x07 \u202eend"
	snap.Title = "title\x1b[2J"
	s := newScreen(t, snap, Options{NoColor: true}, 100, 30)
	view := s.view()
	if strings.Contains(view, "\x1b[31m") || strings.Contains(view, "\x1b]") || strings.Contains(view, "\x1b[2J") || strings.Contains(view, "\u202e") {
		t.Errorf("script text reached the terminal with its control codes: %q", view)
	}
	rows := s.text()
	a, b := find(rows, "first line"), find(rows, "second [31mline]0;pwned end")
	if a < 0 || b != a+1 {
		t.Errorf("want the caption's two lines on consecutive rows, got rows %d and %d:\n%s", a, b, strings.Join(rows, "\n"))
	}
}

func TestShapeGrowsWithBreath(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {80, 24}, {200, 60}, {40, 20}} {
		t.Run(sizeName(size[0], size[1]), func(t *testing.T) {
			prev := -1
			for _, b := range []float64{0, 0.25, 0.5, 0.75, 1} {
				snap := playing()
				snap.Phase, snap.PhaseLeft, snap.Breath = "inhale", 2*time.Second, b
				s := newScreen(t, snap, Options{}, size[0], size[1])
				dots := brailleDots(s.view())
				if dots <= prev {
					t.Errorf("breath %.2f: %d dots, not more than %d at the breath before", b, dots, prev)
				}
				prev = dots
			}
		})
	}
}

func TestShapeIsRoundAndCentred(t *testing.T) {
	snap := playing()
	snap.Phase, snap.Breath = "hold", 1
	s := newScreen(t, snap, Options{}, 100, 30)
	rows := s.text()
	top, bottom, left, right := -1, -1, 1000, -1
	for i, r := range rows {
		for j, c := range []rune(r) {
			if c > 0x2800 && c <= 0x28ff {
				if top < 0 {
					top = i
				}
				bottom = i
				left, right = min(left, j), max(right, j)
			}
		}
	}
	if top < 0 {
		t.Fatal("no shape drawn")
	}
	rowsTall, colsWide := bottom-top+1, right-left+1
	// A cell is about twice as tall as wide: a round shape is twice as
	// many columns wide as rows tall.
	if d := colsWide - 2*rowsTall; d < -2 || d > 2 {
		t.Errorf("shape is %d columns by %d rows: not round", colsWide, rowsTall)
	}
	if mid := (left + right) / 2; mid < 48 || mid > 51 {
		t.Errorf("shape centred on column %d of 100", mid)
	}
}

func TestPhaseWordAndCount(t *testing.T) {
	tests := []struct {
		phase string
		left  time.Duration
		want  string
	}{
		{"inhale", 3200 * time.Millisecond, "breathe in · 4"},
		{"inhale", 3 * time.Second, "breathe in · 3"},
		{"hold", 7 * time.Second, "hold · 7"},
		{"exhale", 100 * time.Millisecond, "breathe out · 1"},
		{"rest", 1500 * time.Millisecond, "rest · 2"},
		{"exhale", 0, "breathe out"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			snap := playing()
			snap.Phase, snap.PhaseLeft, snap.Breath = tt.phase, tt.left, 0.5
			s := newScreen(t, snap, Options{}, 100, 30)
			rows := s.text()
			i := find(rows, tt.want)
			if i < 0 {
				t.Fatalf("no %q on screen:\n%s", tt.want, strings.Join(rows, "\n"))
			}
			if got := strings.TrimSpace(rows[i]); got != tt.want {
				t.Errorf("phase row = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("not breathing", func(t *testing.T) {
		s := newScreen(t, playing(), Options{}, 100, 30)
		for _, w := range []string{"breathe", "hold", "rest"} {
			if i := find(s.text(), w); i >= 0 {
				t.Errorf("%q shown while not breathing", w)
			}
		}
	})
}

func TestProgressLine(t *testing.T) {
	tests := []struct {
		name             string
		elapsed, total   time.Duration
		w                int
		want             string // the row, trimmed
		wantDone, barLen int
	}{
		{"minutes", 65 * time.Second, 300 * time.Second, 100, "01:05 ━━━━━━━━━━────────────────────────────────────── 03:55 left", 10, 48},
		{"start", 0, 300 * time.Second, 100, "00:00 ──────────────────────────────────────────────── 05:00 left", 0, 48},
		{"end", 300 * time.Second, 300 * time.Second, 100, "05:00 ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 00:00 left", 48, 48},
		{"fraction of a second", 65900 * time.Millisecond, 300 * time.Second, 100, "01:05 ━━━━━━━━━━────────────────────────────────────── 03:55 left", 10, 48},
		{"hours", 3725 * time.Second, 7200 * time.Second, 100, "1:02:05 ━━━━━━━━━━━━━━━━━━━━━━━━━─────────────────────── 57:55 left", 25, 48},
		{"narrow", 65 * time.Second, 300 * time.Second, 40, "01:05 ━━━━─────────────── 03:55 left", 4, 19},
		{"no room for a bar", 65 * time.Second, 300 * time.Second, 22, "01:05 · 03:55 left", 0, 0},
		{"no total", 65 * time.Second, 0, 100, "01:05", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := playing()
			snap.Elapsed, snap.Total = tt.elapsed, tt.total
			s := newScreen(t, snap, Options{}, tt.w, 30)
			rows := s.text()
			row := strings.TrimSpace(rows[len(rows)-2])
			if row != tt.want {
				t.Errorf("progress row = %q, want %q", row, tt.want)
			}
			if done := strings.Count(row, "━"); done != tt.wantDone {
				t.Errorf("%d cells done, want %d", done, tt.wantDone)
			}
			if n := strings.Count(row, "━") + strings.Count(row, "─"); n != tt.barLen {
				t.Errorf("bar is %d cells, want %d", n, tt.barLen)
			}
		})
	}
}

func TestHintFades(t *testing.T) {
	const hint = "space pause · → next · ← back · +/− volume · q stop"
	s := newScreen(t, playing(), Options{HintFor: 6 * time.Second}, 100, 30)
	shown := func() (bool, string) {
		rows := s.text()
		return strings.TrimSpace(rows[len(rows)-1]) == hint, s.view()
	}
	styleOf := func(view string) string {
		last := view[strings.LastIndex(view, "\n")+1:]
		return last[:strings.Index(last, "space")]
	}
	if ok, _ := shown(); !ok {
		t.Fatal("hint not shown at the start")
	}
	_, full := shown()
	s.at(4 * time.Second)
	if ok, v := shown(); !ok || styleOf(v) != styleOf(full) {
		t.Error("hint not shown as at the start after 4 s")
	}
	s.at(5500 * time.Millisecond)
	ok, v := shown()
	if !ok {
		t.Error("hint gone before its time")
	}
	if styleOf(v) == styleOf(full) {
		t.Error("hint not dimmed as it fades")
	}
	s.at(6 * time.Second)
	if ok, _ := shown(); ok {
		t.Error("hint still shown after HintFor")
	}
	s.at(30 * time.Second)
	if ok, _ := shown(); ok {
		t.Error("hint shown again with no key")
	}
	// A key brings it back, briefly.
	s.press(keyRune('+'))
	if ok, _ := shown(); !ok {
		t.Error("hint not shown again after a key")
	}
	s.at(30*time.Second + hintAgainFor)
	if ok, _ := shown(); ok {
		t.Error("hint shown for longer than a moment after a key")
	}
}

func TestHintNever(t *testing.T) {
	s := newScreen(t, playing(), Options{HintFor: -1}, 100, 30)
	s.press(keySpace)
	if find(s.text(), "space pause") >= 0 {
		t.Error("hint shown with a negative HintFor")
	}
}

func TestStatusLine(t *testing.T) {
	tests := []struct {
		name string
		prep func(*screen)
		want string
	}{
		{"playing", func(*screen) {}, ""},
		{"paused", func(s *screen) { s.press(keySpace) }, "paused · space to continue"},
		{"volume", func(s *screen) { s.press(keyRune('-')); s.press(keyRune('-')) }, "volume −4 dB"},
		{"volume up", func(s *screen) { s.press(keyRune('+')) }, "volume +2 dB"},
		{"volume fades back to paused", func(s *screen) {
			s.press(keySpace)
			s.press(keyRune('+'))
			s.at(volumeShownFor + time.Millisecond)
		}, "paused · space to continue"},
		{"stopping", func(s *screen) { s.press(keyRune('q')) }, "ending gently…"},
		{"stopping by ctrl+c", func(s *screen) { s.press(keyCtrlC) }, "ending gently… · ctrl+c again to stop now"},
		{"stopping by the player", func(s *screen) {
			s.c.set(func(sn *Snapshot) { sn.Stopping = true })
			s.at(time.Second)
		}, "ending gently…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScreen(t, playing(), Options{}, 100, 30)
			tt.prep(s)
			rows := s.text()
			if got := strings.TrimSpace(rows[len(rows)-4]); got != tt.want {
				t.Errorf("status row = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNoColor(t *testing.T) {
	snap := playing()
	snap.Phase, snap.PhaseLeft, snap.Breath = "exhale", 3*time.Second, 0.6
	color := newScreen(t, snap, Options{}, 100, 30)
	if len(colourCodes(color.view())) == 0 {
		t.Fatal("the colour check finds no colour in the coloured view: it cannot work")
	}
	s := newScreen(t, snap, Options{NoColor: true}, 100, 30)
	frames := []string{s.view()}
	s.press(keySpace)
	frames = append(frames, s.view())
	s.at(5500 * time.Millisecond) // the hint fading
	frames = append(frames, s.view())
	for i, f := range frames {
		if codes := colourCodes(f); len(codes) > 0 {
			t.Errorf("frame %d has colour codes %q", i, codes)
		}
		if brailleDots(f) == 0 || !strings.Contains(f, "breathe out") {
			t.Errorf("frame %d lacks the shape or the phase", i)
		}
	}
}

func TestBackgroundPicksPalette(t *testing.T) {
	s := newScreen(t, playing(), Options{}, 100, 30)
	dark := s.view()
	s.m.Update(tea.BackgroundColorMsg{Color: lightGrey{}})
	if s.m.dark {
		t.Fatal("a light background read as dark")
	}
	if light := s.view(); light == dark {
		t.Error("the light background drew the same colours as the dark one")
	}
}

type lightGrey struct{}

func (lightGrey) RGBA() (r, g, b, a uint32) { return 0xf0f0, 0xf0f0, 0xf0f0, 0xffff }

func TestNoRedrawWhenNothingChanged(t *testing.T) {
	snap := playing()
	snap.Phase, snap.PhaseLeft, snap.Breath = "hold", 5*time.Second, 0.8
	s := newScreen(t, snap, Options{HintFor: -1}, 100, 30)
	s.at(time.Second) // past the caption's fade-in
	first := s.view()
	n := s.m.renders
	for i := 1; i <= 5; i++ {
		s.at(time.Second + time.Duration(i)*100*time.Millisecond)
		s.c.set(func(sn *Snapshot) {
			sn.Elapsed += 100 * time.Millisecond / 2 // same second
			sn.PhaseLeft -= 10 * time.Millisecond    // same count
			sn.Breath -= 0.0001                      // less than a dot
		})
		if v := s.view(); v != first {
			t.Fatalf("tick %d changed the frame", i)
		}
	}
	if s.m.renders != n {
		t.Errorf("%d frames drawn for no visible change", s.m.renders-n)
	}
	s.c.set(func(sn *Snapshot) { sn.Breath = 0.5 })
	s.at(2 * time.Second)
	if s.view() == first || s.m.renders != n+1 {
		t.Error("a change of breath did not redraw")
	}
}

func TestTickInterval(t *testing.T) {
	// At 100×30 the shape is 14 rows: its radius is 27.5×(0.3+0.7×breath)
	// dots.
	breathAt := func(radius float64) float64 { return (radius/27.5 - 0.3) / 0.7 }
	breathing := func(radius float64, phaseLeft time.Duration) func(*Snapshot) {
		return func(sn *Snapshot) {
			sn.Phase, sn.PhaseLeft, sn.Breath = "inhale", phaseLeft, breathAt(radius)
			sn.Elapsed, sn.Total = 65500*time.Millisecond, 300*time.Second // half a second from turning
		}
	}
	near := func(got, want time.Duration) bool {
		return got > want-2*time.Millisecond && got < want+2*time.Millisecond
	}

	s := newScreen(t, playing(), Options{HintFor: -1}, 100, 30)
	s.view()
	if got := s.m.interval(); got != fastTick {
		t.Errorf("while the caption fades in: %v, want %v", got, fastTick)
	}
	s.at(time.Second)
	s.view()
	if got := s.m.interval(); got != slowTick {
		t.Errorf("still screen: %v, want %v", got, slowTick)
	}

	s.c.set(breathing(20, 3950*time.Millisecond))
	s.at(2 * time.Second)
	s.view()
	if got := s.m.interval(); got != fastTick {
		t.Errorf("breathing, speed not known yet: %v, want %v", got, fastTick)
	}
	s.c.set(breathing(20.16, 3850*time.Millisecond)) // 1.6 dots a second: the next step at 20.5, in 212.5 ms
	s.at(2100 * time.Millisecond)
	s.view()
	if got := s.m.interval(); !near(got, 212500*time.Microsecond+tickMargin) {
		t.Errorf("growing 1.6 dots/s, 0.34 dot from a step: %v, want %v", got, 212500*time.Microsecond+tickMargin)
	}
	s.c.set(breathing(20, 3750*time.Millisecond))
	s.at(2200 * time.Millisecond)
	s.view()
	s.c.set(breathing(19.84, 3650*time.Millisecond)) // shrinking 1.6 dots/s: the next step at 19.5
	s.at(2300 * time.Millisecond)
	s.view()
	if got := s.m.interval(); !near(got, 212500*time.Microsecond+tickMargin) {
		t.Errorf("shrinking 1.6 dots/s, 0.34 dot from a step: %v, want %v", got, 212500*time.Microsecond+tickMargin)
	}
	s.c.set(breathing(19.81, 1040*time.Millisecond)) // slow, but the count turns in 40 ms
	s.at(2400 * time.Millisecond)
	s.view()
	if got := s.m.interval(); got != fastTick {
		t.Errorf("count about to turn: %v, want %v", got, fastTick)
	}
	s.c.set(breathing(26, 3000*time.Millisecond)) // very fast
	s.at(2500 * time.Millisecond)
	s.view()
	if got := s.m.interval(); got != fastTick {
		t.Errorf("fast growth: %v, want %v (never faster)", got, fastTick)
	}
	s.c.set(func(sn *Snapshot) { sn.Paused = true })
	s.at(3 * time.Second)
	s.view()
	if got := s.m.interval(); got != slowTick {
		t.Errorf("paused: %v, want %v", got, slowTick)
	}
}

func TestCaptionFades(t *testing.T) {
	s := newScreen(t, playing(), Options{HintFor: -1}, 100, 30)
	levels := []int{s.m.captionLevel()}
	for _, d := range []time.Duration{200, 400, 600, 1000} {
		s.at(d * time.Millisecond)
		levels = append(levels, s.m.captionLevel())
	}
	if want := []int{1, 2, 3, 3, 3}; !reflect.DeepEqual(levels, want) {
		t.Errorf("caption fades in through levels %v, want %v", levels, want)
	}
	s.c.set(func(sn *Snapshot) { sn.Caption = "" })
	s.at(2 * time.Second)
	if find(s.text(), "Let yourself arrive.") < 0 {
		t.Error("the caption vanished at once instead of fading")
	}
	s.at(2*time.Second + 3*captionStep)
	if find(s.text(), "Let yourself arrive.") >= 0 {
		t.Error("the caption did not fade out")
	}
}

func TestResize(t *testing.T) {
	snap := playing()
	snap.Phase, snap.PhaseLeft, snap.Breath = "inhale", time.Second, 1
	s := newScreen(t, snap, Options{}, 100, 30)
	big := brailleDots(s.view())
	s.m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	rows := s.text() // checks the new row count and widths
	if len(rows) != 20 {
		t.Fatalf("%d rows after resizing to 20", len(rows))
	}
	if small := brailleDots(s.view()); small == 0 || small >= big {
		t.Errorf("the shape has %d dots at 60×20 and %d at 100×30: it did not follow the size", small, big)
	}
	if i := find(rows, "Let yourself arrive."); i < 0 || strings.Index(rows[i], "Let") != (60-len("Let yourself arrive."))/2 {
		t.Errorf("caption not centred in the new width:\n%s", strings.Join(rows, "\n"))
	}
}

func TestTinyAndOddSizes(t *testing.T) {
	snap := playing()
	snap.Phase, snap.PhaseLeft, snap.Breath = "inhale", time.Second, 0.5
	snap.Caption = strings.Repeat("supercalifragilistic ", 8) + "日本語のキャプション"
	for _, size := range [][2]int{{0, 0}, {1, 1}, {2, 3}, {5, 5}, {10, 6}, {23, 13}, {24, 14}, {300, 100}, {100, 1}, {1, 100}} {
		t.Run(sizeName(size[0], size[1]), func(t *testing.T) {
			s := newScreen(t, snap, Options{}, size[0], size[1])
			if size[0] == 0 {
				if s.view() != "" {
					t.Error("a frame for a screen of no size")
				}
				return
			}
			s.text() // checks row count and widths
			s.press(keySpace)
			s.text()
		})
	}
}

func TestPanicInModelBecomesError(t *testing.T) {
	s := newScreen(t, playing(), Options{}, 100, 30)
	s.c.onSnap = func() { panic("boom") }
	cmd := s.at(time.Second)
	if s.m.err == nil || !strings.Contains(s.m.err.Error(), "boom") {
		t.Fatalf("err = %v, want the panic", s.m.err)
	}
	if cmd == nil {
		t.Fatal("no command after a panic")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("a panic does not quit")
	}
}

func TestClock(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "00:00"},
		{-time.Second, "00:00"},
		{999 * time.Millisecond, "00:00"},
		{65 * time.Second, "01:05"},
		{59*time.Minute + 59*time.Second, "59:59"},
		{time.Hour, "1:00:00"},
		{3725 * time.Second, "1:02:05"},
		{10*time.Hour + 5*time.Second, "10:00:05"},
	}
	for _, tt := range tests {
		if got := clock(tt.d); got != tt.want {
			t.Errorf("clock(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, lines, flat string }{
		{"plain", "plain", "plain"},
		{"a\x1b[31mb", "a[31mb", "a[31mb"},
		{"tab\there", "tab here", "tab here"},
		{"two\r\nlines", "two\nlines", "two lines"},
		{"bell\a and \u009b c1", "bell and  c1", "bell and  c1"},
		{"bidi \u202eevil\u202c", "bidi evil", "bidi evil"},
		{"bad \xff utf8", "bad \ufffd utf8", "bad \ufffd utf8"},
		{"  trimmed  ", "trimmed", "trimmed"},
	}
	for _, tt := range tests {
		if got := clean(tt.in, true); got != tt.lines {
			t.Errorf("clean(%q, true) = %q, want %q", tt.in, got, tt.lines)
		}
		if got := clean(tt.in, false); got != tt.flat {
			t.Errorf("clean(%q, false) = %q, want %q", tt.in, got, tt.flat)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  []string
	}{
		{"", 10, nil},
		{"one two three", 7, []string{"one two", "three"}},
		{"one two three", 100, []string{"one two three"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"a\n\nb", 10, []string{"a", "", "b"}},
		{"日本語の文", 4, []string{"日本", "語の", "文"}},
		{"x 日", 1, []string{"x", "日"}},
	}
	for _, tt := range tests {
		if got := wrap(tt.text, tt.width); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}
