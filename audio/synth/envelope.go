package synth

import "math"

// RaisedCosine is a smooth step from 0 to 1: 0 for x ≤ 0, 1 for x ≥ 1 and
// (1 − cos πx)/2 between, with zero slope at both ends. It is the shape of
// every fade in exhale, and RaisedCosine(x) + RaisedCosine(1−x) = 1, so a
// fade-out and a fade-in of the same length cross at constant sum.
func RaisedCosine(x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	return 0.5 - 0.5*math.Cos(math.Pi*x)
}

// Swell rises from 0 to 1 and falls back to 0 as x goes from 0 to 1
// (sin²πx, with zero slope at both ends); it is 0 outside [0, 1]. It suits a
// sound that follows one breath, loudest when the air moves fastest.
func Swell(x float64) float64 {
	if x <= 0 || x >= 1 {
		return 0
	}
	s := math.Sin(math.Pi * x)
	return s * s
}

// Fade returns the gain at frame pos of a sound length frames long that
// fades in over its first ramp frames and out over its last ramp frames
// with RaisedCosine shapes: 0 at frames 0 and length−1, 1 in between the
// ramps, and 0 outside [0, length). When 2·ramp exceeds length the ramps
// are shortened to meet in the middle.
func Fade(pos, length, ramp int64) float64 {
	if pos < 0 || pos >= length {
		return 0
	}
	ramp = min(ramp, (length-1)/2)
	if ramp <= 0 {
		return 1
	}
	d := min(pos, length-1-pos)
	return RaisedCosine(float64(d) / float64(ramp))
}

// Gain returns the amplitude factor of a level in decibels: Gain(0) = 1,
// Gain(−6) ≈ 0.5, Gain(−26) ≈ 0.05.
func Gain(db float64) float64 {
	return math.Pow(10, db/20)
}

// AddFrames adds src, times gain, into dst, frame by frame, over the length
// of the shorter of the two. It is how a stored sound, such as a Bell, is
// mixed into an engine block: AddFrames(block, bell[start:], gain).
func AddFrames(dst [][2]float64, src [][2]float32, gain float64) {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i := range dst {
		dst[i][0] += gain * float64(src[i][0])
		dst[i][1] += gain * float64(src[i][1])
	}
}
