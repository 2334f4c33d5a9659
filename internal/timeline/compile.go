package timeline

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/exhale-audio/exhale/internal/script"
)

// point is a position on the schedule, with how it moves when the scale of
// pauses changes (slope: samples per unit of scale) and the last scalable
// item that moved it (-1 if none).
type point struct {
	pos   int64
	slope int64
	item  int
}

type compiler struct {
	sess      *script.Session
	lens      *lengths
	rate      int
	pace      float64 // applied to every pause and gap
	scale     float64 // applied to every pause, gap and `at` (fitting a length)
	adjust    map[int]int64
	lenient   bool // clamp an early `at` instead of reporting it (while fitting a length)
	items     int  // scalable items seen, in order
	cur       point
	prevEnd   int64 // where the previous step's action ended
	maxEnd    point
	events    []Event
	diags     []script.Diagnostic
	pendingID string
}

func newCompiler(s *script.Session, lens *lengths, rate int, pace, scale float64, adjust map[int]int64) *compiler {
	return &compiler{sess: s, lens: lens, rate: rate, pace: pace, scale: scale, adjust: adjust, cur: point{item: -1}, maxEnd: point{item: -1}}
}

func (c *compiler) run() { c.steps(c.sess.Steps) }

// scaled turns a base length into samples after scaling by mul, and
// returns the item number it was given.
func (c *compiler) scaled(base int64, mul float64) (int64, int) {
	id := c.items
	c.items++
	n := int64(math.Round(float64(base)*mul)) + c.adjust[id]
	return max(n, 0), id
}

// advance adds a pause or gap of base samples (before scaling).
func (c *compiler) advance(base int64) {
	n, id := c.scaled(base, c.pace*c.scale)
	c.cur.pos += n
	c.cur.slope += int64(math.Round(float64(base) * c.pace))
	c.cur.item = id
}

// fixed adds a length that no pace or scale changes.
func (c *compiler) fixed(n int64) { c.cur.pos += n }

func (c *compiler) toSamples(d time.Duration) int64 { return DurationToSamples(d, c.rate) }

