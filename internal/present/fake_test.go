package present

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// fakeController records the calls it gets and reports a snapshot that the
// test sets. If script is set, each Snapshot call returns the next one
// (the last one repeats) and Done closes when the last one is reached.
type fakeController struct {
	mu      sync.Mutex
	snap    Snapshot
	script  []Snapshot
	calls   []string
	done    chan struct{}
	onSnap  func() // called at each Snapshot, outside the lock
	endOnce sync.Once
}

func newFake(s Snapshot) *fakeController {
	return &fakeController{snap: s, done: make(chan struct{})}
}

func (f *fakeController) Snapshot() Snapshot {
	if f.onSnap != nil {
		f.onSnap()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.script) > 0 {
		s := f.script[0]
		if len(f.script) > 1 {
			f.script = f.script[1:]
		} else {
			f.endOnce.Do(func() { close(f.done) })
		}
		return s
	}
	return f.snap
}

func (f *fakeController) set(change func(*Snapshot)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(&f.snap)
}

func (f *fakeController) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
}

func (f *fakeController) TogglePause() {
	f.record("pause")
	f.mu.Lock()
	f.snap.Paused = !f.snap.Paused
	f.mu.Unlock()
}
func (f *fakeController) Next() { f.record("next") }
func (f *fakeController) Back() { f.record("back") }
func (f *fakeController) Volume(d float64) {
	f.record(fmt.Sprintf("volume %+g", d))
	f.mu.Lock()
	f.snap.VolumeDB += d
	f.mu.Unlock()
}
func (f *fakeController) Stop() {
	f.record("stop")
	f.mu.Lock()
	f.snap.Stopping = true
	f.mu.Unlock()
}
func (f *fakeController) Abort()                { f.record("abort") }
func (f *fakeController) Done() <-chan struct{} { return f.done }
func (f *fakeController) finish()               { f.endOnce.Do(func() { close(f.done) }) }

func (f *fakeController) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// screen is a model at a size, with helpers to drive it and read it.
type screen struct {
	t *testing.T
	m *model
	c *fakeController
}

func newScreen(t *testing.T, s Snapshot, opts Options, w, h int) *screen {
	t.Helper()
	c := newFake(s)
	m := newModel(c, opts, t0, nil)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return &screen{t: t, m: m, c: c}
}

// at sends a tick at t0+d.
func (s *screen) at(d time.Duration) tea.Cmd {
	_, cmd := s.m.Update(tickMsg(t0.Add(d)))
	return cmd
}

func (s *screen) press(k tea.KeyPressMsg) tea.Cmd {
	_, cmd := s.m.Update(k)
	return cmd
}

// view is the frame as styled text.
func (s *screen) view() string {
	v := s.m.View()
	if !v.AltScreen {
		s.t.Fatal("the view does not use the alternate screen")
	}
	return v.Content
}

// text is the frame without escape codes, one string per row.
func (s *screen) text() []string {
	rows := strings.Split(ansi.Strip(s.view()), "\n")
	if len(rows) != s.m.height {
		s.t.Fatalf("frame has %d rows, want %d", len(rows), s.m.height)
	}
	for i, r := range rows {
		if w := ansi.StringWidth(r); w > s.m.width {
			s.t.Fatalf("row %d is %d columns wide, more than the screen's %d: %q", i, w, s.m.width, r)
		}
	}
	return rows
}

// find returns the row holding sub, or -1.
func find(rows []string, sub string) int {
	for i, r := range rows {
		if strings.Contains(r, sub) {
			return i
		}
	}
	return -1
}

var sgrRE = regexp.MustCompile("\x1b\\[([0-9;:]*)m")

// colourCodes lists the SGR sequences of s that set a colour (39 and 49,
// back to the terminal's own colours, are not counted).
func colourCodes(s string) []string {
	var found []string
	for _, m := range sgrRE.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, _ := strconv.Atoi(p)
			if (n >= 30 && n <= 48 && n != 39) || (n >= 90 && n <= 107) {
				found = append(found, m[0])
				break
			}
		}
	}
	return found
}

// brailleDots counts the raised dots of the braille characters in s.
func brailleDots(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x2800 && r <= 0x28ff {
			for b := r - 0x2800; b != 0; b &= b - 1 {
				n++
			}
		}
	}
	return n
}

var (
	keySpace = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	keyRight = tea.KeyPressMsg{Code: tea.KeyRight}
	keyLeft  = tea.KeyPressMsg{Code: tea.KeyLeft}
	keyCtrlC = tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
)

func keyRune(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

// syncBuffer is a bytes.Buffer safe to write from one goroutine and read
// from another.
type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
