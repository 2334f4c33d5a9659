// Package render is the one place where a compiled schedule becomes sound:
// voice and clips, the breathing guide, bells and the background, each at
// its layer's level, summed, and passed through a look-ahead limiter so
// that nothing clips.
//
// Every layer is a pure function of the sample position, except decoded
// clips, which are always played from their own start (and skipped ahead
// when a stream starts inside one). So a Stream started at position P
// gives, sample for sample, what a Stream from 0 gives from P on; that is
// what lets the player skip and go back, and what lets Render split a
// session into chunks rendered in parallel with output identical to a
// sequential render.
package render

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"sync"

	"github.com/exhale-audio/exhale/audio/synth"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

// Layer levels in dB relative to full scale (product.md, "Audio").
const (
	VoiceDB = 0.0
	// PhaseWordDB is the level of a counted phase word against the voice:
	// a little quieter, a cue rather than guidance.
	PhaseWordDB = -3.0
	ClipDB      = 0.0
)

// Timing of the soft edges, in seconds.
const (
	clipRamp       = 0.005 // every clip starts and ends with this ramp
	duckAttack     = 0.4   // the background starts lowering this long before the voice
	duckRelease    = 0.8   // and comes back over this long after it
	backgroundFade = 4.0   // the background fades in and out over this long
)

// Options tune a Renderer.
type Options struct {
	// VolumeDB is the master level, applied before the limiter.
	VolumeDB float64
	// Speech is the folder of synthesised speech that Say events name
	// (nil when none does).
	Speech fs.FS
	// PhaseWords are the sounds said at the start of counted breathing
	// phases (Event.Counted), by phase; a phase without one is silent.
	PhaseWords map[timeline.Kind]timeline.Spoken
}

// Renderer holds what every stream of one schedule shares: the schedule,
// the prepared sounds, and the decoded clips. It is safe for concurrent
// use by several Streams.
type Renderer struct {
	sched  *timeline.Schedule
	rate   int
	fsys   fs.FS
	master float64

	bg       synth.Background // nil when there is none
	bgGain   float64
	bgDucked float64 // the background's gain factor while the voice speaks
	voice    []span  // when the voice speaks (ducking), sorted

	breath synth.Background
	// breathReady is closed once breath is made (see prepare).
	breathReady chan struct{}
	phases      []phase // breathing phases with sound, sorted by start

	bells     []bellStrike // sorted by start
	bellSound map[script.Sound][][2]float32
	maxRing   int64 // the longest bell sound, in frames

	clips  []clipEvent // say with a sound, and play; sorted by start
	cache  *clipCache  // the script's folder
	speech *clipCache  // the speech folder
}

type span struct{ start, end int64 }

// phase is one breathing phase with its envelope: the guide's level goes
// from from to to across it.
type phase struct {
	start, end int64
	from, to   float64
	gain       float64
}

type bellStrike struct {
	start int64
	buf   [][2]float32
	gain  float64
}

type clipEvent struct {
	ev    timeline.Event
	path  string
	gain  float64
	cache *clipCache // where path is
}

