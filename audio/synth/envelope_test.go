package synth

import (
	"math"
	"testing"
)

func TestRaisedCosine(t *testing.T) {
	tests := []struct{ x, want float64 }{
		{math.Inf(-1), 0}, {-1, 0}, {0, 0}, {0.25, 0.5 - math.Sqrt2/4}, {0.5, 0.5},
		{0.75, 0.5 + math.Sqrt2/4}, {1, 1}, {2, 1}, {math.Inf(1), 1},
	}
	for _, tt := range tests {
		if got := RaisedCosine(tt.x); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("RaisedCosine(%g) = %g, want %g", tt.x, got, tt.want)
		}
	}
	prev := 0.0
	for i := 0; i <= 1000; i++ {
		x := float64(i) / 1000
		v := RaisedCosine(x)
		if v < prev {
			t.Fatalf("RaisedCosine falls at %g", x)
		}
		if s := v + RaisedCosine(1-x); math.Abs(s-1) > 1e-15 {
			t.Fatalf("RaisedCosine(%g) + RaisedCosine(%g) = %g, want 1", x, 1-x, s)
		}
		prev = v
	}
	// Zero slope at both ends: no corner where a fade starts or ends.
	if d := RaisedCosine(1e-4) / 1e-4; d > 1e-3 {
		t.Errorf("slope at 0 is %g, want 0", d)
	}
	if d := (1 - RaisedCosine(1-1e-4)) / 1e-4; d > 1e-3 {
		t.Errorf("slope at 1 is %g, want 0", d)
	}
}

func TestSwell(t *testing.T) {
	tests := []struct{ x, want float64 }{
		{-0.5, 0}, {0, 0}, {0.25, 0.5}, {0.5, 1}, {0.75, 0.5}, {1, 0}, {1.5, 0},
	}
	for _, tt := range tests {
		if got := Swell(tt.x); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("Swell(%g) = %g, want %g", tt.x, got, tt.want)
		}
	}
}

func TestFade(t *testing.T) {
	tests := []struct {
		pos, length, ramp int64
		want              float64
	}{
		{-1, 100, 10, 0},
		{0, 100, 10, 0},
		{5, 100, 10, 0.5},
		{10, 100, 10, 1},
		{50, 100, 10, 1},
		{89, 100, 10, 1},
		{94, 100, 10, 0.5},
		{99, 100, 10, 0},
		{100, 100, 10, 0},
		{2, 5, 10, 1},   // ramps shortened to 2 frames each
		{1, 5, 10, 0.5}, // halfway up the shortened ramp
		{0, 1, 10, 1},   // a single frame cannot fade
		{3, 10, 0, 1},   // no ramp
	}
	for _, tt := range tests {
		if got := Fade(tt.pos, tt.length, tt.ramp); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("Fade(%d, %d, %d) = %g, want %g", tt.pos, tt.length, tt.ramp, got, tt.want)
		}
	}
}

func TestGain(t *testing.T) {
	tests := []struct{ db, want float64 }{
		{0, 1}, {20, 10}, {-20, 0.1}, {-6.020599913279624, 0.5}, {math.Inf(-1), 0},
	}
	for _, tt := range tests {
		if got := Gain(tt.db); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Gain(%g) = %g, want %g", tt.db, got, tt.want)
		}
	}
}

func TestAddFrames(t *testing.T) {
	dst := [][2]float64{{1, 1}, {1, 1}, {1, 1}}
	AddFrames(dst, [][2]float32{{0.5, -0.5}, {0.25, 0}}, 2)
	want := [][2]float64{{2, 0}, {1.5, 1}, {1, 1}}
	for i := range want {
		if dst[i] != want[i] {
			t.Errorf("frame %d = %v, want %v", i, dst[i], want[i])
		}
	}
	AddFrames(dst[:1], [][2]float32{{1, 1}, {1, 1}}, 1) // src longer than dst
	if dst[0] != [2]float64{3, 1} || dst[1] != want[1] {
		t.Errorf("adding a longer src: %v", dst)
	}
}
