package output

import (
	"encoding/binary"
	"math"
)

// MaxWAVFrames is the most stereo 16-bit frames a WAV file's 32-bit sizes
// can describe (4 GiB: about 6 hours at 48 kHz).
const MaxWAVFrames = (math.MaxUint32 - WAVHeaderSize) / 4

// WAVHeaderSize is the size of the header WAVHeader writes; the frames
// follow it, 4 bytes each.
const WAVHeaderSize = 44

// WAVHeader returns the 44-byte header of a 16-bit PCM stereo WAV file of
// frames frames at rate.
func WAVHeader(rate int, frames int64) []byte {
	le := binary.LittleEndian
	data := uint32(frames * 4)
	h := make([]byte, 0, WAVHeaderSize)
	h = append(h, "RIFF"...)
	h = le.AppendUint32(h, 36+data)
	h = append(h, "WAVEfmt "...)
	h = le.AppendUint32(h, 16)
	h = le.AppendUint16(h, 1) // PCM
	h = le.AppendUint16(h, 2)
	h = le.AppendUint32(h, uint32(rate))
	h = le.AppendUint32(h, uint32(rate*4))
	h = le.AppendUint16(h, 4)
	h = le.AppendUint16(h, 16)
	h = append(h, "data"...)
	h = le.AppendUint32(h, data)
	return h
}

// EncodePCM16 writes frames as little-endian 16-bit stereo into b (4 bytes
// a frame), clipping anything outside [-1, 1]. Each sample is dithered
// with triangular (TPDF) noise of one least significant bit before
// rounding, so that quiet fades keep their smoothness instead of turning
// into steps. The noise is a pure function of the frame's position pos+i,
// so the same frames give the same bytes however they are split into calls,
// or rendered in parallel and placed by position.
func EncodePCM16(b []byte, frames [][2]float64, pos int64) {
	for i, f := range frames {
		r := mix64(uint64(pos + int64(i)))
		// The difference of two uniform values in [0, 1) is triangular in
		// (-1, 1).
		d0 := float64(r&0xffff)/65536 - float64(r>>16&0xffff)/65536
		d1 := float64(r>>32&0xffff)/65536 - float64(r>>48)/65536
		binary.LittleEndian.PutUint16(b[i*4:], uint16(quantise(f[0], d0)))
		binary.LittleEndian.PutUint16(b[i*4+2:], uint16(quantise(f[1], d1)))
	}
}

func quantise(x, dither float64) int16 {
	// Offset so that the value is positive, where converting to an
	// integer rounds down, exactly like math.Floor but faster.
	v := x*32767 + dither + 32768.5
	switch {
	case v >= 65535:
		return 32767
	case v < 0:
		return -32768
	}
	return int16(int32(v) - 32768)
}

// mix64 is the splitmix64 finaliser: a good 64-bit hash of a counter.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
