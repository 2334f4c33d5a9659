package synth

import (
	"fmt"
	"math"
	"slices"
)

// The rates this package supports, in frames per second.
const (
	MinRate = 8000
	MaxRate = 192000
)

// BellPeak is the peak level of every bell, in dBFS.
const BellPeak = -1.0

// bellDesign describes one built-in bell as a set of decaying partials.
type bellDesign struct {
	f0       float64   // fundamental, Hz
	attack   float64   // mallet contact: a raised-cosine onset, seconds
	fade     float64   // the end fades out over this part of the ring
	partials []partial // the partials, lowest first
}

// partial is one vibration mode of a bell. Real bells and bowls are never
// quite round, so each mode is a pair of nearly equal frequencies, beat Hz
// apart, that beat slowly. The two differ in strength (pairSecond), so the
// beating swells and ebbs without ever quite stopping. The weaker one is
// a little ahead in its cycle in one ear (pairShift), so the beats of the
// two ears fall at different moments and the sound sways gently between
// them, with equal power on both sides and never in opposite phase.
type partial struct {
	ratio float64 // frequency over the fundamental
	amp   float64 // relative amplitude at the strike
	decay float64 // seconds for the amplitude to fall to 1/e
	beat  float64 // Hz between the two modes of the pair
}

// The make-up of each pair of modes: the second mode's amplitude relative
// to the first, and its phase on the right relative to the left, radians.
const (
	pairSecond = 0.7
	pairShift  = math.Pi / 4
)

// bells holds the built-in bells.
var bells = map[string]bellDesign{
	// A Tibetan-style singing bowl struck with a padded mallet: inharmonic
	// partials near 1 : 2.71 : 5.12 : 8.23 : 11.9, the higher ones weaker
	// (a soft mallet barely excites them) and dying sooner, so the sound
	// mellows as it rings.
	"bowl": {f0: 220, attack: 0.006, fade: 0.3, partials: []partial{
		{ratio: 1, amp: 1, decay: 3.2, beat: 0.9},
		{ratio: 2.71, amp: 0.55, decay: 1.9, beat: 1.6},
		{ratio: 5.12, amp: 0.24, decay: 1.1, beat: 2.3},
		{ratio: 8.23, amp: 0.10, decay: 0.65, beat: 3.1},
		{ratio: 11.9, amp: 0.04, decay: 0.4, beat: 3.9},
	}},
	// A small chime bar: the partials of a free bar, 1 : 2.756 : 5.404 :
	// 8.933, brighter and shorter than the bowl.
	"chime": {f0: 880, attack: 0.004, fade: 0.3, partials: []partial{
		{ratio: 1, amp: 1, decay: 1.2, beat: 0.5},
		{ratio: 2.756, amp: 0.42, decay: 0.65, beat: 1.1},
		{ratio: 5.404, amp: 0.18, decay: 0.33, beat: 1.9},
		{ratio: 8.933, amp: 0.06, decay: 0.22, beat: 2.6},
	}},
}

