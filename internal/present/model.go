package present

import (
	"fmt"
	"math"
	"runtime/debug"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Redraw intervals of the playback screen.
const (
	fastTick   = time.Second / 5      // at most, while something moves (breathing, fading)
	slowTick   = time.Second / 4      // otherwise
	tickMargin = 5 * time.Millisecond // land just after a predicted change

	// rendererFPS caps how often Bubble Tea looks for a changed frame of
	// the notice screen (the playback screen paints for itself).
	rendererFPS = 5

	volumeShownFor = 2 * time.Second        // "volume −4 dB" after + or -
	hintAgainFor   = 3 * time.Second        // the hint after a key, at most
	captionStep    = 200 * time.Millisecond // one step of a caption's fade
	abandonAfter   = 1500 * time.Millisecond
)

// Messages of the playback screen.
type (
	tickMsg      time.Time // time to poll the controller and maybe redraw
	doneMsg      struct{}  // the controller reported done
	abortMsg     struct{}  // the process was told to terminate
	interruptMsg struct{}  // the process got SIGINT
	abandonMsg   struct{}  // the controller did not finish after an abort
)

// model is the playback screen. It is driven only by messages: ticks carry
// the time, so tests can drive it without sleeping.
type model struct {
	c     Controller
	opts  Options
	quit  <-chan struct{} // closed when FullScreen returns (frees waitDone)
	watch tea.Cmd         // reports the cancellation of FullScreen's context

	now           time.Time
	width, height int
	dark          bool
	pal           palette
	snap          Snapshot

	hintUntil   time.Time
	volUntil    time.Time
	stopAsked   bool // q or Ctrl-C was pressed (or the process told to end)
	ctrlC       bool // Ctrl-C was pressed (or SIGINT came) at least once
	interrupted bool // SIGINT came at least once
	aborted     bool
	quitting    bool
	abandoned   bool
	err         error // a panic inside the model, as an error
	capText     string
	capFrom     time.Time
	capFading   bool    // capText is fading out (the caption went silent)
	shapeRows   int     // the shape's height in the last frame (0: none)
	lastRadius  float64 // the shape's radius (dots, unrounded) at sampleAt
	sampleAt    time.Time
	speed       float64 // how fast the radius changes, dots per second
	haveSample  bool
	haveSpeed   bool
	wrapText    string // the caption last wrapped, its width and lines
	wrapWidth   int
	wrapLines   []string
	lastKey     frameKey
	lastRows    []string
	prof        colorprofile.Profile
	paint       *painter // nil: Bubble Tea draws the View
	haveCached  bool
	renders     int // frames drawn (not served from the cache), for tests
}

// newModel makes the playback screen, starting at now.
func newModel(c Controller, opts Options, now time.Time, quit <-chan struct{}) *model {
	m := &model{c: c, opts: opts, quit: quit, now: now, dark: true}
	m.setProfile(colorprofile.TrueColor)
	if d := opts.hintFor(); d > 0 {
		m.hintUntil = now.Add(d)
	}
	m.poll()
	return m
}

// Init starts the ticks, listens for the end of playback, and asks the
// terminal for its background colour (to pick the palette).
func (m *model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.tick(), m.waitDone(), m.watch}
	if !m.opts.NoColor && m.paint == nil {
		// (A screen that paints asks the terminal itself: see FullScreen.)
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// waitDone is a command that returns when the controller is done (or the
// screen is closing anyway).
func (m *model) waitDone() tea.Cmd {
	done, quit := m.c.Done(), m.quit
	return func() tea.Msg {
		select {
		case <-done:
			return doneMsg{}
		case <-quit:
			return nil
		}
	}
}

// tick schedules the next poll: after interval, at the first pulse of the
// sound from then on when the controller is Paced.
func (m *model) tick() tea.Cmd {
	d := m.interval()
	pulse := pulses(m.c)
	if pulse == nil {
		return tea.Tick(d, func(t time.Time) tea.Msg { return tickMsg(t) })
	}
	quit := m.quit
	return func() tea.Msg {
		due := time.Now().Add(d)
		fallback := time.NewTimer(d + pacedFallback)
		defer fallback.Stop()
		for {
			select {
			case <-pulse:
				if now := time.Now(); !now.Before(due) {
					return tickMsg(now)
				}
			case now := <-fallback.C:
				return tickMsg(now)
			case <-quit:
				return nil
			}
		}
	}
}

// interval is how long to wait for the next poll. While the shape moves,
// it aims at the moment the frame will next change (the shape's rim
// reaching the next dot, the count or the clock turning a second), never
// sooner than fastTick and never later than slowTick; while the hint or a
// caption fades it is fastTick; otherwise slowTick, which is also how soon
// a new caption shows.
func (m *model) interval() time.Duration {
	if m.fading() {
		return fastTick
	}
	s := m.snap
	if s.Phase == "" || s.Paused || s.Done {
		return slowTick
	}
	if !m.haveSpeed {
		return fastTick
	}
	d := min(slowTick, secondDown(s.PhaseLeft), secondUp(s.Elapsed))
	if s.Total > 0 {
		d = min(d, secondDown(s.Total-s.Elapsed))
	}
	if v := m.speed; v != 0 {
		r := m.lastRadius
		var dist float64 // dots to the next whole-dot step
		if v > 0 {
			dist = math.Floor(r+0.5) + 0.5 - r
		} else {
			dist = r - (math.Floor(r+0.5) - 0.5)
		}
		d = min(d, time.Duration(dist/math.Abs(v)*float64(time.Second)))
	}
	return min(max(d+tickMargin, fastTick), slowTick)
}

// secondUp is the time until a rising duration reaches its next whole
// second; secondDown until a falling one does.
func secondUp(d time.Duration) time.Duration { return time.Second - (d % time.Second) }

func secondDown(d time.Duration) time.Duration {
	if r := d % time.Second; r > 0 {
		return r
	}
	return time.Second
}

// fading reports whether the hint or a caption is fading in or out.
func (m *model) fading() bool {
	if l := m.hintLevel(); l > 0 && l < levels-1 {
		return true
	}
	return m.capText != "" && (m.capFading || m.now.Sub(m.capFrom) < 3*captionStep)
}

// followShape measures how fast the shape's radius changes (dots per
// second), to time the next poll.
func (m *model) followShape() {
	s := m.snap
	if m.shapeRows == 0 || s.Phase == "" || s.Paused {
		m.haveSample, m.haveSpeed, m.speed = false, false, 0
		return
	}
	r := radiusOf(m.shapeRows, s.Breath)
	if m.haveSample && m.now.After(m.sampleAt) {
		m.speed = (r - m.lastRadius) / m.now.Sub(m.sampleAt).Seconds()
		m.haveSpeed = true
	}
	m.lastRadius, m.sampleAt, m.haveSample = r, m.now, true
}

// poll reads the controller and follows the caption.
func (m *model) poll() {
	s := m.c.Snapshot()
	s.Title = clean(s.Title, false)
	s.Caption = clean(s.Caption, true)
	if s.Caption != m.snap.Caption || (s.Caption == "" && m.capText != "" && !m.capFading) {
		switch {
		case s.Caption != "":
			m.capText, m.capFrom, m.capFading = s.Caption, m.now, false
		case m.capText != "":
			m.capFrom, m.capFading = m.now, true
		}
	}
	m.snap = s
}

// setProfile sets the terminal's colour profile (and so the palette).
func (m *model) setProfile(prof colorprofile.Profile) {
	m.prof = prof
	m.pal = newPalette(m.opts.NoColor, m.dark, prof)
}

// Update handles one message, then brings the terminal up to date when
// the screen paints for itself. A panic inside it ends the screen with an
// error instead of leaving the terminal in raw mode.
func (m *model) Update(msg tea.Msg) (res tea.Model, cmd tea.Cmd) {
	if m.err != nil {
		return m, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			m.err = panicError(r)
			m.quitting = true
			res, cmd = m, tea.Quit
		}
	}()
	res, cmd = m.update(msg)
	if m.paint != nil && !m.quitting {
		m.paint.frame(m.frame(), m.width, m.height)
	}
	return res, cmd
}

func (m *model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tickMsg:
		if t := time.Time(msg); t.After(m.now) {
			m.now = t
		}
		m.poll()
		if m.snap.Done {
			return m.finish()
		}
		m.followShape()
		return m, m.tick()
	case doneMsg, cancelMsg:
		return m.finish()
	case abortMsg:
		return m, m.abort()
	case interruptMsg:
		// Counted apart from the keys: whoever else watches SIGINT counts
		// the same way, and one signal must not become an abort here.
		m.ctrlC = true
		if m.interrupted {
			return m, m.abort()
		}
		m.interrupted, m.stopAsked = true, true
		m.c.Stop()
	case abandonMsg:
		m.abandoned = true
		return m.finish()
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.pal = newPalette(m.opts.NoColor, m.dark, m.prof)
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *model) finish() (tea.Model, tea.Cmd) {
	m.quitting = true
	return m, tea.Quit
}

// key turns a key into a controller call, brings the hint back, and polls
// at once so that the screen answers the key without waiting for a tick.
func (m *model) key(k tea.KeyPressMsg) tea.Cmd {
	var cmd tea.Cmd
	switch k.String() {
	case "space", " ":
		m.c.TogglePause()
	case "right", "n", "N":
		m.c.Next()
	case "left", "b", "B":
		m.c.Back()
	case "+", "=", "plus":
		m.c.Volume(+VolumeStep)
		m.volUntil = m.now.Add(volumeShownFor)
	case "-", "minus", "_":
		m.c.Volume(-VolumeStep)
		m.volUntil = m.now.Add(volumeShownFor)
	case "q", "Q":
		m.stopAsked = true
		m.c.Stop()
	case "ctrl+c":
		// The first Ctrl-C stops gently; another one, or one after q,
		// stops at once.
		m.ctrlC = true
		if m.stopAsked || m.snap.Stopping {
			cmd = m.abort()
		} else {
			m.stopAsked = true
			m.c.Stop()
		}
	}
	if d := m.opts.hintFor(); d > 0 {
		if until := m.now.Add(min(d, hintAgainFor)); until.After(m.hintUntil) {
			m.hintUntil = until
		}
	}
	m.poll()
	return cmd
}

// abort stops at once, and gives up waiting for the controller if it does
// not finish soon after.
func (m *model) abort() tea.Cmd {
	m.stopAsked, m.aborted = true, true
	m.c.Abort()
	return tea.Tick(abandonAfter, func(time.Time) tea.Msg { return abandonMsg{} })
}

// hintLevel is how visible the key hint is now: 0 gone, levels-1 full.
func (m *model) hintLevel() int {
	d := m.opts.hintFor()
	if d <= 0 {
		return 0
	}
	left := m.hintUntil.Sub(m.now)
	if left <= 0 {
		return 0
	}
	fade := min(1500*time.Millisecond, d/2)
	if left > fade {
		return levels - 1
	}
	return 1 + int(time.Duration(levels-2)*left/fade) // 1 … levels-2
}

// captionLevel is how visible the caption is now (it fades in and out over
// a few steps; with no colour it is simply shown).
func (m *model) captionLevel() int {
	if m.capText == "" {
		return 0
	}
	step := int(m.now.Sub(m.capFrom) / captionStep)
	if m.capFading {
		if m.opts.NoColor {
			return 0
		}
		return max(0, levels-2-step)
	}
	if m.opts.NoColor {
		return levels - 1
	}
	return min(levels-1, 1+step)
}

// View draws the screen, or returns the previous frame when nothing
// visible changed.
func (m *model) View() (v tea.View) {
	v.AltScreen = true
	defer func() {
		if r := recover(); r != nil {
			m.err = panicError(r)
			v.Content = ""
		}
	}()
	v.Content = strings.Join(m.frame(), "\n")
	return v
}

// frame is the screen's rows now, drawn again only when something visible
// changed.
func (m *model) frame() []string {
	k := m.frameKey()
	if !m.haveCached || k != m.lastKey {
		m.lastRows = drawRows(k, m.pal)
		m.lastKey, m.haveCached = k, true
		m.renders++
	}
	return m.lastRows
}

// frameKey is everything a frame shows, reduced to what can be seen: two
// snapshots with the same key draw the same frame.
type frameKey struct {
	w, h        int
	dark        bool
	title       string
	caption     string
	capLevel    int
	phase       string
	count       int
	radius      int   // the breathing shape's radius, in braille dots
	elapsed     int64 // whole seconds
	remaining   int64 // whole seconds, rounded up
	total       int64 // whole seconds
	status      string
	statusExtra string
	hint        int
}

func (m *model) frameKey() frameKey {
	s := m.snap
	k := frameKey{
		w: m.width, h: m.height, dark: m.dark,
		title: s.Title, phase: phaseWord(s.Phase),
		hint: m.hintLevel(),
	}
	if k.capLevel = m.captionLevel(); k.capLevel > 0 {
		k.caption = m.capText
	}
	if k.phase != "" {
		k.count = ceilSeconds(s.PhaseLeft)
	}
	m.shapeRows = 0
	if k.w >= fullMinCols && k.h >= fullMinRows {
		l := fullLayout(k.w, k.h, len(m.wrapped(k.caption, min(captionWidth, k.w-4))))
		if m.shapeRows = l.shapeRows; l.shapeRows > 0 {
			k.radius = shapeRadius(l.shapeRows, s.Breath)
		}
	}
	if s.Total > 0 {
		k.total = int64(s.Total / time.Second)
		k.elapsed = int64(min(s.Elapsed, s.Total) / time.Second)
		k.remaining = int64(ceilSeconds(s.Total - min(s.Elapsed, s.Total)))
	} else {
		k.elapsed = int64(max(0, s.Elapsed) / time.Second)
		k.remaining = -1
	}
	switch {
	case s.Stopping || m.stopAsked:
		k.status = "ending gently…"
		if m.ctrlC && !m.aborted {
			k.statusExtra = "ctrl+c again to stop now"
		}
	case m.now.Before(m.volUntil):
		k.status = "volume " + formatDB(s.VolumeDB, "−")
	case s.Paused:
		k.status = "paused"
		k.statusExtra = "space to continue"
	}
	return k
}

// wrapped is wrap(text, width), remembered for the next frame.
func (m *model) wrapped(text string, width int) []string {
	if text != m.wrapText || width != m.wrapWidth || m.wrapLines == nil {
		m.wrapText, m.wrapWidth, m.wrapLines = text, width, wrap(text, width)
	}
	return m.wrapLines
}

// breathOf clamps a Breath value to 0..1 (NaN counts as 0).
func breathOf(b float64) float64 {
	if !(b > 0) {
		return 0
	}
	return min(b, 1)
}

// formatDB writes a volume in whole decibels: "0 dB", "+2 dB", or minus
// and "4 dB".
func formatDB(db float64, minus string) string {
	r := math.Round(db)
	switch {
	case r > 0:
		return fmt.Sprintf("+%g dB", r)
	case r < 0:
		return fmt.Sprintf("%s%g dB", minus, -r)
	}
	return "0 dB"
}

// panicError turns a recovered panic into an error.
func panicError(r any) error {
	return &PanicError{Value: r, Stack: debug.Stack()}
}
