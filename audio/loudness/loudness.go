// Package loudness measures the loudness of a sound as people hear it:
// integrated loudness after ITU-R BS.1770-4 (the EBU R128 measure), in
// LUFS. exhale uses it to bring all voice material, recorded clips and
// synthesised speech, to one level.
//
// A Meter takes stereo frames at any sample rate: K-weighting (a high
// shelf and a high-pass, designed for the rate), mean squares over 400 ms
// blocks every 100 ms, the −70 LUFS absolute gate and the −10 LU relative
// gate. Both channels count with weight 1, so a mono sound copied to both
// sides, as the engine plays it, measures 3 dB louder than the same sound
// measured as one channel: what is measured is what is heard.
package loudness

import "math"

// Silence is what Integrated returns for a sound with no block above the
// absolute gate.
var Silence = math.Inf(-1)

const (
	blockSeconds  = 0.4
	hopSeconds    = 0.1
	absoluteGate  = -70.0 // LUFS
	relativeGate  = -10.0 // LU below the ungated loudness
	loudnessShift = -0.691
)

// biquad is a second-order filter in direct form II transposed.
type biquad struct {
	b0, b1, b2, a1, a2 float64
	z1, z2             [2]float64
}

func (f *biquad) run(ch int, x float64) float64 {
	y := f.b0*x + f.z1[ch]
	f.z1[ch] = f.b1*x - f.a1*y + f.z2[ch]
	f.z2[ch] = f.b2*x - f.a2*y
	return y
}

// kWeighting designs BS.1770's two filters for rate (the published 48 kHz
// coefficients come out of the same formulas).
func kWeighting(rate int) (shelf, highpass biquad) {
	fs := float64(rate)
	{
		const f0, gain, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
		k := math.Tan(math.Pi * f0 / fs)
		vh := math.Pow(10, gain/20)
		vb := math.Pow(vh, 0.4996667741545416)
		a0 := 1 + k/q + k*k
		shelf = biquad{
			b0: (vh + vb*k/q + k*k) / a0,
			b1: 2 * (k*k - vh) / a0,
			b2: (vh - vb*k/q + k*k) / a0,
			a1: 2 * (k*k - 1) / a0,
			a2: (1 - k/q + k*k) / a0,
		}
	}
	{
		const f0, q = 38.13547087602444, 0.5003270373238773
		k := math.Tan(math.Pi * f0 / fs)
		a0 := 1 + k/q + k*k
		highpass = biquad{b0: 1, b1: -2, b2: 1, a1: 2 * (k*k - 1) / a0, a2: (1 - k/q + k*k) / a0}
	}
	return shelf, highpass
}

// Meter measures the integrated loudness of stereo frames given to Add.
// The zero value is not usable; make one with NewMeter.
type Meter struct {
	shelf, highpass biquad
	hop             int       // frames per 100 ms
	sums            []float64 // the weighted sum of squares of each 100 ms step
	cur             float64
	n               int // frames in cur
	frames          int64
}

// NewMeter returns a meter for frames at rate.
func NewMeter(rate int) *Meter {
	m := &Meter{hop: max(1, int(math.Round(float64(rate)*hopSeconds)))}
	m.shelf, m.highpass = kWeighting(rate)
	return m
}

// Add measures more frames.
func (m *Meter) Add(frames [][2]float64) {
	for _, f := range frames {
		l := m.highpass.run(0, m.shelf.run(0, f[0]))
		r := m.highpass.run(1, m.shelf.run(1, f[1]))
		m.cur += l*l + r*r
		m.n++
		if m.n == m.hop {
			m.sums = append(m.sums, m.cur)
			m.cur, m.n = 0, 0
		}
	}
	m.frames += int64(len(frames))
}

// AddFloat32 measures frames held as float32.
func (m *Meter) AddFloat32(frames [][2]float32) {
	var buf [256][2]float64
	for len(frames) > 0 {
		n := min(len(frames), len(buf))
		for i, f := range frames[:n] {
			buf[i] = [2]float64{float64(f[0]), float64(f[1])}
		}
		m.Add(buf[:n])
		frames = frames[n:]
	}
}

// Integrated is the gated loudness of all frames added so far, in LUFS, or
// Silence. A sound shorter than one 400 ms block is measured as one block
// of its own length.
func (m *Meter) Integrated() float64 {
	per := 4 // 100 ms steps in a block
	var blocks []float64
	if len(m.sums) < per {
		total := m.cur
		for _, s := range m.sums {
			total += s
		}
		if m.frames > 0 {
			blocks = append(blocks, total/float64(m.frames))
		}
	} else {
		blockFrames := float64(per * m.hop)
		for i := 0; i+per <= len(m.sums); i++ {
			s := 0.0
			for _, v := range m.sums[i : i+per] {
				s += v
			}
			blocks = append(blocks, s/blockFrames)
		}
	}
	lufs := func(z float64) float64 { return loudnessShift + 10*math.Log10(z) }
	gated := func(gate float64) (float64, int) {
		sum, n := 0.0, 0
		for _, z := range blocks {
			if z > 0 && lufs(z) > gate {
				sum += z
				n++
			}
		}
		return sum, n
	}
	sum, n := gated(absoluteGate)
	if n == 0 {
		return Silence
	}
	sum, n = gated(lufs(sum/float64(n)) + relativeGate)
	if n == 0 {
		return Silence
	}
	return lufs(sum / float64(n))
}

// Integrated measures frames at rate in one go.
func Integrated(frames [][2]float64, rate int) float64 {
	m := NewMeter(rate)
	m.Add(frames)
	return m.Integrated()
}
