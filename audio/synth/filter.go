package synth

import "math"

// filter is one section of a filter chain working on float64 samples. The
// filters here shape white noise into the colours of the backgrounds; they
// run only when the loops are precomputed, never at Add time.
//
// A filter runs lanes independent signals side by side (each lane has its
// own state), a block at a time, in place. A recursive filter is a chain
// of dependent operations: one signal leaves the processor waiting for
// each result, while several interleaved keep it busy, and a chain run
// section by section over a block keeps its state in registers. Together
// that makes a loop several times faster to compute, with the same
// numbers in every lane as one signal filtered sample by sample.
type filter interface {
	// block filters the lanes' samples in place; all have the same length.
	block(x *[lanes][]float64)
}

// lanes is how many signals a filter runs side by side.
const lanes = 4

// section is a first-order pole-zero section,
// y[n] = g·(x[n] − zero·x[n−1]) + pole·y[n−1].
type section struct {
	g, zero, pole float64
	x1, y1        [lanes]float64
}

func (s *section) block(x *[lanes][]float64) {
	g, zero, pole := s.g, s.zero, s.pole
	a := x[0]
	b, c, d := x[1][:len(a)], x[2][:len(a)], x[3][:len(a)]
	ax, bx, cx, dx := s.x1[0], s.x1[1], s.x1[2], s.x1[3]
	ay, by, cy, dy := s.y1[0], s.y1[1], s.y1[2], s.y1[3]
	for i := range a {
		av, bv, cv, dv := a[i], b[i], c[i], d[i]
		ay = g*(av-zero*ax) + pole*ay
		by = g*(bv-zero*bx) + pole*by
		cy = g*(cv-zero*cx) + pole*cy
		dy = g*(dv-zero*dx) + pole*dy
		ax, bx, cx, dx = av, bv, cv, dv
		a[i], b[i], c[i], d[i] = ay, by, cy, dy
	}
	s.x1 = [lanes]float64{ax, bx, cx, dx}
	s.y1 = [lanes]float64{ay, by, cy, dy}
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
	x1, x2, y1, y2     [lanes]float64
}

func (f *biquad) block(x *[lanes][]float64) {
	b0, b1, b2, a1, a2 := f.b0, f.b1, f.b2, f.a1, f.a2
	a := x[0]
	b, c, d := x[1][:len(a)], x[2][:len(a)], x[3][:len(a)]
	s := [lanes][4]float64{} // per lane: x1, x2, y1, y2
	for l := range lanes {
		s[l] = [4]float64{f.x1[l], f.x2[l], f.y1[l], f.y2[l]}
	}
	ax1, ax2, ay1, ay2 := s[0][0], s[0][1], s[0][2], s[0][3]
	bx1, bx2, by1, by2 := s[1][0], s[1][1], s[1][2], s[1][3]
	cx1, cx2, cy1, cy2 := s[2][0], s[2][1], s[2][2], s[2][3]
	dx1, dx2, dy1, dy2 := s[3][0], s[3][1], s[3][2], s[3][3]
	for i := range a {
		av, bv, cv, dv := a[i], b[i], c[i], d[i]
		ay := b0*av + b1*ax1 + b2*ax2 - a1*ay1 - a2*ay2
		by := b0*bv + b1*bx1 + b2*bx2 - a1*by1 - a2*by2
		cy := b0*cv + b1*cx1 + b2*cx2 - a1*cy1 - a2*cy2
		dy := b0*dv + b1*dx1 + b2*dx2 - a1*dy1 - a2*dy2
		ax2, ax1, ay2, ay1 = ax1, av, ay1, ay
		bx2, bx1, by2, by1 = bx1, bv, by1, by
		cx2, cx1, cy2, cy1 = cx1, cv, cy1, cy
		dx2, dx1, dy2, dy1 = dx1, dv, dy1, dy
		a[i], b[i], c[i], d[i] = ay, by, cy, dy
	}
	f.x1 = [lanes]float64{ax1, bx1, cx1, dx1}
	f.x2 = [lanes]float64{ax2, bx2, cx2, dx2}
	f.y1 = [lanes]float64{ay1, by1, cy1, dy1}
	f.y2 = [lanes]float64{ay2, by2, cy2, dy2}
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