// BellNames returns the names of the built-in bells, sorted.
func BellNames() []string {
	names := make([]string, 0, len(bells))
	for name := range bells {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// mode is one decaying sinusoid of a bell, as rendered: amp·sin(2πf·t +
// phase) on the left, and shift radians later in its cycle on the right.
type mode struct {
	freq, amp, decay, phase float64
	shift                   float64
}

// modes lists the sinusoids of a bell at a rate, leaving out those too
// close to the Nyquist frequency to be represented.
func (d bellDesign) modes(rate int) []mode {
	var ms []mode
	for i, p := range d.partials {
		for j, side := range []float64{-0.5, 0.5} {
			f := d.f0*p.ratio + side*p.beat
			if f >= 0.45*float64(rate) {
				continue
			}
			m := mode{
				freq:  f,
				amp:   p.amp / (1 + pairSecond),
				decay: p.decay,
				phase: 2 * math.Pi * hash01(int64(i), 0xbe11),
			}
			if j == 1 {
				// The ear ahead changes from one partial to the next. The
				// pair starts at the phase difference that gives both
				// ears the same energy: what an ear gets from the beating
				// of a decaying pair varies with their phase difference ψ
				// at the strike as cos(ψ + atan(π·beat·decay)), the same
				// for the two ears' ψ = ψ₀ ± shift/2 when ψ₀ cancels the
				// arctangent.
				m.amp *= pairSecond
				m.shift = pairShift * float64(1-2*(i%2))
				m.phase += -math.Atan(math.Pi*p.beat*p.decay) - m.shift/2
			}
			ms = append(ms, m)
		}
	}
	return ms
}

// Bell renders one strike of the built-in bell name ("bowl" or "chime") at
// rate frames per second, exactly ring frames long. The strike starts with a
// soft mallet onset of a few milliseconds and decays naturally, and the last
// 30% of the ring fades out smoothly, so the first and the last sample are
// exactly 0. The peak is BellPeak dBFS. The two channels differ slightly.
//
// A strike is computed once per process for each bell, rate and ring (in
// about 20 ms for a 7-second bowl at 48 kHz) and shared: callers must not
// change the frames.
func Bell(name string, rate int, ring int) ([][2]float32, error) {
	d, ok := bells[name]
	if !ok {
		return nil, fmt.Errorf("unknown bell %q: use one of %v", name, BellNames())
	}
	if err := checkRate(rate); err != nil {
		return nil, err
	}
	if ring <= 0 {
		return nil, fmt.Errorf("bell ring of %d frames: it must be positive", ring)
	}
	key := fmt.Sprintf("bell %s %d", name, ring)
	return stored(key, rate, bellCodec, func() any { return normalise32(d.mix(rate, ring)) }).([][2]float32), nil
}

// checkRate reports a rate outside [MinRate, MaxRate].
func checkRate(rate int) error {
	if rate < MinRate || rate > MaxRate {
		return fmt.Errorf("sample rate %d Hz: use %d to %d Hz", rate, MinRate, MaxRate)
	}
	return nil
}

// bellBlock is how many frames each mode runs by recurrence before it is
// computed afresh from its closed form, which keeps rounding errors from
// growing over a long ring.
const bellBlock = 1024

// mix renders the bell at its natural level. Each mode is a rotating
// phasor, computed by recurrence; four modes run side by side in one pass
// (their recurrences are independent, which keeps the processor busy),
// and each frame gets the modes added in their order, so the sum is the
// very same as one mode at a time.
func (d bellDesign) mix(rate, ring int) [][2]float64 {
	mix := make([][2]float64, ring)
	sr := float64(rate)
	ms := d.modes(rate)
	for len(ms) >= 4 {
		var o [4]oscillator
		for k := range o {
			o[k] = newOscillator(ms[k], sr)
		}
		for n0 := 0; n0 < ring; n0 += bellBlock {
			a, b, c, e := o[0].at(n0), o[1].at(n0), o[2].at(n0), o[3].at(n0)
			for n := n0; n < min(n0+bellBlock, ring); n++ {
				m := &mix[n]
				m[0] += a.im
				m[1] += a.im*o[0].shiftCos + a.re*o[0].shiftSin
				m[0] += b.im
				m[1] += b.im*o[1].shiftCos + b.re*o[1].shiftSin
				m[0] += c.im
				m[1] += c.im*o[2].shiftCos + c.re*o[2].shiftSin
				m[0] += e.im
				m[1] += e.im*o[3].shiftCos + e.re*o[3].shiftSin
				a = o[0].step(a)
				b = o[1].step(b)
				c = o[2].step(c)
				e = o[3].step(e)
			}
		}
		ms = ms[4:]
	}
	for _, m := range ms {
		o := newOscillator(m, sr)
		for n0 := 0; n0 < ring; n0 += bellBlock {
			p := o.at(n0)
			for n := n0; n < min(n0+bellBlock, ring); n++ {
				mix[n][0] += p.im
				mix[n][1] += p.im*o.shiftCos + p.re*o.shiftSin
				p = o.step(p)
			}
		}
	}
	attack, fade := d.ramps(rate, ring)
	for n := range mix {
		g := RaisedCosine(float64(n)/float64(attack)) * RaisedCosine(float64(ring-1-n)/float64(fade))
		mix[n] = [2]float64{g * mix[n][0], g * mix[n][1]}
		if g == 0 {
			mix[n] = [2]float64{} // +0, not −0
		}
	}
	return mix
}

// oscillator is one mode as a decaying phasor: its value at frame n is
// im = amp·e^(−n/(decay·rate))·sin(w·n + phase), re the same with cos.
type oscillator struct {
	m                  mode
	w, sr              float64
	stepRe, stepIm     float64 // one frame's rotation and decay
	shiftSin, shiftCos float64 // the right channel's phase shift
}

type phasor struct{ re, im float64 }

func newOscillator(m mode, sr float64) oscillator {
	w := 2 * math.Pi * m.freq / sr
	r := math.Exp(-1 / (m.decay * sr))
	o := oscillator{m: m, w: w, sr: sr, stepRe: r * math.Cos(w), stepIm: r * math.Sin(w)}
	// sin(θ+shift) = sin θ·cos shift + cos θ·sin shift.
	o.shiftSin, o.shiftCos = math.Sincos(m.shift)
	return o
}

// at is the phasor at frame n0, from its closed form.
func (o *oscillator) at(n0 int) phasor {
	a := o.m.amp * math.Exp(-float64(n0)/(o.m.decay*o.sr))
	sin, cos := math.Sincos(o.w*float64(n0) + o.m.phase)
	return phasor{a * cos, a * sin}
}

// step is the phasor one frame on.
func (o *oscillator) step(p phasor) phasor {
	return phasor{p.re*o.stepRe - p.im*o.stepIm, p.re*o.stepIm + p.im*o.stepRe}
}

// ramps returns the lengths in frames of the bell's onset and fade-out.
func (d bellDesign) ramps(rate, ring int) (attack, fade int) {
	return max(1, int(d.attack*float64(rate))), max(1, int(d.fade*float64(ring)))
}

// normalise32 scales frames to a peak of BellPeak dBFS and stores them.
func normalise32(frames [][2]float64) [][2]float32 {
	peak := 0.0
	for _, v := range frames {
		peak = max(peak, math.Abs(v[0]), math.Abs(v[1]))
	}
	scale := 0.0
	if peak > 0 {
		scale = Gain(BellPeak) / peak
	}
	out := make([][2]float32, len(frames))
	for n, v := range frames {
		out[n] = [2]float32{float32(v[0] * scale), float32(v[1] * scale)}
	}
	return out
}