// New prepares a schedule for rendering. Files named by the schedule are
// read from fsys, the script's folder.
func New(sched *timeline.Schedule, fsys fs.FS, opts Options) (*Renderer, error) {
	r := &Renderer{
		sched:     sched,
		rate:      sched.Rate,
		fsys:      fsys,
		master:    synth.Gain(opts.VolumeDB),
		bellSound: map[script.Sound][][2]float32{},
		cache:     newClipCache(fsys, sched.Rate),
	}
	if opts.Speech != nil {
		r.speech = newClipCache(opts.Speech, sched.Rate)
	}
	if err := r.prepare(); err != nil {
		return nil, err
	}
	for i := range sched.Events {
		e := &sched.Events[i]
		switch e.Kind {
		case timeline.Say:
			r.voice = append(r.voice, span{e.Start, e.End})
			gain := synth.Gain(level(e.Volume, VoiceDB) + e.VoiceGain)
			switch {
			case e.Clip != "":
				r.clips = append(r.clips, clipEvent{ev: *e, path: e.Clip, gain: gain, cache: r.cache})
			case e.Speech != "":
				if r.speech == nil {
					return nil, fmt.Errorf("render: the line %q has speech but no speech folder was given", e.Text)
				}
				r.clips = append(r.clips, clipEvent{ev: *e, path: e.Speech, gain: gain, cache: r.speech})
			}
		case timeline.Play:
			r.clips = append(r.clips, clipEvent{ev: *e, path: e.File, gain: synth.Gain(level(e.Volume, ClipDB)), cache: r.cache})
		case timeline.Inhale, timeline.Hold, timeline.Exhale, timeline.Rest:
			w, ok := opts.PhaseWords[e.Kind]
			if !e.Counted || !ok || w.Samples <= 0 {
				break
			}
			// The word, from the phase's start, never past its end.
			ev := *e
			ev.End = e.Start + min(w.Samples, e.End-e.Start)
			ev.Clip, ev.Speech = w.Clip, w.Speech
			ce := clipEvent{ev: ev, gain: synth.Gain(VoiceDB + w.GainDB + PhaseWordDB), cache: r.cache, path: w.Clip}
			if w.Speech != "" {
				if r.speech == nil {
					return nil, fmt.Errorf("render: the phase word %q has speech but no speech folder was given", e.Caption)
				}
				ce.cache, ce.path = r.speech, w.Speech
			}
			r.clips = append(r.clips, ce)
		case timeline.Bell:
			if err := r.addBell(e); err != nil {
				return nil, err
			}
		}
	}
	sort.SliceStable(r.bells, func(i, j int) bool { return r.bells[i].start < r.bells[j].start })
	for _, b := range r.bellSound {
		r.maxRing = max(r.maxRing, int64(len(b)))
	}
	sort.SliceStable(r.clips, func(i, j int) bool { return r.clips[i].ev.Start < r.clips[j].ev.Start })
	return r, nil
}

// Samples is the length of the session in frames.
func (r *Renderer) Samples() int64 { return r.sched.Samples }

// Rate is the engine's sample rate.
func (r *Renderer) Rate() int { return r.rate }

func level(v *float64, def float64) float64 {
	if v != nil {
		return *v
	}
	return def
}

// prepare makes what takes a moment to compute: the background's noise
// loops (the first time in a process) and the synthesized bells, side by
// side, before it returns; then the breath's loops, in the background,
// since a session seldom breathes in its first seconds: the streams wait
// for them only when they reach a breath. All of it is on the way to a
// live session's first sound.
func (r *Renderer) prepare() error {
	r.phases = breathPhases(r.sched)
	var wg sync.WaitGroup
	var bgErr error
	wg.Go(func() { bgErr = r.prepareBackground() })
	var bells []script.Sound
	for _, e := range r.sched.Events {
		if e.Kind == timeline.Bell && e.Sound.Path == "" && !slices.Contains(bells, e.Sound) {
			bells = append(bells, e.Sound)
		}
	}
	var mu sync.Mutex
	var bellErr error
	for _, snd := range bells {
		wg.Go(func() {
			ring := timeline.DurationToSamples(timeline.BellRing[snd.Name], r.rate)
			buf, err := synth.Bell(snd.Name, r.rate, int(ring))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				bellErr = errors.Join(bellErr, err)
				return
			}
			r.bellSound[snd] = buf
		})
	}
	wg.Wait()
	if err := errors.Join(bgErr, bellErr); err != nil {
		return err
	}
	r.breathReady = make(chan struct{})
	if len(r.phases) == 0 {
		close(r.breathReady)
		return nil
	}
	go func() {
		defer close(r.breathReady)
		r.breath = synth.NewBreath(r.rate)
	}()
	return nil
}

// Warm starts making, in the background, the synthesised sounds a
// session will need (a built-in background and bells), so that a
// Renderer made a moment later finds them ready: play calls it while the
// voice is prepared. The sounds are kept for the process; errors are left
// for New to report.
func Warm(bg script.Background, bells []script.Sound, rate int) {
	if !bg.Sound.IsNone() && bg.Sound.Path == "" {
		go synth.NewBackground(bg.Sound.Name, rate, bg.Carrier, bg.Beat)
	}
	for _, b := range bells {
		if b.Path != "" {
			continue
		}
		ring, ok := timeline.BellRing[b.Name]
		if !ok {
			continue
		}
		go synth.Bell(b.Name, rate, int(timeline.DurationToSamples(ring, rate)))
	}
}

