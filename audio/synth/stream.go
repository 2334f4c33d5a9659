package synth

import "github.com/gopxl/beep/v2"

// Streamer returns an endless beep.Streamer that plays b from frame pos
// on, times gain: a way to hear a Background on its own, or to put one in
// a beep graph. Its Stream overwrites the buffer it is given. With gain in
// [−1, 1] every sample stays in [−1, 1].
func Streamer(b Background, pos int64, gain float64) beep.Streamer {
	return &backgroundStreamer{b: b, pos: pos, gain: gain}
}

type backgroundStreamer struct {
	b    Background
	pos  int64
	gain float64
}

func (s *backgroundStreamer) Stream(samples [][2]float64) (int, bool) {
	clear(samples)
	s.b.Add(samples, s.pos, s.gain)
	s.pos += int64(len(samples))
	return len(samples), true
}

func (s *backgroundStreamer) Err() error { return nil }