func (c *compiler) errAt(pos script.Pos, format string, args ...any) {
	c.diags = append(c.diags, script.Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (c *compiler) emit(e Event) int {
	e.Index = len(c.events)
	if e.ID == "" && c.pendingID != "" && e.Kind != Inhale && e.Kind != Hold && e.Kind != Exhale && e.Kind != Rest {
		e.ID, c.pendingID = c.pendingID, ""
	}
	if e.Parent == 0 && e.Kind != Inhale && e.Kind != Hold && e.Kind != Exhale && e.Kind != Rest {
		e.Parent = -1
	}
	c.events = append(c.events, e)
	end := point{pos: e.End, slope: c.cur.slope, item: c.cur.item}
	if e.End > c.maxEnd.pos || (e.End == c.maxEnd.pos && c.maxEnd.item < 0) {
		c.maxEnd = end
	}
	return e.Index
}

func (c *compiler) steps(steps []script.Step) {
	for i := range steps {
		if len(c.events) > script.MaxEvents {
			return
		}
		c.step(&steps[i])
	}
}

func (c *compiler) step(st *script.Step) {
	if st.At != nil {
		base := c.toSamples(*st.At)
		n, id := c.scaled(base, c.scale)
		if n < c.prevEnd && !c.lenient {
			c.errAt(st.Pos, "`at: %s` starts before the previous step ends (at %s): move it later, or shorten what comes before",
				script.FormatDuration(SamplesToDuration(n, c.rate)), script.FormatDuration(SamplesToDuration(c.prevEnd, c.rate)))
		}
		if n >= c.prevEnd {
			c.cur = point{pos: n, slope: base, item: id}
		}
	}
	if st.ID != "" && (st.Kind == script.Repeat || st.Kind == script.Include) {
		c.pendingID = st.ID // given to the first event inside
	}
	start := c.cur.pos
	after := int64(-1) // base samples of the silence after the action; -1: none
	if st.After != nil {
		after = c.toSamples(*st.After)
	}
	switch st.Kind {
	case script.Say:
		sp, err := c.lens.speech(st)
		if err != nil {
			c.errAt(st.Pos, "%v", err)
			return
		}
		n := sp.Samples
		caption := st.Text
		if st.Caption != "" {
			caption = st.Caption
		}
		c.emit(Event{ID: st.ID, Kind: Say, Start: start, End: start + n, Caption: caption, StepPos: st.Pos, Text: st.Text,
			Estimated: sp.Estimated, Clip: sp.Clip, Speech: sp.Speech, VoiceGain: sp.GainDB, Volume: st.Volume})
		c.fixed(n)
		if after < 0 {
			after = c.toSamples(c.sess.Gap)
		}
	case script.Pause:
		c.advance(c.toSamples(st.Duration))
		c.emit(Event{ID: st.ID, Kind: Pause, Start: start, End: c.cur.pos, StepPos: st.Pos})
	case script.Breathe:
		c.breathe(st)
	case script.Bell:
		c.bell(st)
	case script.Play:
		n, err := c.lens.file(st.File)
		if err != nil {
			c.errAt(st.Pos, "`play`: %v", err)
			return
		}
		c.emit(Event{ID: st.ID, Kind: Play, Start: start, End: start + n, Caption: st.Caption, StepPos: st.Pos, File: st.File, Volume: st.Volume})
		c.fixed(n)
	case script.Repeat:
		for range st.Count {
			c.steps(st.Steps)
		}
	case script.Include:
		c.steps(st.Steps)
	}
	c.prevEnd = c.cur.pos
	if after > 0 {
		c.advance(after)
	}
}

func (c *compiler) bell(st *script.Step) {
	r := st.Ring
	snd := r.Sound
	if snd.Path == "" && snd.Name == "" {
		snd = c.sess.Bell
	}
	var ring, interval int64
	if snd.Path != "" {
		n, err := c.lens.file(snd.Path)
		if err != nil {
			c.errAt(st.Pos, "`bell`: %v", err)
			return
		}
		ring, interval = n, min(n, c.toSamples(fileBellInterval))
	} else {
		ring, interval = c.toSamples(BellRing[snd.Name]), c.toSamples(BellInterval[snd.Name])
	}
	start := c.cur.pos
	end := start + int64(r.Strikes-1)*interval + ring
	c.emit(Event{ID: st.ID, Kind: Bell, Start: start, End: end, Caption: st.Caption, StepPos: st.Pos, Sound: snd, File: snd.Path, Strikes: r.Strikes, Interval: interval, Volume: st.Volume})
	if !r.Overlap {
		c.fixed(end - start)
	}
}

var phaseKinds = map[script.Phase]Kind{script.Inhale: Inhale, script.Hold: Hold, script.Exhale: Exhale, script.Rest: Rest}

// PhaseCaption is the word shown for each breathing phase.
var PhaseCaption = map[Kind]string{Inhale: "breathe in", Hold: "hold", Exhale: "breathe out", Rest: "rest"}

func (c *compiler) breathe(st *script.Step) {
	b := st.Breath
	from := make([]int64, len(b.Pattern))
	to := make([]int64, len(b.Pattern))
	phases := make([]script.Phase, len(b.Pattern))
	for i, ph := range b.Pattern {
		from[i] = c.toSamples(ph.Length)
		to[i] = from[i]
		if b.To != nil {
			to[i] = c.toSamples(b.To[i].Length)
		}
		phases[i] = ph.Phase
	}
	cycles := b.Cycles
	if b.For > 0 {
		cycles = fitCycles(from, to, c.toSamples(b.For))
	}
	start := c.cur.pos
	parent := c.emit(Event{ID: st.ID, Kind: Breathe, Start: start, Caption: st.Caption, StepPos: st.Pos, Tone: b.Tone, Pattern: patternName(b), Phases: phases, CycleSize: cycles, Volume: st.Volume})
	pos := start
	for cy := 0; cy < cycles; cy++ {
		for i := range from {
			n := rampAt(from[i], to[i], cy, cycles)
			if n == 0 {
				continue
			}
			k := phaseKinds[b.Pattern[i].Phase]
			c.emit(Event{Kind: k, Start: pos, End: pos + n, Caption: PhaseCaption[k], StepPos: st.Pos, Parent: parent, Cycle: cy, Counted: cy < b.Count, Tone: b.Tone})
			pos += n
		}
	}
	c.events[parent].End = pos
	if pos > c.maxEnd.pos {
		c.maxEnd = point{pos: pos, slope: c.cur.slope, item: c.cur.item}
	}
	c.fixed(pos - start)
}

func patternName(b *script.Breathing) string {
	if b.To != nil {
		return b.Name + " → " + script.FormatPattern(b.To)
	}
	return b.Name
}

// rampAt is the length of one phase in cycle i of n, moving linearly from
// a (first cycle) to b (last cycle), rounded to the nearest sample.
func rampAt(a, b int64, i, n int) int64 {
	if n <= 1 || a == b {
		return a
	}
	num := (b - a) * int64(i)
	den := int64(n - 1)
	q := num / den
	r := num % den
	if 2*abs(r) >= den {
		if num < 0 {
			q--
		} else {
			q++
		}
	}
	return a + q
}

// cycleTotal is the length of n ramped cycles.
func cycleTotal(from, to []int64, n int) int64 {
	var t int64
	for cy := 0; cy < n; cy++ {
		for i := range from {
			t += rampAt(from[i], to[i], cy, n)
		}
	}
	return t
}

// fitCycles is the most whole cycles that fit in limit samples, at least one.
func fitCycles(from, to []int64, limit int64) int {
	var shortest int64 = math.MaxInt64
	for _, s := range [][]int64{from, to} {
		var t int64
		for _, x := range s {
			t += x
		}
		shortest = min(shortest, t)
	}
	hi := int(limit/max(shortest, 1)) + 1
	n := sort.Search(hi+1, func(n int) bool { return n > 0 && cycleTotal(from, to, n) > limit })
	return max(n-1, 1)
}
