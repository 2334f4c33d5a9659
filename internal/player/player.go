// Package player drives a rendered session in real time: pause and resume
// with a fade, skipping to the next step or back, volume, a gentle stop (a
// fade, then the script's closing steps) and an immediate one. It is a
// beep.Streamer that the sound device pulls, and it reports what is
// audible now (the position pulled minus the device's delay), so that the
// screen follows the sound, not the queue.
//
// Every change of sound is a fade: nothing ever cuts a sound mid-sample.
package player

import (
	"math"
	"sync"
	"time"

	"github.com/exhale-audio/exhale/internal/render"
	"github.com/exhale-audio/exhale/internal/timeline"
)

// Fade lengths.
const (
	PauseFade = 300 * time.Millisecond
	SeekFade  = 60 * time.Millisecond
	StopFade  = 3 * time.Second
	AbortFade = 50 * time.Millisecond
)

// Outcome is how playback ended.
type Outcome string

// Outcomes.
const (
	Completed   Outcome = "completed"
	Stopped     Outcome = "stopped"
	Interrupted Outcome = "interrupted"
)

// Delay tells how many frames the device has taken but not played yet.
type Delay interface {
	Delay() int64
}

// Attach tells the player the delay of the device pulling it, so that
// Audible can subtract it.
func (p *Player) Attach(d Delay) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.delay = d
}

// Player plays one schedule. Make one with New.
type Player struct {
	sched   *timeline.Schedule
	main    *render.Renderer
	closing *render.Renderer // nil when the script has no closing steps
	rate    int

	mu        sync.Mutex
	stream    *render.Stream
	pos       int64 // session position of the next frame pulled
	inClosing bool
	gain      float64 // the fade's gain now
	target    float64 // where the fade is going
	step      float64 // gain change per frame
	volume    float64 // master volume, linear, smoothed
	volTarget float64
	volumeDB  float64
	paused    bool
	stopping  bool
	outcome   Outcome
	pending   func() // what to do when a fade reaches silence
	finished  bool
	pulled    int64
	heard     int64 // frames of session (and closing) played, pauses not counted
	furthest  int64 // the furthest position of the main session played
	marks     []mark
	done      chan struct{}
	doneOnce  sync.Once
	err       error
	delay     Delay
}

// mark says which session position the device frame pulledAt came from.
type mark struct {
	pulledAt  int64
	pos       int64
	advancing bool
	closing   bool
}

const maxMarks = 1024

// New prepares a player for sched from position from. closing renders the
// script's closing steps (nil if none).
func New(sched *timeline.Schedule, main, closing *render.Renderer, from int64, volumeDB float64) *Player {
	p := &Player{
		sched:    sched,
		main:     main,
		closing:  closing,
		rate:     sched.Rate,
		pos:      from,
		gain:     0,
		target:   1,
		volumeDB: volumeDB,
		done:     make(chan struct{}),
	}
	p.volume = dbGain(volumeDB)
	p.volTarget = p.volume
	p.step = p.perFrame(SeekFade)
	p.stream = main.Stream(from)
	return p
}

func (p *Player) perFrame(d time.Duration) float64 {
	return 1 / max(1, d.Seconds()*float64(p.rate))
}

// Done is closed when playback has ended.
func (p *Player) Done() <-chan struct{} { return p.done }

// Outcome is how playback ended (once Done is closed).
func (p *Player) Outcome() Outcome {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.outcome
}

