package synth

import (
	"fmt"
	"math"
)

// binauralAnchor is the spacing, in frames, of the positions at which the
// phases of the binaural tones are computed exactly; between two anchors a
// frame's value comes from a table of cosines and sines of the phase
// advance, so it depends on its position alone.
const binauralAnchor = 1024

// binaural is the binaural Background: one sine on each channel.
type binaural struct {
	ch [2]tone
}

// tone is a sine wave of a fixed frequency. Its phase at frame p is
// 2π·(p·inc mod 2⁶⁴)/2⁶⁴: the integer product is exact for any p, so the
// phase is the same whichever way p was reached.
type tone struct {
	inc      uint64    // phase increment a frame, in 2⁻⁶⁴ turns
	cos, sin []float64 // amp·cos and amp·sin of k phase increments, k < binauralAnchor
}

func newTone(rate int, freq, amp float64) tone {
	inc := uint64(math.Round(freq / float64(rate) * (1 << 64)))
	t := tone{inc: inc, cos: make([]float64, binauralAnchor), sin: make([]float64, binauralAnchor)}
	w := 2 * math.Pi * float64(inc) / (1 << 64)
	for k := range binauralAnchor {
		s, c := math.Sincos(w * float64(k))
		t.cos[k], t.sin[k] = amp*c, amp*s
	}
	return t
}

// phase returns the sine and cosine of the tone's phase at frame p.
func (t *tone) phase(p int64) (sin, cos float64) {
	return math.Sincos(2 * math.Pi * float64(uint64(p)*t.inc) / (1 << 64))
}

func newBinaural(rate int, carrier, beat float64) (*binaural, error) {
	lo, hi := carrier-beat/2, carrier+beat/2
	switch {
	case !(beat >= 0) || math.IsInf(beat, 0):
		return nil, fmt.Errorf("binaural beat of %g Hz: it must be 0 or more", beat)
	case !(lo > 0 && hi < 0.45*float64(rate)):
		return nil, fmt.Errorf("binaural tones of %g and %g Hz: at %d Hz they must lie between 0 and %g Hz",
			lo, hi, rate, 0.45*float64(rate))
	}
	// A sine whose RMS is the level of every Background.
	amp := backgroundRMS * math.Sqrt2
	return &binaural{ch: [2]tone{newTone(rate, lo, amp), newTone(rate, hi, amp)}}, nil
}

// Add adds frames [pos, pos+len(dst)) times gain into dst.
func (b *binaural) Add(dst [][2]float64, pos int64, gain float64) {
	anchor := pos - int64(mod(pos, binauralAnchor))
	for len(dst) > 0 {
		into := int(pos - anchor)
		sl, cl := b.ch[0].phase(anchor)
		sr, cr := b.ch[1].phase(anchor)
		k := min(len(dst), binauralAnchor-into)
		d := dst[:k]
		lc, ls := b.ch[0].cos[into:into+k], b.ch[0].sin[into:into+k]
		rc, rs := b.ch[1].cos[into:into+k], b.ch[1].sin[into:into+k]
		// sin(θ+φ) = sin θ cos φ + cos θ sin φ.
		for i := range d {
			d[i][0] += gain * (sl*lc[i] + cl*ls[i])
			d[i][1] += gain * (sr*rc[i] + cr*rs[i])
		}
		dst = dst[k:]
		pos += int64(k)
		anchor += binauralAnchor
	}
}
