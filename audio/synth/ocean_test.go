package synth

import (
	"math"
	"testing"
)

// TestWaves checks the swell's plan: every wave lasts 6 to 12 seconds, no
// two runs of waves are alike, and the gains move smoothly, across wave
// boundaries too.
func TestWaves(t *testing.T) {
	var lengths []float64
	for k := int64(-1000); k < 1000; k++ {
		d := waveStart(k+1) - waveStart(k)
		if d < 6 || d > 12 {
			t.Fatalf("wave %d lasts %.2f s, want 6 to 12 s", k, d)
		}
		lengths = append(lengths, d)
	}
	m := mean(lengths)
	var v float64
	for _, d := range lengths {
		v += (d - m) * (d - m)
	}
	if sd := math.Sqrt(v / float64(len(lengths))); sd < 1 {
		t.Errorf("wave lengths vary by %.2f s (standard deviation), want irregular waves: at least 1 s", sd)
	}
	// The gains hold still over steps of oceanSub frames: from one step
	// to the next at 48 kHz they must move by less than 0.5% of
	// themselves, wave boundaries included.
	const dt = float64(oceanSub) / 48000
	b0, l0, r0 := swell(-100)
	for s := -100 + dt; s < 300; s += dt {
		b, l, r := swell(s)
		if math.Abs(b/b0-1) > 0.005 || math.Abs(l/l0-1) > 0.005 || math.Abs(r/r0-1) > 0.005 {
			t.Fatalf("the swell jumps at %.4f s: from %.4f %.4f %.4f to %.4f %.4f %.4f", s, b0, l0, r0, b, l, r)
		}
		if b < bodyFloor || b > 1 || l < 0 || r < 0 {
			t.Fatalf("swell gains %.4f %.4f %.4f at %.3f s", b, l, r, s)
		}
		b0, l0, r0 = b, l, r
	}
}

// TestOceanSwells checks the sound: over two minutes its loudness rises
// and falls like waves, 6 to 12 seconds apart, by several decibels, and it
// grows brighter as it grows louder.
func TestOceanSwells(t *testing.T) {
	const rate, window, seconds = 16000, 4096, 120
	b := newKind(t, "ocean", rate)
	var loud, bright []float64
	buf := make([][2]float64, window)
	for pos := 0; pos+window <= seconds*rate; pos += window {
		clear(buf)
		b.Add(buf, int64(pos), 1)
		x := channel(buf, 0)
		psd := spectrum(x, window)
		all := bandPower(psd, rate, 0, rate/2)
		loud = append(loud, rmsDB(x))
		bright = append(bright, dB(bandPower(psd, rate, 1500, rate/2)/all))
	}
	smooth := func(x []float64) []float64 { // over about a second
		out := make([]float64, len(x))
		for i := range x {
			lo, hi := max(0, i-2), min(len(x), i+3)
			out[i] = mean(x[lo:hi])
		}
		return out
	}
	loud, bright = smooth(loud), smooth(bright)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range loud {
		lo, hi = min(lo, v), max(hi, v)
	}
	if hi-lo < 8 {
		t.Errorf("loudness ranges over %.1f dB, want swells of at least 8 dB", hi-lo)
	}
	// Count the crests: highs at least 4 dB above the lows on either side.
	crests, low, rising := 0, loud[0], true
	high := loud[0]
	for _, v := range loud {
		switch {
		case rising && v > high:
			high = v
		case rising && v < high-4:
			crests, rising, low = crests+1, false, v
		case !rising && v < low:
			low = v
		case !rising && v > low+4:
			rising, high = true, v
		}
	}
	if crests < seconds/12 || crests > seconds/6+1 {
		t.Errorf("%d crests in %d s, want waves 6 to 12 s apart", crests, seconds)
	}
	r := correlation(centred(loud), centred(bright))
	t.Logf("loudness %.1f to %.1f dBFS, %d crests, loudness-brightness correlation %.2f", lo, hi, crests, r)
	if r < 0.5 {
		t.Errorf("loudness and brightness correlate by %.2f, want the waves to brighten as they break: 0.5 or more", r)
	}
}

func centred(x []float64) []float64 {
	m := mean(x)
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v - m
	}
	return out
}

// TestOceanLoopsAreTheLayers checks that the interleaved loops hold the
// loops of the two layers as their specs make them.
func TestOceanLoopsAreTheLayers(t *testing.T) {
	const rate = 8000
	l := oceanLoops(rate)
	for layer, name := range []string{"ocean-body", "ocean-wash"} {
		p := makeLoops(noiseSpecs[name], rate)
		for i := range l.a {
			if l.a[i][layer] != p.a[i] {
				t.Fatalf("%s: loop A frame %d = %g, want %g", name, i, l.a[i][layer], p.a[i])
			}
		}
		for i := range l.b {
			if l.b[i][layer] != p.b[i] {
				t.Fatalf("%s: loop B frame %d = %g, want %g", name, i, l.b[i][layer], p.b[i])
			}
		}
	}
}