// Err reports a clip that failed while playing.
func (p *Player) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// Stream gives the device its next frames. It never blocks on anything but
// the player's own short lock.
func (p *Player) Stream(samples [][2]float64) (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		p.finish()
		return 0, false
	}
	n := 0
	for n < len(samples) && !p.finished {
		k := min(len(samples)-n, 512)
		chunk := samples[n : n+k]
		if p.paused && p.gain == 0 && p.pending == nil {
			clear(chunk)
			p.mark(false)
			p.pulled += int64(k)
			n += k
			continue
		}
		p.mark(true)
		got, ok := p.stream.Stream(chunk)
		if err := p.stream.Err(); err != nil && p.err == nil {
			p.err = err
		}
		acted := false
		for i := range chunk[:got] {
			if p.gain != p.target {
				if p.gain < p.target {
					p.gain = min(p.target, p.gain+p.step)
				} else {
					p.gain = max(p.target, p.gain-p.step)
				}
			}
			if p.volume != p.volTarget {
				d := p.volTarget - p.volume
				p.volume += d * 0.002 // smooth: about 10 ms
				if d*d < 1e-12 {
					p.volume = p.volTarget
				}
			}
			g := p.gain * p.volume
			chunk[i][0] *= g
			chunk[i][1] *= g
			if p.gain == 0 && p.target == 0 && p.pending != nil {
				// Silent now: do what waited for it (a seek, a stop). The
				// rest of this chunk stays silent.
				clear(chunk[i:])
				act := p.pending
				p.pending = nil
				act()
				acted = true
				break
			}
		}
		if acted {
			p.pulled += int64(k)
			n += k
			continue
		}
		p.pos += int64(got)
		p.heard += int64(got)
		if !p.inClosing {
			p.furthest = max(p.furthest, p.pos)
		}
		if !ok || got < k {
			// The stream ran out: give only what it had, so the session
			// lasts exactly its length.
			p.pulled += int64(got)
			n += got
			p.streamEnded()
			continue
		}
		p.pulled += int64(k)
		n += k
	}
	if p.finished {
		p.finish()
		if n == 0 {
			return 0, false
		}
	}
	return n, true
}

// mark records where the next pulled frame comes from.
func (p *Player) mark(advancing bool) {
	if m := len(p.marks); m > 0 {
		last := p.marks[m-1]
		if last.advancing == advancing && last.closing == p.inClosing && advancing && last.pos+(p.pulled-last.pulledAt) == p.pos {
			return // continues the last mark
		}
	}
	if len(p.marks) == maxMarks {
		copy(p.marks, p.marks[maxMarks/2:])
		p.marks = p.marks[:maxMarks/2]
	}
	p.marks = append(p.marks, mark{pulledAt: p.pulled, pos: p.pos, advancing: advancing, closing: p.inClosing})
}

// streamEnded moves on when the current stream runs out: after the session
// comes the end (or, after a gentle stop, the closing steps).
func (p *Player) streamEnded() {
	if p.inClosing || !p.stopping || p.closing == nil {
		if p.outcome == "" {
			p.outcome = Completed
		}
		p.finished = true
		return
	}
	p.startClosing()
}

func (p *Player) startClosing() {
	p.stream.Close()
	p.stream = p.closing.Stream(0)
	p.inClosing = true
	p.pos = 0
	p.paused = false
	p.target, p.step = 1, p.perFrame(SeekFade)
}

func (p *Player) finish() {
	p.doneOnce.Do(func() {
		p.stream.Close()
		close(p.done)
	})
}

// TogglePause fades out and holds, or fades back in.
func (p *Player) TogglePause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopping || p.finished {
		return
	}
	p.paused = !p.paused
	p.step = p.perFrame(PauseFade)
	p.target = 1
	if p.paused {
		p.target = 0
	}
}

// Paused reports whether playback is paused.
func (p *Player) Paused() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

// SeekTo fades out, moves to session position to, and fades in.
func (p *Player) SeekTo(to int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopping || p.finished || p.inClosing {
		return
	}
	to = max(0, min(to, p.sched.Samples-1))
	p.step, p.target = p.perFrame(SeekFade), 0
	p.pending = func() {
		p.stream.Close()
		p.stream = p.main.Stream(to)
		p.pos = to
		p.paused = false
		p.target = 1
	}
}

// Next skips to the start of the next step.
func (p *Player) Next() {
	pos := p.Audible()
	for _, e := range p.sched.Events {
		if e.Parent < 0 && e.Start > pos.Pos+int64(p.rate/10) && !pos.Closing {
			p.SeekTo(e.Start)
			return
		}
	}
}

