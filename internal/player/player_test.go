package player_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/gopxl/beep/v2"

	"github.com/exhale-audio/exhale/audio/streamtest"
	"github.com/exhale-audio/exhale/internal/player"
	"github.com/exhale-audio/exhale/internal/render"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

const rate = 48000

// schedule is a session of a long bell (steady enough to see fades) at
// -10 dB, then a second step, with a closing bell.
func schedule() *timeline.Schedule {
	bell := func(start int64) timeline.Event {
		return timeline.Event{Kind: timeline.Bell, Start: start, End: start + 7*rate, Sound: script.Sound{Name: "bowl"}, Strikes: 1, Interval: 4 * rate, Parent: -1}
	}
	s := &timeline.Schedule{Title: "T", Rate: rate, Samples: 20 * rate, Background: script.Background{Sound: script.Sound{Name: "pink-noise"}, Volume: -20, Duck: 6}}
	s.Events = []timeline.Event{bell(0), bell(10 * rate)}
	for i := range s.Events {
		s.Events[i].Index = i
	}
	s.Closing = []timeline.Event{bell(0)}
	s.ClosingSamples = 7 * rate
	return s
}

func newPlayer(t *testing.T) *player.Player {
	t.Helper()
	s := schedule()
	main, err := render.New(s, nil, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs := &timeline.Schedule{Title: "T", Rate: rate, Samples: s.ClosingSamples, Events: s.Closing, Background: script.Background{Sound: script.Sound{Name: "none"}}}
	closing, err := render.New(cs, nil, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return player.New(s, main, closing, 0, 0)
}

func pull(p *player.Player, frames int) [][2]float64 {
	out := make([][2]float64, frames)
	done := 0
	for done < frames {
		n, ok := p.Stream(out[done:min(frames, done+960)])
		done += n
		if !ok {
			break
		}
	}
	return out[:done]
}

// maxStep is the largest change between neighbouring frames.
func maxStep(x [][2]float64) float64 {
	m := 0.0
	for i := 1; i < len(x); i++ {
		m = max(m, math.Abs(x[i][0]-x[i-1][0]), math.Abs(x[i][1]-x[i-1][1]))
	}
	return m
}

func rms(x [][2]float64) float64 {
	s := 0.0
	for _, f := range x {
		s += f[0]*f[0] + f[1]*f[1]
	}
	return math.Sqrt(s / float64(2*max(1, len(x))))
}

func TestContract(t *testing.T) {
	streamtest.Contract(t, "player", func() beep.Streamer { return newPlayer(t) }, int(schedule().Samples))
}

func TestPlaysToTheEnd(t *testing.T) {
	p := newPlayer(t)
	out := pull(p, 30*rate)
	if len(out) != 20*rate {
		t.Fatalf("played %d frames, want the session's %d", len(out), 20*rate)
	}
	select {
	case <-p.Done():
	default:
		t.Fatal("not done after the session's end")
	}
	if p.Outcome() != player.Completed {
		t.Errorf("outcome %s", p.Outcome())
	}
}

func TestPauseFades(t *testing.T) {
	p := newPlayer(t)
	pull(p, rate)
	p.TogglePause()
	fade := pull(p, rate/2)
	held := pull(p, rate)
	if rms(held) != 0 {
		t.Errorf("paused, the output is not silent (rms %g)", rms(held))
	}
	if s := maxStep(fade); s > 0.02 {
		t.Errorf("the pause jumps by %.4f between frames", s)
	}
	if a := p.Audible().Pos; a < rate || a > rate+rate/2 {
		t.Errorf("paused at %d, want about one second in", a)
	}
	p.TogglePause()
	back := pull(p, rate)
	if rms(back[rate/2:]) == 0 || maxStep(back) > 0.02 {
		t.Errorf("resume: rms %g, step %.4f", rms(back[rate/2:]), maxStep(back))
	}
}

func TestSeekFadesAndMoves(t *testing.T) {
	p := newPlayer(t)
	// The largest step the session itself makes (its bells' attacks,
	// unfaded): a skip must make none larger, as a cut would.
	r, err := render.New(schedule(), nil, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := r.Stream(0)
	whole := make([][2]float64, 12*rate)
	st.Stream(whole)
	normal := maxStep(whole)
	pull(p, rate)
	p.Next() // to the second bell at 10 s
	out := pull(p, rate/2)
	if s := maxStep(out); s > normal {
		t.Errorf("the skip jumps by %.4f between frames, more than the bell itself (%.4f)", s, normal)
	}
	if a := p.Audible().Pos; a < 10*rate || a > 11*rate {
		t.Errorf("after next, audible at %d, want just after %d", a, 10*rate)
	}
	p.Back() // less than 3 s into it: the first bell
	pull(p, rate/10)
	if a := p.Audible().Pos; a > rate {
		t.Errorf("after back, audible at %d, want the start", a)
	}
}

func TestGentleStopPlaysClosing(t *testing.T) {
	p := newPlayer(t)
	pull(p, rate)
	p.Stop()
	fade := pull(p, 3*rate)
	if s := maxStep(fade); s > 0.02 {
		t.Errorf("the stop jumps by %.4f", s)
	}
	rest := pull(p, 20*rate)
	if !p.Audible().Closing {
		t.Error("the closing steps did not play")
	}
	if len(rest) < 6*rate || len(rest) > 8*rate {
		t.Errorf("after the fade %d frames played, want the 7 s closing bell", len(rest))
	}
	<-p.Done()
	if p.Outcome() != player.Stopped {
		t.Errorf("outcome %s, want stopped", p.Outcome())
	}
}

func TestAbort(t *testing.T) {
	p := newPlayer(t)
	pull(p, rate)
	p.Abort()
	out := pull(p, rate)
	if len(out) > rate/10 {
		t.Errorf("%d frames after an abort, want about 50 ms", len(out))
	}
	<-p.Done()
	if p.Outcome() != player.Interrupted {
		t.Errorf("outcome %s", p.Outcome())
	}
}

// TestKill: a player whose device has gone ends at once, with no more
// pulls (an abort waits for its fade to be pulled, which a dead device
// never does), and keeps the reason; a player already done is left as it
// was.
func TestKill(t *testing.T) {
	lost := errors.New("device gone")
	for _, c := range []struct {
		name    string
		before  func(p *player.Player)
		outcome player.Outcome
		err     error
	}{
		{"playing", func(p *player.Player) { pull(p, rate) }, player.Interrupted, lost},
		{"after an abort", func(p *player.Player) { pull(p, rate); p.Abort() }, player.Interrupted, lost},
		{"paused, then aborted", func(p *player.Player) { pull(p, rate); p.TogglePause(); pull(p, rate); p.Abort() }, player.Interrupted, lost},
		{"after done", func(p *player.Player) { pull(p, 21*rate) }, player.Completed, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newPlayer(t)
			c.before(p)
			p.Kill(lost)
			select {
			case <-p.Done():
			default:
				t.Fatal("not done after Kill")
			}
			if p.Outcome() != c.outcome || !errors.Is(p.Err(), c.err) || (c.err == nil && p.Err() != nil) {
				t.Errorf("outcome %s, err %v; want %s, %v", p.Outcome(), p.Err(), c.outcome, c.err)
			}
			if n, ok := p.Stream(make([][2]float64, 960)); n != 0 || ok {
				t.Errorf("Stream after Kill gave %d frames, %v", n, ok)
			}
		})
	}
}

type fixedDelay int64

func (d fixedDelay) Delay() int64 { return int64(d) }

func TestAudibleFollowsTheDelay(t *testing.T) {
	p := newPlayer(t)
	p.Attach(fixedDelay(4800))
	pull(p, 2*rate)
	if a := p.Audible().Pos; a != 2*rate-4800 {
		t.Errorf("audible %d, want %d (pulled minus the delay)", a, 2*rate-4800)
	}
}

func TestVolume(t *testing.T) {
	// Steady noise alone, so that levels compare.
	s := &timeline.Schedule{Title: "T", Rate: rate, Samples: 20 * rate, Background: script.Background{Sound: script.Sound{Name: "pink-noise"}, Volume: -20},
		Events: []timeline.Event{{Kind: timeline.Pause, Start: 0, End: 20 * rate, Parent: -1}}}
	main, err := render.New(s, nil, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := player.New(s, main, nil, 5*rate, 0)
	loud := rms(pull(p, rate)[rate/2:])
	p.Volume(-6)
	pull(p, rate/2)
	soft := rms(pull(p, rate/2))
	if got := 20 * math.Log10(soft/loud); got > -4 || got < -8 {
		t.Errorf("volume -6 dB changed the level by %.1f dB", got)
	}
	p.Volume(+20)
	if p.VolumeDB() != 0 {
		t.Errorf("volume went to %g dB, want it capped at 0", p.VolumeDB())
	}
}

// TestStatus: what the screen is told at moments of a session: the
// caption while and after its line, the phase with its count and the
// breathing shape, and plain mode's line.
func TestStatus(t *testing.T) {
	ev := func(k timeline.Kind, start, end float64, caption string, parent int) timeline.Event {
		return timeline.Event{Kind: k, Start: int64(start * rate), End: int64(end * rate), Caption: caption, Parent: parent}
	}
	s := &timeline.Schedule{Title: "T", Rate: rate, Samples: 60 * rate, Background: script.Background{Sound: script.Sound{Name: "none"}}}
	s.Events = []timeline.Event{
		ev(timeline.Say, 0, 3, "Welcome.", -1),
		ev(timeline.Breathe, 5, 15, "", -1),
		ev(timeline.Inhale, 5, 9, "breathe in", 1),
		ev(timeline.Exhale, 9, 15, "breathe out", 1),
		ev(timeline.Pause, 15, 60, "", -1),
	}
	main, err := render.New(s, nil, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := player.New(s, main, nil, 0, 0)
	p.Attach(fixedDelay(0))
	tests := []struct {
		at      float64
		caption string
		phase   timeline.Kind
		left    float64
		breath  float64 // -1: don't care
		line    string
	}{
		{1, "Welcome.", "", 0, 0, "Welcome."},
		{7, "Welcome.", timeline.Inhale, 2, 0.5, "breathe in 4s"}, // half-way in: half size
		{9.5, "Welcome.", timeline.Exhale, 5.5, -1, "breathe out 6s"},
		{14, "", timeline.Exhale, 1, -1, "breathe out 6s"}, // the caption has gone 8 s after its line
		{20, "", "", 0, 0, ""},
	}
	for _, tt := range tests {
		pull(p, int(int64(tt.at*rate)-p.Audible().Pos))
		st := p.Status()
		if st.Caption != tt.caption || st.Phase != tt.phase || st.EventLine != tt.line {
			t.Errorf("at %gs: caption %q, phase %q, line %q; want %q, %q, %q", tt.at, st.Caption, st.Phase, st.EventLine, tt.caption, tt.phase, tt.line)
		}
		if math.Abs(st.PhaseLeft.Seconds()-tt.left) > 0.01 {
			t.Errorf("at %gs: %v left in the phase, want %gs", tt.at, st.PhaseLeft, tt.left)
		}
		if tt.breath >= 0 && math.Abs(st.Breath-tt.breath) > 0.01 {
			t.Errorf("at %gs: breathing shape %.3f, want %.3f", tt.at, st.Breath, tt.breath)
		}
	}
}

// TestPractice: the time heard leaves out a pause; the share is of the
// main session reached.
func TestPractice(t *testing.T) {
	p := newPlayer(t)
	pull(p, 2*rate)
	p.TogglePause()
	pull(p, 3*rate) // the fade, then silence
	p.TogglePause()
	pull(p, 2*rate)
	heard, share := p.Practice()
	// 4 s of session, give or take the two 300 ms fades (the frames of a
	// fade-out still advance the session).
	if heard < 3900*time.Millisecond || heard > 4700*time.Millisecond {
		t.Errorf("heard %v, want about 4 s (a 3 s pause left out)", heard)
	}
	if want := heard.Seconds() / 20; share < want-0.01 || share > want+0.01 {
		t.Errorf("share %.3f, want %.3f of the 20 s session", share, want)
	}
	pull(p, 30*rate)
	if _, share := p.Practice(); share != 1 {
		t.Errorf("share %.3f after the end, want 1", share)
	}
}
