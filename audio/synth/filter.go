package synth

import "math"

// filter is one section of a filter chain working on float64 samples. The
// filters here shape white noise into the colours of the backgrounds; they
// run only when the loops are precomputed, never at Add time.
type filter interface {
	step(x float64) float64
}

// section is a first-order pole-zero section,
// y[n] = g·(x[n] − zero·x[n−1]) + pole·y[n−1].
type section struct {
	g, zero, pole float64
	x1, y1        float64
}

func (s *section) step(x float64) float64 {
	y := s.g*(x-s.zero*s.x1) + s.pole*s.y1
	s.x1, s.y1 = x, y
	return y
}

// matched returns exp(−2πf/rate), the z-plane place of a real pole or zero
// at f Hz (the matched-z transform).
func matched(rate int, f float64) float64 {
	return math.Exp(-2 * math.Pi * f / float64(rate))
}

// leakyIntegrator integrates white noise into brown noise (−6 dB/octave)
// above f Hz; below f its response is flat, so it does not grow without
// bound.
func leakyIntegrator(rate int, f float64) *section {
	p := matched(rate, f)
	return &section{g: 1 - p, pole: p}
}

// lowpass1 is a gentle first-order low-pass at f Hz (−6 dB/octave above).
func lowpass1(rate int, f float64) *section {
	p := matched(rate, f)
	return &section{g: 1 - p, pole: p}
}

// highpass1 is a first-order high-pass at f Hz: a zero at DC, so nothing
// after it has any DC.
func highpass1(rate int, f float64) *section {
	p := matched(rate, f)
	return &section{g: (1 + p) / 2, zero: 1, pole: p}
}

// pinking returns the sections of a −3 dB/octave filter from lo Hz up to
// near the Nyquist frequency: first-order sections whose poles and zeros
// alternate at equal steps on a log frequency scale (three pole-zero pairs
// a decade keep the ripple within about ±0.3 dB), each section scaled to
// unity gain at high frequencies.
func pinking(rate int, lo float64) []filter {
	const step = 2.1544346900318837 // 10^(1/3)
	var fs []filter
	for fp := lo; fp*math.Sqrt(step) < 0.45*float64(rate); fp *= step {
		p, z := matched(rate, fp), matched(rate, fp*math.Sqrt(step))
		// Unity gain at Nyquist (z = −1): (1+z)/(1+p).
		fs = append(fs, &section{g: (1 + p) / (1 + z), zero: z, pole: p})
	}
	return fs
}

// biquad is a second-order section in direct form I, from the Audio EQ
// Cookbook (Robert Bristow-Johnson).
type biquad struct {
	b0, b1, b2, a1, a2 float64
	x1, x2, y1, y2     float64
}

func (f *biquad) step(x float64) float64 {
	y := f.b0*x + f.b1*f.x1 + f.b2*f.x2 - f.a1*f.y1 - f.a2*f.y2
	f.x2, f.x1 = f.x1, x
	f.y2, f.y1 = f.y1, y
	return y
}

// lowpass2 and highpass2 are second-order sections at f Hz with quality q
// (1/√2 is Butterworth).
func lowpass2(rate int, f, q float64) *biquad {
	cos, alpha := cookbook(rate, f, q)
	return normalise(biquad{b0: (1 - cos) / 2, b1: 1 - cos, b2: (1 - cos) / 2, a1: -2 * cos, a2: 1 - alpha}, 1+alpha)
}

func highpass2(rate int, f, q float64) *biquad {
	cos, alpha := cookbook(rate, f, q)
	return normalise(biquad{b0: (1 + cos) / 2, b1: -(1 + cos), b2: (1 + cos) / 2, a1: -2 * cos, a2: 1 - alpha}, 1+alpha)
}

func cookbook(rate int, f, q float64) (cos, alpha float64) {
	w := 2 * math.Pi * f / float64(rate)
	return math.Cos(w), math.Sin(w) / (2 * q)
}

func normalise(f biquad, a0 float64) *biquad {
	f.b0, f.b1, f.b2, f.a1, f.a2 = f.b0/a0, f.b1/a0, f.b2/a0, f.a1/a0, f.a2/a0
	return &f
}

// The two sections of a fourth-order Butterworth filter.
var butterworth4 = [2]float64{0.5411961001461971, 1.3065629648763766}

func lowpass4(rate int, f float64) []filter {
	return []filter{lowpass2(rate, f, butterworth4[0]), lowpass2(rate, f, butterworth4[1])}
}

func highpass4(rate int, f float64) []filter {
	return []filter{highpass2(rate, f, butterworth4[0]), highpass2(rate, f, butterworth4[1])}
}
