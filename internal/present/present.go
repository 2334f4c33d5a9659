package present

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Snapshot is what is audible now, as the player reports it (already
// compensated for the output's latency).
type Snapshot struct {
	Title   string
	Caption string // the current spoken line or captioned step ("" in silence)

	// Phase is "inhale", "hold", "exhale", "rest", or "" when not breathing.
	Phase string
	// PhaseLeft is the time left in the current phase; the screen counts it
	// down in whole seconds, rounded up.
	PhaseLeft time.Duration
	// Breath is the size of the breathing shape, 0 (empty lungs) to 1
	// (full). The player computes it smoothly from the phases; the screen
	// draws it as given.
	Breath float64

	Elapsed, Total time.Duration

	Paused   bool
	Stopping bool // a gentle stop (fade, closing steps) is under way
	VolumeDB float64

	// Event is the index of the current event; it changes when a new event
	// becomes audible, and is -1 before the first.
	Event int
	// EventLine is how plain mode prints the current event: its caption,
	// or "breathe in 4s", "hold 7s", "bell" and so on; "" prints nothing.
	EventLine string

	Done bool // playback has finished (normally or by a stop)
}

// Controller is the player, seen from the screen. Its methods are called
// from the screen's own goroutine and must not block for long.
type Controller interface {
	// Snapshot reports what is audible now.
	Snapshot() Snapshot
	// TogglePause pauses or resumes (space).
	TogglePause()
	// Next skips to the next step (→ or n).
	Next()
	// Back goes back a step (← or b).
	Back()
	// Volume changes the volume by deltaDB decibels (+ and = up, - down,
	// by VolumeStep).
	Volume(deltaDB float64)
	// Stop starts a gentle stop: a fade, then the closing steps (q, and the
	// first Ctrl-C).
	Stop()
	// Abort stops at once (the second Ctrl-C); the player still fades for a
	// few milliseconds so that nothing clicks.
	Abort()
	// Done is closed when playback has ended.
	Done() <-chan struct{}
}

// Paced is a Controller that says when what is audible may have changed:
// Pulses gives a value each time the sound output has taken more sound.
// The screens then poll in step with the sound instead of on timers of
// their own, so that the process wakes up no more often than the sound
// makes it (each wake-up costs far more than the little work done in it).
type Paced interface {
	Pulses() <-chan struct{}
}

// pulses is c's Pulses, or nil.
func pulses(c Controller) <-chan struct{} {
	if p, ok := c.(Paced); ok {
		return p.Pulses()
	}
	return nil
}

// pacedFallback is how often a paced screen polls anyway, in case the
// sound stops asking.
const pacedFallback = time.Second

// VolumeStep is the volume change of one key press, in decibels.
const VolumeStep = 2.0

// DefaultHintFor is how long the key hint stays when Options.HintFor is zero.
const DefaultHintFor = 6 * time.Second

// Options tune the full-screen views.
type Options struct {
	// NoColor draws without colours (the NO_COLOR convention): text
	// attributes such as bold and faint remain, colour codes never appear.
	NoColor bool
	// HintFor is how long the key hint is shown at the start before it
	// fades away; any key brings it back for a shorter while. Zero means
	// DefaultHintFor; a negative value never shows the hint.
	HintFor time.Duration
}

func (o Options) hintFor() time.Duration {
	if o.HintFor == 0 {
		return DefaultHintFor
	}
	return o.HintFor
}

// ErrDeclined is returned by NoticeFullScreen when the listener leaves
// (q or Ctrl-C) instead of beginning.
var ErrDeclined = errors.New("declined at the notice")

// ErrAbandoned is returned by FullScreen when the listener asked to stop at
// once (or the process was told to terminate) and the controller still had
// not reported done a little later. The player may still be running.
var ErrAbandoned = errors.New("the player did not stop when asked")

// PanicError is returned when the screen itself panicked (a bug): the
// terminal has been restored, and the message is one line; Stack is there
// for a debugging report.
type PanicError struct {
	Value any    // what was passed to panic
	Stack []byte // the goroutine's stack where it was recovered
}

// Error says that the screen failed, and the panic's value.
func (e *PanicError) Error() string { return fmt.Sprintf("present: the screen failed: %v", e.Value) }

// clock formats a position as "mm:ss", or "h:mm:ss" from an hour on.
// Negative durations count as zero; fractions of a second are dropped.
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// ceilSeconds is d in whole seconds, rounded up (the breathing count).
func ceilSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Second - 1) / time.Second)
}

// clean makes script text safe to print: it drops control characters
// (C0, DEL, C1: escape sequences among them) and invalid UTF-8, turns tabs
// into spaces, and keeps line breaks only when keepLines is set (otherwise
// they become spaces). Runs of spaces are kept; leading and trailing space
// is trimmed.
func clean(s string, keepLines bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			if keepLines {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r == '\r':
			// dropped: "\r\n" is a line break already
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			// control characters, escape sequences' introducers among them
		case r == '\uFFFD':
			b.WriteRune(r) // invalid UTF-8 shows as the replacement character
		case r >= 0x200e && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			// bidirectional controls: they can reorder the rest of the line
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// phaseWord is what the screen says for a breathing phase.
func phaseWord(phase string) string {
	switch phase {
	case "inhale":
		return "breathe in"
	case "hold":
		return "hold"
	case "exhale":
		return "breathe out"
	case "rest":
		return "rest"
	}
	return ""
}

func secondsDuration(s int64) time.Duration { return time.Duration(s) * time.Second }
