package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"log"
	"math"
	"strings"
	"testing"
	"unicode"

	"github.com/gopxl/beep/v2"

	"github.com/exhale-audio/exhale/audio/streamtest"
)

// lossless lists the WAV and FLAC fixtures: what Probe must say, and the
// largest difference from the source signal (one step of the bit depth).
var lossless = []struct {
	file     string
	format   Format
	rate     int
	channels int
	frames   int64
	step     float64
}{
	{"wav/pcm_u8_mono_8000.wav", WAV, 8000, 1, 400, 1.0 / (1 << 7)},
	{"wav/pcm_s16_stereo_44100.wav", WAV, 44100, 2, 2205, 1.0 / (1 << 15)},
	{"wav/pcm_s24_stereo_48000.wav", WAV, 48000, 2, 2400, 1.0 / (1 << 23)},
	{"wav/pcm_s32_mono_96000.wav", WAV, 96000, 1, 1920, 1.0 / (1 << 31)},
	{"wav/float32_stereo_44100.wav", WAV, 44100, 2, 2205, 1.0 / (1 << 24)},
	{"wav/ffmpeg_float32_stereo_44100.wav", WAV, 44100, 2, 2205, 1.0 / (1 << 24)},
	{"wav/float64_mono_22050.wav", WAV, 22050, 1, 1103, 1.0 / (1 << 31)},
	{"wav/pcm_s16_8ch_8000.wav", WAV, 8000, 8, 400, 1.0 / (1 << 15)},
	{"wav/ffmpeg_s24_6ch_48000.wav", WAV, 48000, 6, 960, 1.0 / (1 << 23)},
	{"wav/ffmpeg_pipe_s16_mono_16000.wav", WAV, 16000, 1, 800, 1.0 / (1 << 15)},
	{"flac/s16_stereo_44100.flac", FLAC, 44100, 2, 22050, 1.0 / (1 << 15)},
	{"flac/s24_stereo_48000.flac", FLAC, 48000, 2, 12000, 1.0 / (1 << 23)},
	{"flac/s16_mono_24000.flac", FLAC, 24000, 1, 12000, 1.0 / (1 << 15)},
	{"flac/s8_mono_8000.flac", FLAC, 8000, 1, 4000, 1.0 / (1 << 7)},
	{"flac/s24_6ch_48000.flac", FLAC, 48000, 6, 960, 1.0 / (1 << 23)},
}

func TestLossless(t *testing.T) {
	for _, tt := range lossless {
		t.Run(tt.file, func(t *testing.T) {
			b := fixture(t, tt.file)
			info, err := Probe(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("Probe: %v", err)
			}
			want := Info{Format: tt.format, SampleRate: tt.rate, Channels: tt.channels, Frames: tt.frames}
			if info != want {
				t.Fatalf("Probe = %+v, want %+v", info, want)
			}
			frames, openInfo := decodeAll(t, b)
			if openInfo != info {
				t.Errorf("Open's Info = %+v, Probe's %+v", openInfo, info)
			}
			right := 0
			if tt.channels > 1 {
				right = 1
			}
			for i, f := range frames {
				for c, src := range []int{0, right} {
					if d := math.Abs(f[c] - tone(src, i, tt.rate)); d > tt.step*1.001 {
						t.Fatalf("frame %d channel %d = %v, source %v: off by %.2f steps",
							i, c, f[c], tone(src, i, tt.rate), d/tt.step)
					}
				}
			}
		})
	}
}

// TestFLACMatchesWAV checks that FLAC decodes bit for bit to the PCM it was
// made from (or to PCM of the same signal and depth).
func TestFLACMatchesWAV(t *testing.T) {
	for _, tt := range []struct{ flac, wav string }{
		{"flac/s16_stereo_44100.flac", "wav/pcm_s16_stereo_44100.wav"},
		{"flac/s24_stereo_48000.flac", "wav/pcm_s24_stereo_48000.wav"},
		{"flac/s8_mono_8000.flac", "wav/pcm_u8_mono_8000.wav"},
		{"flac/s24_6ch_48000.flac", "wav/ffmpeg_s24_6ch_48000.wav"},
	} {
		t.Run(tt.flac, func(t *testing.T) {
			f, _ := decodeAll(t, fixture(t, tt.flac))
			w, _ := decodeAll(t, fixture(t, tt.wav))
			if len(f) < len(w) {
				t.Fatalf("FLAC has %d frames, WAV %d", len(f), len(w))
			}
			streamtest.Equal(t, "FLAC frames", f[:len(w)], w)
		})
	}
}

