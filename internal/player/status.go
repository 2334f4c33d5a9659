package player

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

// Status is what the screen shows: the audible moment of the session.
type Status struct {
	Caption   string
	Phase     timeline.Kind // Inhale, Hold, Exhale, Rest, or "" outside breathing
	PhaseLeft time.Duration
	Breath    float64 // 0..1, the breathing shape's size
	Elapsed   time.Duration
	Total     time.Duration
	Event     int    // the latest event heard, -1 before the first
	EventLine string // how plain mode prints that event ("" for nothing)
	Closing   bool
}

// captionLinger is how long a caption stays after its sound ends, when no
// other caption follows.
const captionLinger = 8 * time.Second

// Status describes what is audible now.
func (p *Player) Status() Status {
	pos := p.Audible()
	events := p.sched.Events
	total := p.sched.Samples
	if pos.Closing {
		events = p.sched.Closing
		total = p.sched.ClosingSamples
	}
	st := Status{Event: -1, Closing: pos.Closing, Total: p.sched.Duration(total), Elapsed: p.sched.Duration(max(0, min(pos.Pos, total)))}
	linger := timeline.DurationToSamples(captionLinger, p.rate)
	// Events are sorted by start: the latest one heard, then back from it
	// to the latest caption and the phase that is sounding (a phase lasts
	// at most script.MaxPhase), so a poll does not walk the whole session.
	st.Event = sort.Search(len(events), func(i int) bool { return events[i].Start > pos.Pos }) - 1
	phaseFrom := pos.Pos - timeline.DurationToSamples(script.MaxPhase, p.rate)
	captionDone, phaseDone := false, false
	for i := st.Event; i >= 0 && !(captionDone && phaseDone); i-- {
		e := events[i]
		if !captionDone && e.Caption != "" && e.Parent < 0 {
			captionDone = true
			if pos.Pos < max(e.End, e.Start+2*int64(p.rate))+linger {
				st.Caption = e.Caption
			}
		}
		if !phaseDone && e.Parent >= 0 {
			phaseDone = true // the latest phase begun: sounding or over
			if pos.Pos < e.End {
				st.Phase = e.Kind
				st.PhaseLeft = p.sched.Duration(e.End - pos.Pos)
				st.Breath = breathLevel(events, i, pos.Pos)
			}
		}
		if e.Start < phaseFrom {
			phaseDone = true
		}
	}
	if st.Event >= 0 {
		st.EventLine = eventLine(events[st.Event], p.rate)
	}
	return st
}

// breathLevel is the breathing shape at pos inside phase event i: it grows
// through the in-breath (a double in-breath in two steps), holds, and
// shrinks through the out-breath, continuous at every boundary.
func breathLevel(events []timeline.Event, i int, pos int64) float64 {
	e := events[i]
	x := float64(pos-e.Start) / float64(max(1, e.End-e.Start))
	s := 0.5 - 0.5*cosPi(x)
	from, to := levelBefore(events, i), levelAfter(events, i)
	return from + (to-from)*s
}

// levelAfter is the shape's size at the end of phase event j.
func levelAfter(events []timeline.Event, j int) float64 {
	switch events[j].Kind {
	case timeline.Inhale:
		if j+1 < len(events) && events[j+1].Kind == timeline.Inhale && events[j+1].Parent == events[j].Parent {
			return 0.7
		}
		return 1
	case timeline.Hold:
		return levelBefore(events, j)
	}
	return 0
}

// levelBefore is the shape's size at the start of phase event i.
func levelBefore(events []timeline.Event, i int) float64 {
	if i > 0 && events[i-1].Parent == events[i].Parent && events[i-1].Parent >= 0 && events[i-1].End == events[i].Start {
		return levelAfter(events, i-1)
	}
	return 0
}

// eventLine is how plain mode prints an event.
func eventLine(e timeline.Event, rate int) string {
	secs := func() string {
		d := time.Duration(float64(e.End-e.Start) / float64(rate) * float64(time.Second)).Round(100 * time.Millisecond)
		return fmt.Sprint(d.Seconds()) + "s"
	}
	switch e.Kind {
	case timeline.Say:
		return e.Caption
	case timeline.Inhale:
		return "breathe in " + secs()
	case timeline.Hold:
		return "hold " + secs()
	case timeline.Exhale:
		return "breathe out " + secs()
	case timeline.Rest:
		return "rest " + secs()
	case timeline.Bell:
		if e.Caption != "" {
			return e.Caption
		}
		return "(bell)"
	case timeline.Breathe, timeline.Play:
		return e.Caption
	}
	return ""
}

func cosPi(x float64) float64 { return math.Cos(math.Pi * math.Max(0, math.Min(1, x))) }
