// Package timeline compiles a parsed session into an exact schedule: every
// event with its start and end as integer sample positions at one rate, its
// kind and its caption.
//
// It is pure and deterministic: the same session, lengths and options give
// the same schedule, to the sample, which is why it is golden-tested. It
// knows nothing of audio decoding or terminals; the lengths of spoken lines
// and audio files come from a Media the caller supplies. Durations are
// converted to samples once, here at the edge, and everything after counts
// in samples.
package timeline

import (
	"fmt"
	"math"
	"time"

	"github.com/exhale-audio/exhale/internal/script"
)

// DefaultRate is the engine's sample rate.
const DefaultRate = 48000

// Kind is what an event is.
type Kind string

// Event kinds. Breathing emits one Breathe event for the whole step and one
// event per phase of every cycle.
const (
	Say     Kind = "say"
	Pause   Kind = "pause"
	Breathe Kind = "breathe"
	Inhale  Kind = "inhale"
	Hold    Kind = "hold"
	Exhale  Kind = "exhale"
	Rest    Kind = "rest"
	Bell    Kind = "bell"
	Play    Kind = "play"
)

// Event is one scheduled happening. End is where the event's own sound (or
// silence, for a pause) ends; a pause or gap after it is not part of it.
type Event struct {
	Index   int
	ID      string
	Kind    Kind
	Start   int64
	End     int64
	Caption string
	StepPos script.Pos

	Text      string         // say: the line to speak
	Estimated bool           // say: the length is an estimate (no audio: captions only)
	Clip      string         // say: the recording of the line, a file of the script's folder, if there is one
	Speech    string         // say: the synthesised line, a file of the speech folder, if there is one
	VoiceGain float64        // say: dB that bring the line's sound to the voice's loudness
	File      string         // play: the file; bell: a bell file
	Sound     script.Sound   // bell: the sound
	Strikes   int            // bell: how many strikes
	Interval  int64          // bell: samples between strikes
	Volume    *float64       // dB, when the step sets it
	Parent    int            // phases: the index of their Breathe event; -1 otherwise
	Cycle     int            // phases: the cycle, from 0
	Counted   bool           // phases: the phase word is spoken
	Tone      bool           // breathe and phases: the breath sound plays
	Pattern   string         // breathe: the pattern as written
	Phases    []script.Phase // breathe: the phases of one cycle
	CycleSize int            // breathe: how many cycles
}

// Schedule is a compiled session.
type Schedule struct {
	Title          string
	Rate           int
	Samples        int64 // the whole session: the end of its last event
	Events         []Event
	Closing        []Event // played after a gentle stop, from 0
	ClosingSamples int64
	Estimated      bool // some spoken lengths are estimates
	Background     script.Background
	Pace           float64 // the factor applied to every pause and gap
}

// Duration converts a sample count at the schedule's rate to a duration.
func (s *Schedule) Duration(samples int64) time.Duration {
	return SamplesToDuration(samples, s.Rate)
}

// SamplesToDuration converts samples at rate to a duration, rounded to the
// nanosecond.
func SamplesToDuration(samples int64, rate int) time.Duration {
	sec := samples / int64(rate)
	rem := samples % int64(rate)
	return time.Duration(sec)*time.Second + time.Duration((rem*int64(time.Second)+int64(rate)/2)/int64(rate))
}

// DurationToSamples converts a duration to the nearest whole sample at rate.
func DurationToSamples(d time.Duration, rate int) int64 {
	sec := int64(d / time.Second)
	rem := int64(d % time.Second)
	return sec*int64(rate) + (rem*int64(rate)+int64(time.Second)/2)/int64(time.Second)
}

// Media gives the lengths of the sounds a session names.
type Media interface {
	// Speech returns the sound of a spoken line: its length in samples at
	// rate, and where it comes from.
	Speech(line SpokenLine, rate int) (Spoken, error)
	// File returns the exact length of an audio file of the script's folder,
	// in frames at the file's own rate, and that rate.
	File(path string) (frames int64, rate int, err error)
}

// SpokenLine is what Media needs to know of a `say` step.
type SpokenLine struct {
	Text  string
	Clip  string // a recorded file named by the step, or ""
	ID    string
	Voice script.Voice
}

// Spoken is the sound of a spoken line.
type Spoken struct {
	Samples   int64   // the length at the schedule's rate
	Estimated bool    // no audio (captions only): Samples is a reading time
	Clip      string  // a recording: a file of the script's folder, or ""
	Speech    string  // synthesised speech: a file of the speech folder, or ""
	GainDB    float64 // brings the sound to the voice's loudness
}

// Options tune compilation.
type Options struct {
	Rate   int           // samples per second; 0 means DefaultRate
	Pace   float64       // multiplies every pause and gap; 0 means 1
	Length time.Duration // when set, pauses, gaps and `at` times are scaled so the session lasts exactly this
}

// Built-in bell timings. The synthesiser renders exactly these lengths.
var (
	BellRing     = map[string]time.Duration{"bowl": 7 * time.Second, "chime": 4 * time.Second}
	BellInterval = map[string]time.Duration{"bowl": 4500 * time.Millisecond, "chime": 2500 * time.Millisecond}
)