// lame lists MP3s encoded by LAME (directly or through FFmpeg) from 1.000 s
// of the source signal.
var lame = []struct {
	file     string
	rate     int
	channels int
}{
	{"mp3/cbr128_44100_mono.mp3", 44100, 1},
	{"mp3/cbr128_44100_stereo.mp3", 44100, 2},
	{"mp3/cbr128_48000_mono.mp3", 48000, 1},
	{"mp3/cbr128_48000_stereo.mp3", 48000, 2},
	{"mp3/vbr5_44100_mono.mp3", 44100, 1},
	{"mp3/vbr5_44100_stereo.mp3", 44100, 2},
	{"mp3/vbr5_48000_mono.mp3", 48000, 1},
	{"mp3/vbr5_48000_stereo.mp3", 48000, 2},
	{"mp3/ffmpeg_64k_44100_mono.mp3", 44100, 1},
}

// TestMP3Gapless checks that encoder delay and padding are trimmed: the clip
// lasts exactly as long as its source, its first frame is the source's first
// (found by least squares over the whole clip), and it sounds like the
// source.
func TestMP3Gapless(t *testing.T) {
	for _, tt := range lame {
		t.Run(tt.file, func(t *testing.T) {
			b := fixture(t, tt.file)
			info, err := Probe(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("Probe: %v", err)
			}
			want := Info{Format: MP3, SampleRate: tt.rate, Channels: tt.channels, Frames: int64(tt.rate)}
			if info != want {
				t.Fatalf("Probe = %+v, want %+v", info, want)
			}
			frames, _ := decodeAll(t, b)
			for c := range 2 {
				src := sourceTone(c*(tt.channels-1), tt.rate, tt.rate)
				got := channel(frames, c)
				if lag := bestLag(got, src, -60, 60); lag < -2 || lag > 2 {
					t.Errorf("channel %d starts %d frames off the source", c, -lag)
				}
				// LAME lowers a pure tone by up to 0.5 dB at these rates.
				if corr, gain := similarity(got, src, 0); corr < 0.99 || gain < 0.85 || gain > 1.15 {
					t.Errorf("channel %d: correlation %.4f, gain %.3f against the source", c, corr, gain)
				}
			}
		})
	}
}

// TestMP3WithoutLAMETag checks an MPEG-2 stream with no tag: 41 frames of
// 576 less the decoder delay are played, so the encoder's own delay (576
// frames, unknown here) is left in. Its padded 22.05 kHz frames are the ones
// go-mp3 misreads when given the file's bytes as they are.
func TestMP3WithoutLAMETag(t *testing.T) {
	b := fixture(t, "mp3/mpeg2_32k_22050_mono_id3.mp3")
	frames, info := decodeAll(t, b)
	want := Info{Format: MP3, SampleRate: 22050, Channels: 1, Frames: 41*576 - decoderDelay}
	if info != want {
		t.Fatalf("Info = %+v, want %+v", info, want)
	}
	src := sourceTone(0, 22050, 22050)
	got := channel(frames, 0)
	lag := bestLag(got, src, -700, 100)
	if lag < -578 || lag > -574 {
		t.Errorf("the source starts %d frames in, want 576", -lag)
	}
	if corr, gain := similarity(got, src, lag); corr < 0.98 || gain < 0.85 || gain > 1.15 {
		t.Errorf("correlation %.4f, gain %.3f against the source", corr, gain)
	}
}