// Back goes to the start of the current step, or to the previous step's
// start when the current one began less than 3 seconds ago.
func (p *Player) Back() {
	pos := p.Audible()
	if pos.Closing {
		return
	}
	var starts []int64
	for _, e := range p.sched.Events {
		if e.Parent < 0 && e.Start <= pos.Pos {
			starts = append(starts, e.Start)
		}
	}
	switch n := len(starts); {
	case n == 0:
		p.SeekTo(0)
	case pos.Pos-starts[n-1] < int64(3*p.rate) && n > 1:
		p.SeekTo(starts[n-2])
	default:
		p.SeekTo(starts[n-1])
	}
}

// Volume changes the live level by delta dB, between -40 and 0 dB: it
// only lowers what the renderer made (at --volume, under the limiter), so
// nothing it does can clip.
func (p *Player) Volume(delta float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.volumeDB = max(-40, min(0, p.volumeDB+delta))
	p.volTarget = dbGain(p.volumeDB)
}

// VolumeDB is the master level.
func (p *Player) VolumeDB() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.volumeDB
}

// Stop stops gently: a 3-second fade, then the closing steps if the script
// has them.
func (p *Player) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopping || p.finished {
		return
	}
	p.stopping = true
	p.outcome = Stopped
	p.step, p.target = p.perFrame(StopFade), 0
	if p.paused {
		// Already silent: go straight on.
		p.step = p.perFrame(AbortFade)
	}
	p.pending = func() {
		if p.closing != nil && !p.inClosing {
			p.startClosing()
			return
		}
		p.finished = true
	}
}

// Abort stops at once, with a fade of 50 ms so nothing clicks.
func (p *Player) Abort() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.stopping = true
	p.outcome = Interrupted
	p.step, p.target = p.perFrame(AbortFade), 0
	p.pending = func() { p.finished = true }
	if p.gain == 0 {
		p.finished = true
	}
}

// Kill ends playback at once, with no fade: for when nothing more can be
// heard (the device has gone), so there is nothing to fade. err, if not
// nil, is what Err reports from then on.
func (p *Player) Kill(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.done:
		return
	default:
	}
	// A player that has finished but not yet told its device (which would
	// close done) keeps the outcome it reached.
	if !p.finished {
		p.stopping, p.finished = true, true
		p.outcome = Interrupted
	}
	if err != nil && p.err == nil {
		p.err = err
	}
	p.finish()
}

// Practice is how much of the session was played: the time heard (the
// session and closing steps advancing; pauses, and the silence between a
// skip's fades, not counted) and the share of the main session reached.
// What the device still held when playback ended counts as heard.
func (p *Player) Practice() (heard time.Duration, share float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	heard = p.sched.Duration(p.heard)
	if p.sched.Samples > 0 {
		share = min(1, float64(p.furthest)/float64(p.sched.Samples))
	}
	return heard, share
}

// Stopping reports whether a gentle stop is under way.
func (p *Player) Stopping() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stopping
}

// Position is what is audible now.
type Position struct {
	Pos     int64 // session (or closing) position in frames
	Closing bool  // the closing steps are playing
}

// Audible returns the position that is being heard now: the frame the
// device pulled Delay frames ago, mapped back through the marks.
func (p *Player) Audible() Position {
	p.mu.Lock()
	defer p.mu.Unlock()
	heard := p.pulled
	if p.delay != nil {
		heard -= p.delay.Delay()
	}
	var m *mark
	for i := len(p.marks) - 1; i >= 0; i-- {
		if p.marks[i].pulledAt <= heard {
			m = &p.marks[i]
			break
		}
	}
	if m == nil {
		if len(p.marks) > 0 {
			return Position{Pos: p.marks[0].pos, Closing: p.marks[0].closing}
		}
		return Position{Pos: p.pos, Closing: p.inClosing}
	}
	pos := m.pos
	if m.advancing {
		pos += heard - m.pulledAt
	}
	return Position{Pos: pos, Closing: m.closing}
}

func dbGain(db float64) float64 { return math.Pow(10, db/20) }
