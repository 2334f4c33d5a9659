package loudness

import (
	"math"
	"testing"
)

// sine is a stereo sine of freq Hz with peak amplitude dBFS, for seconds.
func sine(rate int, freq, dBFS, seconds float64) [][2]float64 {
	a := math.Pow(10, dBFS/20)
	out := make([][2]float64, int(seconds*float64(rate)))
	for i := range out {
		v := a * math.Sin(2*math.Pi*freq*float64(i)/float64(rate))
		out[i] = [2]float64{v, v}
	}
	return out
}

func concat(parts ...[][2]float64) [][2]float64 {
	var out [][2]float64
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// The cases of EBU Tech 3341 that concern integrated loudness (1, 2, 3,
// 4), at 48 kHz and at 44.1 kHz; the tolerance is the document's ±0.1 LU.
func TestEBU3341(t *testing.T) {
	for _, rate := range []int{48000, 44100} {
		s := func(db, sec float64) [][2]float64 { return sine(rate, 1000, db, sec) }
		for _, c := range []struct {
			name   string
			frames [][2]float64
			want   float64
		}{
			{"case 1: -23 dBFS", s(-23, 20), -23},
			{"case 2: -33 dBFS", s(-33, 20), -33},
			{"case 3: -36, -23, -36 (relative gate)", concat(s(-36, 10), s(-23, 60), s(-36, 10)), -23},
			{"case 4: -72, -36, -23, -36, -72 (both gates)", concat(s(-72, 10), s(-36, 10), s(-23, 20), s(-36, 10), s(-72, 10)), -23},
		} {
			if got := Integrated(c.frames, rate); math.Abs(got-c.want) > 0.1 {
				t.Errorf("%d Hz, %s: %.2f LUFS, want %.1f", rate, c.name, got, c.want)
			}
		}
	}
}

func TestSilenceAndShortSounds(t *testing.T) {
	if got := Integrated(make([][2]float64, 48000), 48000); got != Silence {
		t.Errorf("silence: %v", got)
	}
	if got := Integrated(nil, 48000); got != Silence {
		t.Errorf("nothing: %v", got)
	}
	// Below the absolute gate throughout.
	if got := Integrated(sine(48000, 1000, -80, 2), 48000); got != Silence {
		t.Errorf("-80 dBFS: %v", got)
	}
	// 250 ms: shorter than a block, measured as one block.
	if got := Integrated(sine(48000, 1000, -23, 0.25), 48000); math.Abs(got+23) > 0.2 {
		t.Errorf("a 250 ms tone at -23 dBFS: %.2f LUFS", got)
	}
}

// A mono sound on one side only measures 3 dB below the same sound on
// both: the channels add.
func TestChannelsAdd(t *testing.T) {
	both := sine(48000, 1000, -20, 5)
	left := make([][2]float64, len(both))
	for i, f := range both {
		left[i][0] = f[0]
	}
	d := Integrated(both, 48000) - Integrated(left, 48000)
	if math.Abs(d-3.01) > 0.05 {
		t.Errorf("both sides minus one side: %.2f dB, want 3.01", d)
	}
}

// Adding in pieces, as float32, measures the same as all at once.
func TestPieces(t *testing.T) {
	x := concat(sine(48000, 440, -30, 3), sine(48000, 2000, -18, 4))
	m := NewMeter(48000)
	for i := 0; i < len(x); i += 777 {
		part := x[i:min(len(x), i+777)]
		f32 := make([][2]float32, len(part))
		for j, f := range part {
			f32[j] = [2]float32{float32(f[0]), float32(f[1])}
		}
		m.AddFloat32(f32)
	}
	if a, b := m.Integrated(), Integrated(x, 48000); math.Abs(a-b) > 0.001 {
		t.Errorf("in pieces %.4f, at once %.4f", a, b)
	}
}

func BenchmarkMeter(b *testing.B) {
	x := sine(48000, 440, -20, 10)
	b.SetBytes(int64(len(x) * 16))
	for b.Loop() {
		Integrated(x, 48000)
	}
}
