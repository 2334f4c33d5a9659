package synth

import (
	"testing"
)

// BenchmarkBackgroundAdd measures Add into blocks of 4096 frames, as the
// engine mixes, and reports the cost of a frame.
func BenchmarkBackgroundAdd(b *testing.B) {
	const rate = 48000
	for _, kind := range kinds {
		b.Run(kind, func(b *testing.B) {
			bg := newKind(b, kind, rate)
			block := make([][2]float64, 4096)
			pos := int64(0)
			for b.Loop() {
				bg.Add(block, pos, 0.05)
				pos += int64(len(block))
			}
			frames := float64(b.N) * float64(len(block))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/frames, "ns/frame")
			b.ReportMetric(frames/rate/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}

// BenchmarkBell measures one strike of each bell at the timeline's ring.
func BenchmarkBell(b *testing.B) {
	const rate = 48000
	for _, name := range BellNames() {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Bell(name, rate, int(rings[name]*rate)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoops measures the one-off computation of each kind's loops at
// 48 kHz (NewBackground and NewBreath do it once per process and rate) and
// reports the memory they take.
func BenchmarkLoops(b *testing.B) {
	const rate = 48000
	for _, kind := range []string{"brown-noise", "pink-noise", "ocean", "breath"} {
		b.Run(kind, func(b *testing.B) {
			var bytes int
			for b.Loop() {
				if kind == "ocean" {
					bytes = makeOceanLoops(rate).bytes()
				} else {
					bytes = makeLoops(noiseSpecs[kind], rate).bytes()
				}
			}
			b.ReportMetric(float64(bytes)/1e6, "MB")
		})
	}
}
