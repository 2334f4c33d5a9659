package decode

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gopxl/beep/v2"
)

// tone is the source signal of the fixtures: sample n of channel ch, a sine
// of 1000 + 500·ch Hz. testdata/gensrc.go writes the same signal.
func tone(ch, n, rate int) float64 {
	amp := [8]float64{0.5, 0.25, 0.2, 0.15, 0.1, 0.1, 0.1, 0.1}[ch]
	freq := 1000 + 500*float64(ch)
	return amp * math.Sin(2*math.Pi*freq*float64(n)/float64(rate))
}

// fixture reads a file of testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeAll opens b and streams it to the end.
func decodeAll(t testing.TB, b []byte) ([][2]float64, Info) {
	t.Helper()
	s, info, err := Open(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	frames := streamAll(t, s)
	if int64(len(frames)) != info.Frames {
		t.Fatalf("streamed %d frames, Info.Frames = %d", len(frames), info.Frames)
	}
	return frames, info
}

func streamAll(t testing.TB, s beep.Streamer) [][2]float64 {
	t.Helper()
	var out [][2]float64
	buf := make([][2]float64, 1000)
	for {
		n, ok := s.Stream(buf)
		out = append(out, buf[:n]...)
		if !ok {
			break
		}
	}
	if err := s.Err(); err != nil {
		t.Fatalf("Err: %v", err)
	}
	return out
}

// channel returns one side of frames.
func channel(frames [][2]float64, c int) []float64 {
	x := make([]float64, len(frames))
	for i, f := range frames {
		x[i] = f[c]
	}
	return x
}

// sourceTone returns n frames of channel ch of the tone.
func sourceTone(ch, rate, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = tone(ch, i, rate)
	}
	return x
}

// sample returns src[i], or zero outside src.
func sample(src []float64, i int) float64 {
	if i < 0 || i >= len(src) {
		return 0
	}
	return src[i]
}

// bestLag returns the lag in [lo, hi] for which got[i] is closest to
// src[i+lag], in the least-squares sense over all of got, with src zero
// outside its length. The source's abrupt start and end make the answer
// unambiguous even for a sine.
func bestLag(got, src []float64, lo, hi int) int {
	best, bestErr := lo, math.Inf(1)
	for lag := lo; lag <= hi; lag++ {
		e := 0.0
		for i, g := range got {
			d := g - sample(src, i+lag)
			e += d * d
		}
		if e < bestErr {
			best, bestErr = lag, e
		}
	}
	return best
}

// similarity returns the normalised correlation of got[i] and src[i+lag]
// over all of got, and the ratio of their RMS levels.
func similarity(got, src []float64, lag int) (corr, gain float64) {
	var gg, ss, gs float64
	for i, g := range got {
		s := sample(src, i+lag)
		gg += g * g
		ss += s * s
		gs += g * s
	}
	return gs / math.Sqrt(gg*ss), math.Sqrt(gg / ss)
}
