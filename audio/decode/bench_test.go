package decode

import (
	"bytes"
	"testing"
)

// benchmarkProbe decodes a fixture with Probe and reports the speed as a
// multiple of real time.
func benchmarkProbe(b *testing.B, name string) {
	data := fixture(b, name)
	var info Info
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var err error
		info, err = Probe(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
	}
	seconds := float64(info.Frames) / float64(info.SampleRate) * float64(b.N)
	b.ReportMetric(seconds/b.Elapsed().Seconds(), "x-realtime")
}

func BenchmarkProbeMP3(b *testing.B)      { benchmarkProbe(b, "mp3/cbr128_44100_stereo.mp3") }
func BenchmarkProbeMP3VBR(b *testing.B)   { benchmarkProbe(b, "mp3/vbr5_44100_mono.mp3") }
func BenchmarkProbeMP3MPEG2(b *testing.B) { benchmarkProbe(b, "mp3/mpeg2_32k_22050_mono_id3.mp3") }
func BenchmarkProbeFLAC(b *testing.B)     { benchmarkProbe(b, "flac/s16_stereo_44100.flac") }
func BenchmarkProbeFLAC24(b *testing.B)   { benchmarkProbe(b, "flac/s24_stereo_48000.flac") }
func BenchmarkProbeWAV(b *testing.B)      { benchmarkProbe(b, "wav/pcm_s16_stereo_44100.wav") }

// BenchmarkSeekMP3 measures an exact seek into the middle of an MP3 and the
// first block after it.
func BenchmarkSeekMP3(b *testing.B) {
	s, info, err := Open(bytes.NewReader(fixture(b, "mp3/cbr128_44100_stereo.mp3")))
	if err != nil {
		b.Fatal(err)
	}
	buf := make([][2]float64, 512)
	for b.Loop() {
		if err := s.Seek(int(info.Frames / 2)); err != nil {
			b.Fatal(err)
		}
		s.Stream(buf)
	}
}
