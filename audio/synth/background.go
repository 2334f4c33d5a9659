package synth

import (
	"fmt"
	"math"
	"slices"
)

// Background is an endless stereo sound that can be rendered from any
// position. Its frames are a pure function of their position: rendering
// [p, q) gives the same frames, bit for bit, however the span is split into
// calls and whichever call comes first. A Background has no state that Add
// changes, so it is safe for concurrent use.
type Background interface {
	// Add adds frames [pos, pos+len(dst)) of the sound, times gain, into
	// dst. It never overwrites: to get the frames alone, add into zeros.
	Add(dst [][2]float64, pos int64, gain float64)
}

// BackgroundLevel is the RMS level of every Background in dBFS: the level,
// over a long stretch, of each channel.
const BackgroundLevel = -16.0

// backgroundKinds are the kinds NewBackground knows.
var backgroundKinds = []string{"binaural", "brown-noise", "ocean", "pink-noise"}

// BackgroundKinds returns the kinds NewBackground knows, sorted.
func BackgroundKinds() []string { return slices.Clone(backgroundKinds) }

// NewBackground returns the Background of a kind at rate frames per second:
//
//   - "brown-noise": integrated white noise (−6 dB/octave), deep and soft,
//     high-passed below about 20 Hz so it has no DC and no sub-sonic rumble;
//   - "pink-noise": −3 dB/octave noise, rolled off gently above about 8 kHz
//     so that it is never harsh;
//   - "ocean": noise in slow swells like waves on a beach, each 6 to 12
//     seconds long and each different: the roar rises and falls and grows
//     brighter as a wave breaks;
//   - "binaural": a sine of carrier−beat/2 Hz on the left and carrier+beat/2
//     Hz on the right (heard through headphones as a beat of beat Hz).
//
// carrier and beat are used by "binaural" only. The noise kinds are wide
// (the two channels are independent). Their loops are computed the first
// time a kind is asked for at a rate, in well under a second, and then
// shared by the whole process: 5.6 MB for brown or pink noise and 11.2 MB
// for the ocean at 48 kHz (in proportion to the rate).
func NewBackground(kind string, rate int, carrier, beat float64) (Background, error) {
	if err := checkRate(rate); err != nil {
		return nil, err
	}
	switch kind {
	case "brown-noise", "pink-noise":
		return newNoise(kind, rate), nil
	case "ocean":
		return newOcean(rate), nil
	case "binaural":
		b, err := newBinaural(rate, carrier, beat)
		if err != nil {
			return nil, err
		}
		return b, nil
	}
	return nil, fmt.Errorf("unknown background %q: use one of %v", kind, backgroundKinds)
}

// NewBreath returns the texture of the breathing guide at rate frames per
// second: a soft, airy noise in the band of a calm breath through the nose,
// about 300 Hz to 3 kHz, mostly in the middle of the stereo image and a
// little wide. It has the level of every Background; the engine shapes it
// with the breathing envelope (see Swell and RaisedCosine). Its loops, like
// a noise's, are computed once per process and rate and take 5.6 MB at
// 48 kHz.
//
// NewBreath panics if rate is outside [MinRate, MaxRate]: rates are
// checked where the engine is set up, long before a breath is drawn.
func NewBreath(rate int) Background {
	if err := checkRate(rate); err != nil {
		panic("synth.NewBreath: " + err.Error())
	}
	return newNoise("breath", rate)
}

// mod returns p modulo n in [0, n), for negative p too.
func mod(p int64, n int) int {
	m := int(p % int64(n))
	if m < 0 {
		m += n
	}
	return m
}

// softLimit leaves |x| ≤ knee alone and bends larger values smoothly
// towards ±ceiling, which they never reach: with tanh, whose slope is 1
// and whose curvature is 0 at the knee, so that the bend adds no edge that
// could be heard.
func softLimit(x, knee, ceiling float64) float64 {
	a := math.Abs(x)
	if a <= knee {
		return x
	}
	w := ceiling - knee
	return math.Copysign(knee+w*math.Tanh((a-knee)/w), x)
}
