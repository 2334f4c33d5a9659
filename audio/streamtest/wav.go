package streamtest

import (
	"encoding/binary"
	"math"
)

// WAV16 builds a 16-bit PCM WAV file in memory, for tests that need real
// audio files: seconds of f(t, channel) (values in [-1, 1]) at rate with
// the given number of channels.
func WAV16(rate, channels int, seconds float64, f func(t float64, ch int) float64) []byte {
	n := int(math.Round(seconds * float64(rate)))
	le := binary.LittleEndian
	b := make([]byte, 0, 44+n*channels*2)
	b = append(b, "RIFF"...)
	b = le.AppendUint32(b, uint32(36+n*channels*2))
	b = append(b, "WAVEfmt "...)
	b = le.AppendUint32(b, 16)
	b = le.AppendUint16(b, 1)
	b = le.AppendUint16(b, uint16(channels))
	b = le.AppendUint32(b, uint32(rate))
	b = le.AppendUint32(b, uint32(rate*channels*2))
	b = le.AppendUint16(b, uint16(channels*2))
	b = le.AppendUint16(b, 16)
	b = append(b, "data"...)
	b = le.AppendUint32(b, uint32(n*channels*2))
	for i := 0; i < n; i++ {
		for ch := 0; ch < channels; ch++ {
			v := math.Round(f(float64(i)/float64(rate), ch) * 32767)
			b = le.AppendUint16(b, uint16(int16(max(-32768, min(32767, v)))))
		}
	}
	return b
}

// Sine is a sine of freq Hz at amp, for WAV16.
func Sine(freq, amp float64) func(float64, int) float64 {
	return func(t float64, _ int) float64 { return amp * math.Sin(2*math.Pi*freq*t) }
}