// TestMP3XingWithoutLAMETag checks the decision for an Info frame whose LAME
// extension cannot be trusted (here its CRC is broken): the Info frame and
// the decoder delay are dropped, the encoder's delay stays at the start and
// the padding at the end.
func TestMP3XingWithoutLAMETag(t *testing.T) {
	b := append([]byte(nil), fixture(t, "mp3/cbr128_44100_mono.mp3")...)
	at := bytes.Index(b, []byte("LAME"))
	b[at+30] ^= 0xFF // inside the extension, covered by its CRC
	frames, info := decodeAll(t, b)
	// 40 audio frames of 1152 after the Info frame.
	if want := int64(40*1152 - decoderDelay); info.Frames != want {
		t.Fatalf("Frames = %d, want %d", info.Frames, want)
	}
	src := sourceTone(0, 44100, 44100)
	if lag := bestLag(channel(frames, 0), src, -700, 100); lag < -578 || lag > -574 {
		t.Errorf("the source starts %d frames in, want 576", -lag)
	}
}

func TestContract(t *testing.T) {
	files := []string{
		"mp3/cbr128_44100_stereo.mp3",
		"mp3/vbr5_48000_mono.mp3",
		"mp3/mpeg2_32k_22050_mono_id3.mp3",
		"mp3/ffmpeg_64k_44100_mono.mp3",
		"wav/espeak_stdout.wav",
	}
	for _, f := range lossless {
		files = append(files, f.file)
	}
	for _, file := range files {
		b := fixture(t, file)
		info, err := Probe(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		streamtest.Contract(t, file, func() beep.Streamer {
			s, _, err := Open(bytes.NewReader(b))
			if err != nil {
				panic(err)
			}
			return s
		}, int(info.Frames))
	}
}

// TestMP3SeekExact seeks into every frame of several MP3s, each time to a
// place just after a frame boundary, and compares with a decode from the
// start. Seeks that need a carrier frame for the bit reservoir are counted
// to make sure the test covers them.
func TestMP3SeekExact(t *testing.T) {
	for _, file := range []string{
		"mp3/cbr128_44100_stereo.mp3",
		"mp3/vbr5_44100_mono.mp3",
		"mp3/mpeg2_32k_22050_mono_id3.mp3",
	} {
		t.Run(file, func(t *testing.T) {
			b := fixture(t, file)
			ref, info := decodeAll(t, b)
			s, _, err := Open(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			st := s.(*streamer)
			src := st.src.(*mp3Source)
			carriers := 0
			buf := make([][2]float64, 300)
			for raw := int64(0); raw < int64(len(src.frames)*src.spf); raw += int64(src.spf) {
				p := raw + 7 - st.offset
				if p < 0 || p >= info.Frames {
					continue
				}
				if err := s.Seek(int(p)); err != nil {
					t.Fatalf("Seek(%d): %v", p, err)
				}
				if src.feed != nil && src.feed.carrier {
					carriers++
				}
				n, _ := s.Stream(buf)
				if !streamtest.Equal(t, "after Seek", buf[:n], ref[p:min(int(p)+len(buf), len(ref))]) {
					return
				}
			}
			if carriers == 0 {
				t.Errorf("no seek needed a carrier frame")
			}
		})
	}
}

// TestWAVVariants checks WAV layouts made by patching a fixture: placeholder
// data sizes, odd-sized and unknown chunks, chunks after the data.
func TestWAVVariants(t *testing.T) {
	orig := fixture(t, "wav/pcm_s16_stereo_44100.wav")
	dataAt := bytes.Index(orig, []byte("data"))
	want, _ := decodeAll(t, orig)
	setDataSize := func(n uint32, extra []byte) []byte {
		b := append(append([]byte(nil), orig...), extra...)
		binary.LittleEndian.PutUint32(b[dataAt+4:], n)
		return b
	}
	// An odd-sized unknown chunk, padded, before the data chunk.
	odd := append([]byte("junk"), 5, 0, 0, 0, 1, 2, 3, 4, 5, 0)
	withOdd := append(append(append([]byte(nil), orig[:dataAt]...), odd...), orig[dataAt:]...)
	list := append([]byte("LIST"), 4, 0, 0, 0, 'I', 'N', 'F', 'O')
	tests := []struct {
		name string
		b    []byte
	}{
		{"data size 0", setDataSize(0, nil)},
		{"data size 0xFFFFFFFF", setDataSize(0xFFFFFFFF, nil)},
		{"data size past the end", setDataSize(1<<30, nil)},
		{"placeholder and a partial frame", setDataSize(0xFFFFFFFF, []byte{1, 2, 3})},
		{"RIFF size wrong", func() []byte {
			b := append([]byte(nil), orig...)
			binary.LittleEndian.PutUint32(b[4:], 7)
			return b
		}()},
		{"odd chunk before data", withOdd},
		{"chunk after data", append(append([]byte(nil), orig...), list...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, info := decodeAll(t, tt.b)
			if info.Frames != 2205 {
				t.Fatalf("Frames = %d, want 2205", info.Frames)
			}
			streamtest.Equal(t, "frames", got, want)
		})
	}
}

// TestFLACVariants checks FLAC layouts made by patching a fixture.
func TestFLACVariants(t *testing.T) {
	orig := fixture(t, "flac/s16_stereo_44100.flac")
	want, _ := decodeAll(t, orig)
	unknownLength := append([]byte(nil), orig...)
	// STREAMINFO starts at 8; its total sample count is the low 36 bits of
	// bytes 10..17 of the block.
	unknownLength[8+13] &= 0xF0
	copy(unknownLength[8+14:8+18], []byte{0, 0, 0, 0})
	id3 := append([]byte("ID3\x04\x00\x00\x00\x00\x00\x14"), make([]byte, 20)...)
	for _, tt := range []struct {
		name string
		b    []byte
	}{
		{"length not in STREAMINFO", unknownLength},
		{"ID3v2 tag first", append(append([]byte(nil), id3...), orig...)},
		{"ID3v1 tag last", append(append([]byte(nil), orig...), append([]byte("TAG"), make([]byte, 125)...)...)},
		{"length unknown and ID3v1 tag last", append(append([]byte(nil), unknownLength...), append([]byte("TAG"), make([]byte, 125)...)...)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, info := decodeAll(t, tt.b)
			if info.Frames != 22050 {
				t.Fatalf("Frames = %d, want 22050", info.Frames)
			}
			streamtest.Equal(t, "frames", got, want)
		})
	}
}

// TestFLACDoesNotLog checks that a 24 kHz FLAC, whose frame headers make
// mewkiz/flac log, decodes without writing to the standard logger.
func TestFLACDoesNotLog(t *testing.T) {
	prev := log.Writer()
	var out bytes.Buffer
	log.SetOutput(&out)
	defer log.SetOutput(prev)
	_, info := decodeAll(t, fixture(t, "flac/s16_mono_24000.flac"))
	if info.Frames != 12000 {
		t.Errorf("Frames = %d", info.Frames)
	}
	if out.Len() > 0 {
		t.Errorf("decoding logged %q", out.String())
	}
}

// corruptMP3 returns an MP3 fixture whose frame k claims 511 big values in
// its first granule, more than a granule has.
func corruptMP3(t *testing.T, name string, k int) []byte {
	b := fixture(t, name)
	in := newSeqReader(bytes.NewReader(b))
	idx, err := scanMP3(in, 0, int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f := idx.frames[k]
	side := b[f.off+int64(f.hdr.audioStart()):]
	// MPEG-1 mono: main_data_begin 9, private 5, scfsi 4, part2_3_length
	// 12, then big_values 9 bits: bits 30 to 38.
	for bit := 30; bit < 39; bit++ {
		side[bit/8] |= 0x80 >> (bit % 8)
	}
	return b
}

func TestBadInput(t *testing.T) {
	mp3 := fixture(t, "mp3/cbr128_44100_mono.mp3")
	wav := fixture(t, "wav/pcm_s16_stereo_44100.wav")
	flac := fixture(t, "flac/s16_stereo_44100.flac")
	flac24 := fixture(t, "flac/s16_mono_24000.flac")
	flip := func(b []byte, at int) []byte {
		b = append([]byte(nil), b...)
		b[at] ^= 0x5A
		return b
	}
	tests := []struct {
		name string
		b    []byte
		kind error
		msg  string
	}{
		{"empty", nil, ErrCorrupt, "empty file"},
		{"5 bytes", []byte("small"), ErrUnknownFormat, "not a recognised audio file"},
		{"text", []byte("Breathe in for four counts.\nHold for seven.\n"), ErrUnknownFormat, "use mp3, wav or flac"},
		{"ogg", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00"), ErrUnknownFormat, "this is Ogg"},
		{"ID3 tag only", []byte("ID3\x03\x00\x00\x00\x00\x01\x00"), ErrCorrupt, "ID3 tag but no audio"},
		{"ID3 tag then text", append([]byte("ID3\x03\x00\x00\x00\x00\x00\x02ab"), "not audio at all"...), ErrUnknownFormat, "no MP3 audio"},
		{"truncated mp3", mp3[:len(mp3)/2], ErrCorrupt, "truncated MP3"},
		{"mp3 header frame only", mp3[:417], ErrCorrupt, "truncated MP3"},
		{"mp3 cut inside the first frame", mp3[:300], ErrCorrupt, "truncated MP3"},
		{"corrupt mp3 data", corruptMP3(t, "mp3/cbr128_44100_mono.mp3", 10), ErrCorrupt, "corrupt MP3 data near 0.3s"},
		{"free-format mp3", fixture(t, "mp3/freeformat.mp3"), ErrUnsupported, "free-format MP3 is not supported"},
		{"MPEG-2.5", fixture(t, "mp3/mpeg25_8000.mp3"), ErrUnsupported, "MPEG-2.5"},
		{"layer II", fixture(t, "mp3/layer2.mp2"), ErrUnsupported, "layer II"},
		{"truncated wav header", wav[:30], ErrCorrupt, "truncated WAV"},
		{"wav without data", wav[:36], ErrCorrupt, "truncated WAV"},
		{"µ-law wav", fixture(t, "wav/mulaw_mono_8000.wav"), ErrUnsupported, "µ-law"},
		{"IMA ADPCM wav", fixture(t, "wav/ima_adpcm_mono_8000.wav"), ErrUnsupported, "IMA ADPCM"},
		{"wav 0 channels", makeWAV(0, 44100, 16, 4, 1), ErrCorrupt, "0 channels"},
		{"wav rate 0", makeWAV(1, 0, 16, 2, 1), ErrCorrupt, "0 Hz"},
		{"wav 9 channels", makeWAV(9, 44100, 16, 18, 1), ErrUnsupported, "9 channels"},
		{"wav absurd rate", makeWAV(2, 0xFFFFFFFF, 16, 4, 1), ErrUnsupported, "sample rate"},
		{"wav 0 bits", makeWAV(2, 44100, 0, 4, 1), ErrCorrupt, "0 bits"},
		{"wav block align wrong", makeWAV(2, 44100, 16, 3, 1), ErrCorrupt, "takes 3 bytes"},
		{"wav 12-bit float", makeWAV(1, 44100, 12, 2, 3), ErrUnsupported, "float"},
		{"wav fmt chunk of 4 GB", patch(wav, 16, 0xFFFFFFF0), ErrCorrupt, "truncated WAV"},
		{"wav chunk of 4 GB before data", insert(wav, 36, []byte("LIST\xf0\xff\xff\xffINFO")), ErrCorrupt, "runs past the end"},
		{"wav data before fmt", append([]byte("RIFF\x00\x00\x00\x00WAVEdata\x04\x00\x00\x00\x00\x00\x00\x00"), wav[12:]...), ErrCorrupt, "before its format chunk"},
		{"wav empty data", makeWAVData(2, 44100, 16, 4, 1, nil), ErrCorrupt, "no audio"},
		{"truncated flac", flac[:len(flac)/2], ErrCorrupt, "truncated FLAC"},
		{"flac cut in its metadata", flac[:20], ErrCorrupt, "truncated FLAC"},
		{"flac with a damaged frame", flip(flac, len(flac)/2), ErrCorrupt, "corrupt FLAC data"},
		{"24 kHz flac with a damaged frame", flip(flac24, len(flac24)/2), ErrCorrupt, "corrupt FLAC data"},
		{"32-bit flac", fixture(t, "flac/s32_mono_44100.flac"), ErrUnsupported, "32-bit FLAC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Probe(bytes.NewReader(tt.b))
			if err == nil {
				t.Fatal("Probe: no error")
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("Probe: %v; not %v", err, tt.kind)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.msg) {
				t.Errorf("Probe: %q does not say %q", msg, tt.msg)
			}
			if r := []rune(msg); unicode.IsUpper(r[0]) && unicode.IsLower(r[1]) {
				t.Errorf("Probe: %q starts with a capital", msg)
			}
			if strings.HasSuffix(msg, ".") {
				t.Errorf("Probe: %q ends with a period", msg)
			}
		})
	}
}

// TestOpenReportsDamageWhileStreaming checks that damage Probe finds in the
// audio data, not the headers, surfaces through Err after Open.
func TestOpenReportsDamageWhileStreaming(t *testing.T) {
	b := corruptMP3(t, "mp3/cbr128_44100_mono.mp3", 10)
	s, info, err := Open(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	buf := make([][2]float64, 512)
	total := 0
	for {
		n, ok := s.Stream(buf)
		total += n
		if !ok {
			break
		}
		if s.Err() != nil {
			t.Fatalf("Err() = %v while Stream still returns ok", s.Err())
		}
	}
	if err := s.Err(); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Err() = %v, want ErrCorrupt", err)
	}
	if int64(total) >= info.Frames || total == 0 {
		t.Errorf("streamed %d of %d frames before the damage", total, info.Frames)
	}
	if n, ok := s.Stream(buf); n != 0 || ok {
		t.Errorf("after the error Stream = (%d, %v)", n, ok)
	}
	if err := s.Seek(0); err == nil {
		t.Errorf("Seek after the error succeeded")
	}
}

// closer records Close.
type closer struct {
	*bytes.Reader
	closed int
}

func (c *closer) Close() error { c.closed++; return nil }

func TestClose(t *testing.T) {
	r := &closer{Reader: bytes.NewReader(fixture(t, "wav/pcm_u8_mono_8000.wav"))}
	s, _, err := Open(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil || r.closed != 1 {
		t.Fatalf("Close = %v, reader closed %d times", err, r.closed)
	}
	if n, ok := s.Stream(make([][2]float64, 10)); n != 0 || ok {
		t.Errorf("Stream after Close = (%d, %v)", n, ok)
	}
	if err := s.Close(); err != nil || r.closed != 1 {
		t.Errorf("second Close = %v, reader closed %d times", err, r.closed)
	}
	bad := &closer{Reader: bytes.NewReader([]byte("not audio"))}
	if _, _, err := Open(bad); err == nil || bad.closed != 0 {
		t.Errorf("Open of bad input: err %v, reader closed %d times", err, bad.closed)
	}
}

// makeWAV builds a WAV header with the given fields and n frames of zeros.
func makeWAV(channels, rate, bits, blockAlign int, tag uint16) []byte {
	return makeWAVData(channels, rate, bits, blockAlign, tag, make([]byte, 64))
}

func makeWAVData(channels, rate, bits, blockAlign int, tag uint16, data []byte) []byte {
	le := binary.LittleEndian
	b := []byte("RIFF\x00\x00\x00\x00WAVEfmt \x10\x00\x00\x00")
	b = le.AppendUint16(b, tag)
	b = le.AppendUint16(b, uint16(channels))
	b = le.AppendUint32(b, uint32(rate))
	b = le.AppendUint32(b, uint32(rate*blockAlign))
	b = le.AppendUint16(b, uint16(blockAlign))
	b = le.AppendUint16(b, uint16(bits))
	b = append(b, "data"...)
	b = le.AppendUint32(b, uint32(len(data)))
	b = append(b, data...)
	le.PutUint32(b[4:], uint32(len(b)-8))
	return b
}

// patch returns b with the 32-bit little-endian word at off set to v.
func patch(b []byte, off int, v uint32) []byte {
	b = append([]byte(nil), b...)
	binary.LittleEndian.PutUint32(b[off:], v)
	return b
}

// insert returns b with x inserted at off.
func insert(b []byte, off int, x []byte) []byte {
	return append(append(append([]byte(nil), b[:off]...), x...), b[off:]...)
}
