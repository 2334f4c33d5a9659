package synth

import (
	"testing"

	"github.com/exhale-audio/exhale/audio/streamtest"
	"github.com/gopxl/beep/v2"
)

func TestStreamer(t *testing.T) {
	const rate = 16000
	for _, kind := range kinds {
		b := newKind(t, kind, rate)
		streamtest.Contract(t, kind, func() beep.Streamer { return Streamer(b, 0, 1) }, streamtest.Infinite)
		// Far in, where the ocean is loudest over the first minutes.
		streamtest.Contract(t, kind+" from 2 hours", func() beep.Streamer { return Streamer(b, 2*3600*rate, 1) }, streamtest.Infinite)

		// A streamer plays what Add adds, from where it was started.
		got, ok := streamtest.ReadAll(t, Streamer(b, 4321, 0.25), 1000, streamtest.Infinite)
		if !ok {
			continue
		}
		want := make([][2]float64, len(got))
		b.Add(want, 4321, 0.25)
		streamtest.Equal(t, kind+" streamed from 4321 at 0.25", got, want)
	}
}

// TestStreamerPeaks plays every kind for ten minutes through the contract's
// value check (every sample in [−1, 1]) with the streamer's own reads.
func TestStreamerPeaks(t *testing.T) {
	const rate = 8000
	for _, kind := range kinds {
		s := Streamer(newKind(t, kind, rate), 0, 1)
		buf := make([][2]float64, 4096)
		for done := 0; done < 600*rate; done += len(buf) {
			s.Stream(buf)
			for i, f := range buf {
				if f[0] < -1 || f[0] > 1 || f[1] < -1 || f[1] > 1 {
					t.Fatalf("%s: frame %d = %v, outside [-1, 1]", kind, done+i, f)
				}
			}
		}
	}
}
