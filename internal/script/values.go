package script

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a duration as scripts and the command line write it:
// a Go-style string ("500ms", "8s", "2m30s", "1h"; spaces allowed, as in
// "8 s") or a plain number of seconds ("5.5"). It does not judge the sign.
func ParseDuration(s string) (time.Duration, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if t == "" {
		return 0, fmt.Errorf("empty duration: write it like 8s, 2m30s or 5.5")
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil {
		if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > MaxSession.Seconds()*1000 {
			return 0, fmt.Errorf("duration %q is out of range", s)
		}
		return time.Duration(math.Round(f * float64(time.Second))), nil
	}
	d, err := time.ParseDuration(t)
	if err != nil {
		if strings.Contains(err.Error(), "invalid duration") && !strings.ContainsAny(t, "0123456789") {
			return 0, fmt.Errorf("%q is not a duration: write it like 8s, 2m30s or 5.5", s)
		}
		if strings.Contains(err.Error(), "overflow") {
			return 0, fmt.Errorf("duration %q is out of range", s)
		}
		return 0, fmt.Errorf("%q is not a duration: write it like 8s, 2m30s or 5.5", s)
	}
	return d, nil
}

// FormatDuration writes d compactly for people: "7s", "1m4s", "2m30.5s",
// "1h2m". Sub-second parts are kept to the millisecond.
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	neg := d < 0
	if neg {
		d = -d
	}
	d = d.Round(time.Millisecond)
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	d -= m * time.Minute
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if d > 0 {
		sec, ms := d/time.Second, (d%time.Second)/time.Millisecond
		if ms == 0 {
			fmt.Fprintf(&b, "%ds", sec)
		} else {
			fmt.Fprintf(&b, "%d.%ss", sec, strings.TrimRight(fmt.Sprintf("%03d", ms), "0"))
		}
	}
	return b.String()
}

// MaxGainDB is the highest level a script may ask for.
const MaxGainDB = 6

// MinLevelDB is the lowest level a script may write; anything quieter is
// written as silence (`none`) instead.
const MinLevelDB = -96

// ParseLevel reads a level in decibels: "-26dB", "-6 dB", "0dB", or a plain
// number. Levels above +6 dB and below -96 dB are errors.
func ParseLevel(s string) (float64, error) {
	f, err := ParseDecibels(s)
	if err != nil {
		return 0, err
	}
	t := strings.TrimSpace(s)
	if f > MaxGainDB {
		return 0, fmt.Errorf("level %s is too loud: at most +%ddB", t, MaxGainDB)
	}
	if f < MinLevelDB {
		return 0, fmt.Errorf("level %s is below %ddB: leave the sound out instead", t, MinLevelDB)
	}
	return f, nil
}

// ParseDecibels reads a number of decibels, "-6dB", "6 dB" or "6", without
// judging its range.
func ParseDecibels(s string) (float64, error) {
	num := strings.TrimSpace(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "db"))
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a level: write it in decibels, like -12dB", s)
	}
	return f, nil
}

// MaxDuckDB is the most the background may be lowered under the voice.
const MaxDuckDB = 40

// Breathing presets: each is one cycle.
var presets = map[string][]PhaseLen{
	"box":      pattern(4, 4, 4, 4),
	"4-7-8":    pattern(4, 7, 8, 0),
	"coherent": pattern(5.5, 0, 5.5, 0),
	"relax":    pattern(4, 0, 6, 0),
	"sigh": {
		{Inhale, 2 * time.Second},
		{Inhale, 1 * time.Second},
		{Exhale, 6 * time.Second},
	},
}

// PresetNames lists the breathing presets.
func PresetNames() []string {
	return []string{"box", "4-7-8", "coherent", "relax", "sigh"}
}

func pattern(in, hold, out, rest float64) []PhaseLen {
	sec := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	return []PhaseLen{{Inhale, sec(in)}, {Hold, sec(hold)}, {Exhale, sec(out)}, {Rest, sec(rest)}}
}

// MinCycle is the shortest breathing cycle a script may ask for.
const MinCycle = time.Second

// MaxPhase is the longest a single breathing phase may last.
const MaxPhase = 60 * time.Second

// ParsePattern reads a breathing pattern: a preset name, or seconds joined
// by dashes: "4-6" (in, out), "4-7-8" (in, hold, out) or "4-4-4-4" (in,
// hold, out, rest). The result always has the four phases in order, except
// for the `sigh` preset.
func ParsePattern(s string) ([]PhaseLen, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	if p, ok := presets[t]; ok {
		return append([]PhaseLen(nil), p...), nil
	}
	parts := strings.Split(t, "-")
	if len(parts) < 2 || len(parts) > 4 {
		msg := fmt.Sprintf("unknown breathing pattern %q: use a preset (%s) or seconds like 4-7-8", s, strings.Join(PresetNames(), ", "))
		if near := Suggest(t, PresetNames()); near != "" {
			msg = fmt.Sprintf("unknown breathing pattern %q; did you mean `%s`?", s, near)
		}
		return nil, fmt.Errorf("%s", msg)
	}
	var secs [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("breathing pattern %q: %q is not a number of seconds", s, p)
		}
		if f < 0 {
			return nil, fmt.Errorf("breathing pattern %q: a phase cannot be negative", s)
		}
		if f > MaxPhase.Seconds() {
			return nil, fmt.Errorf("breathing pattern %q: a phase lasts at most %s", s, FormatDuration(MaxPhase))
		}
		secs[i] = f
	}
	var in, hold, out, rest float64
	switch len(parts) {
	case 2:
		in, out = secs[0], secs[1]
	case 3:
		in, hold, out = secs[0], secs[1], secs[2]
	case 4:
		in, hold, out, rest = secs[0], secs[1], secs[2], secs[3]
	}
	p := pattern(in, hold, out, rest)
	if err := checkCycle(p); err != nil {
		return nil, fmt.Errorf("breathing pattern %q: %v", s, err)
	}
	return p, nil
}

// checkCycle makes sure a cycle breathes in and out and is not too fast.
func checkCycle(p []PhaseLen) error {
	var total time.Duration
	var in, out bool
	for _, ph := range p {
		total += ph.Length
		if ph.Length > 0 {
			in = in || ph.Phase == Inhale
			out = out || ph.Phase == Exhale
		}
	}
	if !in || !out {
		return fmt.Errorf("a cycle needs an in-breath and an out-breath longer than zero")
	}
	if total < MinCycle {
		return fmt.Errorf("a cycle lasts at least %s", FormatDuration(MinCycle))
	}
	return nil
}

// FormatPattern writes a pattern back as seconds joined by dashes.
func FormatPattern(p []PhaseLen) string {
	parts := make([]string, len(p))
	for i, ph := range p {
		parts[i] = strconv.FormatFloat(ph.Length.Seconds(), 'f', -1, 64)
	}
	return strings.Join(parts, "-")
}
