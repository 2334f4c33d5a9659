// Package synth generates the sounds exhale makes itself: struck bells,
// endless backgrounds (brown and pink noise, ocean swell, binaural tones)
// and the breath texture that the breathing guide shapes.
//
// The contract:
//
//   - Everything counts in frames (samples per channel) at a rate the caller
//     chooses, from MinRate to MaxRate. Stored sounds (Bell) are stereo
//     [2]float32 frames; endless sounds (Background) are added into the
//     caller's [][2]float64 blocks, the engine's mixing format. Nothing here
//     overwrites a caller's block: Add and AddFrames add.
//   - Output is deterministic: the same call gives the same samples, bit for
//     bit, in every run. The random numbers come from a fixed hash of this
//     package, never from math/rand.
//   - A Background is pure and seekable: the frame at position p depends on p
//     alone, never on where rendering started or on the block sizes used, so
//     a session can be rendered in parallel chunks and from any point. It is
//     endless, and its noise does not repeat for thousands of hours. It is
//     fast: Add costs a few nanoseconds a frame, because the random numbers
//     and the filtering are done once per process and rate, into short
//     seamless loops that Add only reads and sums.
//   - Every sound is soft, band-limited and free of clicks in itself: a bell
//     starts and ends at exactly 0; a Background has no ramps of its own (it
//     has neither start nor end), so whoever starts or stops one fades it,
//     as every layer of the mix is faded (RaisedCosine, Fade).
//   - Levels are set so that layers are comparable: a bell peaks at BellPeak
//     (-1 dBFS), and every Background has an RMS level of BackgroundLevel
//     (-16 dBFS: 20·log10 of the RMS of the sample values, full scale being
//     1) with every sample in [-1, 1]. A layer level of -26 dB thus means
//     the same for each kind.
//
// The functions of this package are safe for concurrent use, and so is a
// Background: it holds no state that Add changes, so one value can render
// many chunks at once.
package synth