func (r *Renderer) prepareBackground() error {
	bg := r.sched.Background
	switch {
	case bg.Sound.IsNone():
		return nil
	case bg.Sound.Path != "":
		loop, err := r.cache.loop(bg.Sound.Path)
		if err != nil {
			return fmt.Errorf("background %s: %w", bg.Sound.Path, err)
		}
		r.bg = loop
	default:
		b, err := synth.NewBackground(bg.Sound.Name, r.rate, bg.Carrier, bg.Beat)
		if err != nil {
			return err
		}
		r.bg = b
	}
	r.bgGain = synth.Gain(bg.Volume)
	r.bgDucked = synth.Gain(-bg.Duck)
	return nil
}

func (r *Renderer) addBell(e *timeline.Event) error {
	buf, ok := r.bellSound[e.Sound]
	if !ok {
		var err error
		if e.Sound.Path != "" {
			buf, err = r.cache.whole(e.Sound.Path)
			if err != nil {
				return positioned(e, "`bell`", e.Sound.Path, err)
			}
		}
		r.bellSound[e.Sound] = buf
	}
	gain := synth.Gain(level(e.Volume, script.DefaultBellDB))
	for k := 0; k < e.Strikes; k++ {
		r.bells = append(r.bells, bellStrike{start: e.Start + int64(k)*e.Interval, buf: buf, gain: gain})
	}
	return nil
}

// breathPhases gives each sounding phase its envelope: the guide swells
// through an in-breath (a double in-breath rises in two steps), stays on a
// hold, ebbs through the out-breath and is silent on a rest, so the level
// is continuous at every phase boundary.
func breathPhases(s *timeline.Schedule) []phase {
	var out []phase
	events := s.Events
	for i := 0; i < len(events); i++ {
		e := events[i]
		if e.Parent < 0 || !e.Tone {
			continue
		}
		prev := 0.0
		if n := len(out); n > 0 && out[n-1].end == e.Start {
			prev = out[n-1].to
		}
		gain := synth.Gain(level(events[e.Parent].Volume, script.DefaultBreathDB))
		p := phase{start: e.Start, end: e.End, from: prev, gain: gain}
		switch e.Kind {
		case timeline.Inhale:
			p.to = 1
			if i+1 < len(events) && events[i+1].Kind == timeline.Inhale && events[i+1].Parent == e.Parent {
				p.to = 0.7 // the first part of a double in-breath
			}
		case timeline.Hold:
			p.to = prev
		case timeline.Exhale, timeline.Rest:
			p.to = 0
		}
		out = append(out, p)
	}
	return out
}

// ClipError is a file named by a step that could not be played.
type ClipError struct {
	Pos  script.Pos
	What string // the step's key: `play`, `clip`, `bell`
	Path string
	Err  error
}

func (e *ClipError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s: %v", e.Pos.File, e.Pos.Line, e.Pos.Col, e.What, e.Path, e.Err)
}

func (e *ClipError) Unwrap() error { return e.Err }

// positioned makes an error about a file named by a step, at the step.
func positioned(e *timeline.Event, what, path string, err error) error {
	return &ClipError{Pos: e.StepPos, What: what, Path: path, Err: err}
}

// smoothTable samples synth.RaisedCosine for smooth, which the hot loops
// call once a frame: a table is several times faster than math.Cos, and,
// like it, a pure function of its argument.
var smoothTable = func() (t [4097]float64) {
	for i := range t {
		t[i] = synth.RaisedCosine(float64(i) / 4096)
	}
	return t
}()

// smooth is synth.RaisedCosine, interpolated from a table (error < 1e-7).
func smooth(x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	f := x * 4096
	i := int(f)
	return smoothTable[i] + (smoothTable[i+1]-smoothTable[i])*(f-float64(i))
}

// gainsConstant reports whether g is the same value everywhere.
func gainsConstant(g []float64) bool {
	for _, x := range g[1:] {
		if x != g[0] {
			return false
		}
	}
	return true
}
