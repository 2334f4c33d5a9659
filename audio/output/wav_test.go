package output_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/exhale-audio/exhale/audio/decode"
	"github.com/exhale-audio/exhale/audio/output"
)

func TestWAVRoundTrip(t *testing.T) {
	const n = 4800
	frames := make([][2]float64, n)
	for i := range frames {
		frames[i] = [2]float64{0.5 * math.Sin(float64(i)/10), -0.25}
	}
	frames[10] = [2]float64{2, -2} // clipped, not wrapped
	var b bytes.Buffer
	b.Write(output.WAVHeader(48000, n))
	pcm := make([]byte, n*4)
	output.EncodePCM16(pcm, frames, 0)
	b.Write(pcm)

	info, err := decode.Probe(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != decode.WAV || info.SampleRate != 48000 || info.Channels != 2 || info.Frames != n {
		t.Fatalf("info = %+v", info)
	}
	for i, f := range frames {
		for ch := 0; ch < 2; ch++ {
			got := float64(int16(binary.LittleEndian.Uint16(pcm[i*4+ch*2:])))
			want := math.Max(-32768, math.Min(32767, f[ch]*32767))
			if math.Abs(got-want) > 1.5 {
				t.Fatalf("frame %d ch %d = %v, want %v ± 1 LSB of dither", i, ch, got, want)
			}
		}
	}
}

// TestDitherIsPositional: the same frames at the same positions give the
// same bytes however they are split, and silence dithers to at most ±1 LSB.
func TestDitherIsPositional(t *testing.T) {
	frames := make([][2]float64, 1000)
	whole := make([]byte, 4000)
	output.EncodePCM16(whole, frames, 5000)
	parts := make([]byte, 4000)
	output.EncodePCM16(parts[:1204], frames[:301], 5000)
	output.EncodePCM16(parts[1204:], frames[301:], 5301)
	if !bytes.Equal(whole, parts) {
		t.Fatal("split encoding differs from whole encoding")
	}
	nonzero := 0
	for i := 0; i < len(whole); i += 2 {
		v := int16(binary.LittleEndian.Uint16(whole[i:]))
		if v < -1 || v > 1 {
			t.Fatalf("dithered silence reached %d", v)
		}
		if v != 0 {
			nonzero++
		}
	}
	if nonzero == 0 {
		t.Fatal("no dither at all")
	}
}
