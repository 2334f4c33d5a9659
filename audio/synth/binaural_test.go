package synth

import (
	"fmt"
	"math"
	"testing"
)

func TestBinaural(t *testing.T) {
	tests := []struct {
		rate          int
		carrier, beat float64
	}{
		{48000, 200, 6},
		{44100, 200, 6},
		{48000, 40, 40}, // the script's lowest carrier, highest beat
		{48000, 1000, 0.5},
		{8000, 432, 7.83},
		{48000, 300, 0}, // no beat: the same tone on both sides
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/%g/%g", tt.rate, tt.carrier, tt.beat), func(t *testing.T) {
			b, err := NewBackground("binaural", tt.rate, tt.carrier, tt.beat)
			if err != nil {
				t.Fatal(err)
			}
			freqs := [2]float64{tt.carrier - tt.beat/2, tt.carrier + tt.beat/2}
			amp := math.Sqrt2 * Gain(BackgroundLevel)
			// Each channel is exactly a sine of its frequency, at any
			// position, here and hours in.
			for _, start := range []int64{0, 12345, 5 * 3600 * int64(tt.rate), -999} {
				x := render(b, start, 3000)
				for i, f := range x {
					p := float64(start + int64(i))
					for c := range 2 {
						want := amp * math.Sin(2*math.Pi*math.Mod(freqs[c]*p/float64(tt.rate), 1))
						if d := math.Abs(f[c] - want); d > 1e-6 {
							t.Fatalf("channel %d at frame %d: %.9f, want %.9f", c, int64(p), f[c], want)
						}
					}
				}
			}
			// And nothing else: the other channel's tone is absent.
			x := render(b, 0, 4*tt.rate)
			for c := range 2 {
				ch := channel(x, c)
				if got := goertzel(ch, tt.rate, freqs[c]); math.Abs(dB(got/(amp*amp/4))) > 0.05 {
					t.Errorf("channel %d: power at %g Hz %.2f dB off a sine of amplitude %.4f", c, freqs[c], dB(got/(amp*amp/4)), amp)
				}
				if other := freqs[1-c]; tt.beat > 0 {
					if got := goertzel(ch, tt.rate, other); dB(got/(amp*amp/4)) > -60 {
						t.Errorf("channel %d: the other side's %g Hz at %.1f dB", c, other, dB(got/(amp*amp/4)))
					}
				}
			}
		})
	}
}