// fileBellInterval is the time between strikes of a bell given as a file
// (or the file's length, if shorter).
const fileBellInterval = 4500 * time.Millisecond

// MaxRate is the highest sample rate the timeline accepts.
const MaxRate = 192000

// Compile turns a session into a schedule. Problems that depend on lengths
// (an `at` earlier than the previous step's end, a session over 12 hours,
// an impossible --length) are returned as script.Errors at the step's
// position.
func Compile(s *script.Session, media Media, opts Options) (*Schedule, error) {
	if opts.Rate == 0 {
		opts.Rate = DefaultRate
	}
	if opts.Rate < 8000 || opts.Rate > MaxRate {
		return nil, fmt.Errorf("sample rate %d is out of range: use 8000 to %d", opts.Rate, MaxRate)
	}
	if opts.Pace == 0 {
		opts.Pace = 1
	}
	if opts.Pace < 0.1 || opts.Pace > 10 || math.IsNaN(opts.Pace) {
		return nil, fmt.Errorf("pace %g is out of range: use 0.1 to 10", opts.Pace)
	}
	if opts.Length < 0 {
		return nil, fmt.Errorf("length cannot be negative")
	}
	if opts.Length > script.MaxSession {
		return nil, fmt.Errorf("length %s is longer than a session may last (%s)", script.FormatDuration(opts.Length), script.FormatDuration(script.MaxSession))
	}
	lens := &lengths{media: media, rate: opts.Rate, voice: s.Voice, say: map[string]Spoken{}, files: map[string]int64{}}
	var c *compiler
	var err error
	if opts.Length > 0 {
		c, err = fitLength(s, lens, opts)
	} else {
		c = newCompiler(s, lens, opts.Rate, opts.Pace, 1, nil)
		c.run()
	}
	if err != nil {
		return nil, err
	}
	if len(c.diags) > 0 {
		return nil, script.Errors(c.diags)
	}
	sched := &Schedule{
		Title:      s.Title,
		Rate:       opts.Rate,
		Samples:    c.maxEnd.pos,
		Events:     c.events,
		Estimated:  lens.estimated,
		Background: s.Background,
		Pace:       opts.Pace,
	}
	if limit := DurationToSamples(script.MaxSession, opts.Rate); sched.Samples > limit {
		return nil, script.Errors{{Pos: s.StepsPos, Msg: fmt.Sprintf("the session lasts %s, longer than %s: shorten it or split it in two", script.FormatDuration(sched.Duration(sched.Samples)), script.FormatDuration(script.MaxSession))}}
	}
	// The closing steps play after a gentle stop, on their own clock.
	cl := newCompiler(s, lens, opts.Rate, opts.Pace, 1, nil)
	cl.steps(s.Closing)
	if len(cl.diags) > 0 {
		return nil, script.Errors(cl.diags)
	}
	sched.Closing, sched.ClosingSamples = cl.events, cl.maxEnd.pos
	sched.Estimated = lens.estimated
	return sched, nil
}

// fitLength finds the scale of pauses, gaps and `at` times that makes the
// session last exactly opts.Length. The length is piecewise linear in the
// scale, so Newton's method lands on the right piece in a few steps; the
// rounding of each scaled item leaves a few samples over, which are given
// to the last item that moves the end.
func fitLength(s *script.Session, lens *lengths, opts Options) (*compiler, error) {
	want := DurationToSamples(opts.Length, opts.Rate)
	compile := func(scale float64, adjust map[int]int64) *compiler {
		c := newCompiler(s, lens, opts.Rate, opts.Pace, scale, adjust)
		c.lenient = true
		c.run()
		return c
	}
	if c := compile(0, nil); len(c.diags) > 0 {
		return c, nil
	} else if c.maxEnd.pos > want {
		return nil, fmt.Errorf("--length %s is too short: the speech, breathing, bells and clips alone last %s", script.FormatDuration(opts.Length), script.FormatDuration(SamplesToDuration(c.maxEnd.pos, opts.Rate)))
	}
	scale := 1.0
	var c *compiler
	for range 30 {
		c = compile(scale, nil)
		diff := want - c.maxEnd.pos
		if diff == 0 || (abs(diff) <= int64(c.items)+1 && c.maxEnd.slope > 0) {
			break
		}
		if c.maxEnd.slope == 0 {
			return nil, fmt.Errorf("--length cannot stretch this session: it has no pause, gap or `at` time before its end")
		}
		next := scale + float64(diff)/float64(c.maxEnd.slope)
		if next < 0 {
			next = scale / 2
		}
		scale = next
	}
	adjust := map[int]int64{}
	for range 4 {
		c = compile(scale, adjust)
		diff := want - c.maxEnd.pos
		if diff == 0 {
			c = newCompiler(s, lens, opts.Rate, opts.Pace, scale, adjust)
			c.run() // strict this time: `at` order is checked
			return c, nil
		}
		if c.maxEnd.item < 0 {
			break
		}
		adjust[c.maxEnd.item] += diff
	}
	return nil, fmt.Errorf("--length %s cannot be met to the sample for this session", script.FormatDuration(opts.Length))
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
