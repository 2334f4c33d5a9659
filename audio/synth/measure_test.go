package synth

import (
	"math"
	"math/cmplx"
	"testing"
)

// Measurements the tests share.

// render returns frames [pos, pos+n) of b, added into zeros with gain 1.
func render(b Background, pos int64, n int) [][2]float64 {
	out := make([][2]float64, n)
	b.Add(out, pos, 1)
	return out
}

// channel returns one channel of frames.
func channel(frames [][2]float64, c int) []float64 {
	out := make([]float64, len(frames))
	for i, f := range frames {
		out[i] = f[c]
	}
	return out
}

// widen converts stored frames to mixing frames.
func widen(frames [][2]float32) [][2]float64 {
	out := make([][2]float64, len(frames))
	AddFrames(out, frames, 1)
	return out
}

// dB returns 10·log10 of a power ratio.
func dB(power float64) float64 { return 10 * math.Log10(power) }

// rmsDB returns the RMS level of x in dBFS.
func rmsDB(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return dB(s / float64(len(x)))
}

// mean returns the mean of x.
func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// peak returns the largest magnitude in x.
func peak(x []float64) float64 {
	p := 0.0
	for _, v := range x {
		p = max(p, math.Abs(v))
	}
	return p
}

// goertzel returns the power of x at freq Hz through a Hann window,
// normalised so that a sine of amplitude A well inside the band gives A²/4.
func goertzel(x []float64, rate int, freq float64) float64 {
	n := len(x)
	w := 2 * math.Pi * freq / float64(rate)
	coeff := 2 * math.Cos(w)
	var s1, s2, wsum float64
	for i, v := range x {
		h := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(n))
		wsum += h
		s0 := v*h + coeff*s1 - s2
		s2, s1 = s1, s0
	}
	p := s1*s1 + s2*s2 - coeff*s1*s2
	return p / (wsum * wsum)
}

// fft transforms x in place; len(x) must be a power of two.
func fft(x []complex128) {
	n := len(x)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			x[i], x[j] = x[j], x[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		step := cmplx.Exp(complex(0, -2*math.Pi/float64(size)))
		for start := 0; start < n; start += size {
			w := complex(1, 0)
			for k := range size / 2 {
				a, b := x[start+k], x[start+k+size/2]*w
				x[start+k], x[start+k+size/2] = a+b, a-b
				w *= step
			}
		}
	}
}

// spectrum returns the power spectral density of x (Welch's method: Hann
// windows of size frames, half overlapping), one value per FFT bin up to
// the Nyquist frequency; bin k is k·rate/size Hz.
func spectrum(x []float64, size int) []float64 {
	psd := make([]float64, size/2+1)
	buf := make([]complex128, size)
	count := 0
	for start := 0; start+size <= len(x); start += size / 2 {
		for i := range buf {
			h := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(size))
			buf[i] = complex(x[start+i]*h, 0)
		}
		fft(buf)
		for k := range psd {
			psd[k] += real(buf[k])*real(buf[k]) + imag(buf[k])*imag(buf[k])
		}
		count++
	}
	for k := range psd {
		psd[k] /= float64(count)
	}
	return psd
}

// bandPower sums a spectrum over [lo, hi) Hz.
func bandPower(psd []float64, rate int, lo, hi float64) float64 {
	size := 2 * (len(psd) - 1)
	var s float64
	for k, p := range psd {
		f := float64(k) * float64(rate) / float64(size)
		if f >= lo && f < hi {
			s += p
		}
	}
	return s
}

func TestMeasurements(t *testing.T) {
	const rate = 48000
	sine := func(freq, amp float64, n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = amp * math.Sin(2*math.Pi*freq*float64(i)/rate)
		}
		return x
	}
	x := sine(1000, 0.5, rate)
	if got := rmsDB(x); math.Abs(got-dB(0.125)) > 0.01 {
		t.Errorf("rmsDB of a sine of amplitude 0.5 = %.3f, want %.3f", got, dB(0.125))
	}
	if got, want := goertzel(x, rate, 1000), 0.0625; math.Abs(got-want) > 0.001 {
		t.Errorf("goertzel at the sine's frequency = %g, want %g", got, want)
	}
	if got := goertzel(x, rate, 1100); got > 1e-9 {
		t.Errorf("goertzel 100 Hz off the sine = %g, want about 0", got)
	}
	psd := spectrum(sine(3000, 1, 8*4096), 4096)
	if in, all := bandPower(psd, rate, 2900, 3100), bandPower(psd, rate, 0, rate/2); in < 0.999*all {
		t.Errorf("spectrum of a 3 kHz sine: %g of %g in 2.9–3.1 kHz", in, all)
	}
}
