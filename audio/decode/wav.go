package decode

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// WAV format tags, from the fmt chunk or the sub-format of
// WAVE_FORMAT_EXTENSIBLE.
const (
	wavePCM        = 0x0001
	waveFloat      = 0x0003
	waveExtensible = 0xFFFE
)

// compressedWAV names the compressed WAV encodings people meet most.
var compressedWAV = map[uint16]string{
	0x0002: "Microsoft ADPCM",
	0x0006: "A-law",
	0x0007: "µ-law",
	0x0011: "IMA ADPCM",
	0x0031: "GSM 6.10",
	0x0050: "MPEG audio",
	0x0055: "MP3",
	0x0161: "WMA",
	0x2000: "AC-3",
}

// The tail of the GUIDs of the standard WAVE_FORMAT_EXTENSIBLE sub-formats,
// whose first two bytes are the format tag.
var extensibleGUIDTail = []byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}

const (
	maxChannels = 8
	maxRate     = 768000
	wavBlock    = 4096 // frames decoded per block
)

// wavSampleKind is the encoding of one sample in the data chunk.
type wavSampleKind int

const (
	wavU8 wavSampleKind = iota
	wavS16
	wavS24
	wavS32
	wavF32
	wavF64
)

// wavFormat is what the fmt chunk says.
type wavFormat struct {
	tag        uint16
	channels   int
	rate       int
	bits       int // bits per sample as stored (the container for extensible)
	blockAlign int
}

// openWAV parses the RIFF header; in must be at offset 0 of a file of size
// bytes that starts with RIFF or RF64 and WAVE.
func openWAV(in *seqReader, size int64) (*streamer, error) {
	var fmtc *wavFormat
	var ds64 int64 = -1 // data size from an RF64 ds64 chunk
	pos := int64(12)
	for {
		var h [8]byte
		if err := in.readAt(pos, h[:]); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				if fmtc == nil {
					return nil, corruptf("truncated WAV: the file ends before its format chunk; re-export it")
				}
				return nil, corruptf("truncated WAV: the file ends before its data chunk; re-export it")
			}
			return nil, err
		}
		id, n := string(h[:4]), int64(binary.LittleEndian.Uint32(h[4:]))
		body := pos + 8
		switch id {
		case "fmt ":
			f, err := readWAVFormat(in, body, n, size)
			if err != nil {
				return nil, err
			}
			fmtc = f
		case "ds64":
			var b [16]byte
			if n >= 16 && in.readAt(body, b[:]) == nil {
				ds64 = int64(binary.LittleEndian.Uint64(b[8:]))
			}
		case "data":
			if fmtc == nil {
				return nil, corruptf("damaged WAV: its data chunk comes before its format chunk; re-export it")
			}
			return newWAVStreamer(in, fmtc, body, n, ds64, size)
		}
		next := body + n + n&1 // chunks are padded to an even size
		if next > size {
			return nil, corruptf("truncated WAV: the %q chunk runs past the end of the file and no audio follows; re-export it", id)
		}
		pos = next
	}
}

// readWAVFormat reads and checks a fmt chunk of n bytes at off.
func readWAVFormat(in *seqReader, off, n, size int64) (*wavFormat, error) {
	if n < 16 {
		return nil, corruptf("damaged WAV: its format chunk is %d bytes, too short; re-export it", n)
	}
	if off+16 > size {
		return nil, corruptf("truncated WAV: the file ends inside its format chunk; re-export it")
	}
	b := make([]byte, min(n, 40))
	if err := in.readAt(off, b); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, corruptf("truncated WAV: the file ends inside its format chunk; re-export it")
		}
		return nil, err
	}
	le := binary.LittleEndian
	f := &wavFormat{
		tag:        le.Uint16(b[0:]),
		channels:   int(le.Uint16(b[2:])),
		rate:       int(le.Uint32(b[4:])),
		blockAlign: int(le.Uint16(b[12:])),
		bits:       int(le.Uint16(b[14:])),
	}
	if f.tag == waveExtensible {
		if len(b) < 40 || le.Uint16(b[16:]) < 22 {
			return nil, corruptf("damaged WAV: its extensible format chunk is too short; re-export it")
		}
		if !bytes.Equal(b[26:40], extensibleGUIDTail) {
			return nil, unsupportedf("WAV with a non-standard sub-format is not supported: export it as PCM or float WAV")
		}
		f.tag = le.Uint16(b[24:])
	}
	return f, f.check()
}

// check rejects formats that cannot be decoded, with a message that says why.
func (f *wavFormat) check() error {
	if f.tag != wavePCM && f.tag != waveFloat {
		name, ok := compressedWAV[f.tag]
		if !ok {
			name = fmt.Sprintf("format 0x%04X", f.tag)
		}
		return unsupportedf("compressed WAV (%s) is not supported: export it as PCM or float WAV", name)
	}
	switch {
	case f.channels == 0:
		return corruptf("damaged WAV: its header says it has 0 channels; re-export it")
	case f.channels > maxChannels:
		return unsupportedf("WAV with %d channels is not supported: export it with at most %d", f.channels, maxChannels)
	case f.rate == 0:
		return corruptf("damaged WAV: its header says the sample rate is 0 Hz; re-export it")
	case f.rate > maxRate:
		return unsupportedf("WAV sample rate %d Hz is not supported: use at most %d Hz", f.rate, maxRate)
	case f.bits == 0:
		return corruptf("damaged WAV: its header says samples have 0 bits; re-export it")
	case f.tag == waveFloat && f.bits != 32 && f.bits != 64:
		return unsupportedf("%d-bit float WAV is not supported: export it as 32-bit float or 16/24-bit PCM", f.bits)
	case f.tag == wavePCM && f.bits > 32:
		return unsupportedf("%d-bit integer WAV is not supported: export it as 16, 24 or 32-bit PCM", f.bits)
	}
	if want := f.channels * f.sampleBytes(); f.blockAlign != want {
		return corruptf("damaged WAV: its header says a frame of %d channels of %d bits takes %d bytes, not %d; re-export it",
			f.channels, f.bits, f.blockAlign, want)
	}
	return nil
}

// sampleBytes is the size of one stored sample.
func (f *wavFormat) sampleBytes() int { return (f.bits + 7) / 8 }

func (f *wavFormat) kind() wavSampleKind {
	if f.tag == waveFloat {
		if f.bits == 64 {
			return wavF64
		}
		return wavF32
	}
	return [...]wavSampleKind{wavU8, wavS16, wavS24, wavS32}[f.sampleBytes()-1]
}

// newWAVStreamer builds the streamer for a data chunk of n bytes (as the
// header says) at off. A size that is a placeholder (0 or 0xFFFFFFFF) or runs
// past the end of the file means "to the end of the file".
func newWAVStreamer(in *seqReader, f *wavFormat, off, n, ds64, size int64) (*streamer, error) {
	rest := size - off
	if n == 0xFFFFFFFF && ds64 >= 0 {
		n = ds64
	}
	if n == 0 || n == 0xFFFFFFFF || n > rest {
		n = rest
	}
	frames := n / int64(f.blockAlign)
	if frames == 0 {
		return nil, corruptf("the WAV file holds no audio: its data chunk is empty; re-export it")
	}
	src := &wavSource{in: in, start: off, frames: frames, blockAlign: f.blockAlign, channels: f.channels, kind: f.kind()}
	info := Info{Format: WAV, SampleRate: f.rate, Channels: f.channels, Frames: frames}
	return &streamer{src: src, info: info}, nil
}

// wavSource decodes the data chunk of a WAV file.
type wavSource struct {
	in         *seqReader
	start      int64 // offset of the first frame
	frames     int64
	blockAlign int
	channels   int
	kind       wavSampleKind
	next       int64 // next frame to decode
	raw        []byte
}

func (w *wavSource) seek(p int64) (int64, error) {
	if err := w.in.seek(w.start + p*int64(w.blockAlign)); err != nil {
		return 0, err
	}
	w.next = p
	return p, nil
}

func (w *wavSource) decode(dst [][2]float64) ([][2]float64, error) {
	n := int(min(wavBlock, w.frames-w.next))
	if n <= 0 {
		return dst[:0], io.EOF
	}
	size := n * w.blockAlign
	if cap(w.raw) < size {
		w.raw = make([]byte, size)
	}
	raw := w.raw[:size]
	if err := w.in.readAt(w.start+w.next*int64(w.blockAlign), raw); err != nil {
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		return dst[:0], err
	}
	if cap(dst) < n {
		dst = make([][2]float64, n)
	}
	dst = dst[:n]
	step := w.blockAlign / w.channels
	right := 0
	if w.channels > 1 {
		right = step
	}
	for i := range dst {
		frame := raw[i*w.blockAlign:]
		dst[i][0] = w.sample(frame)
		dst[i][1] = w.sample(frame[right:])
	}
	w.next += int64(n)
	return dst, nil
}

// sample decodes the sample at the start of b to [-1, 1].
func (w *wavSource) sample(b []byte) float64 {
	le := binary.LittleEndian
	switch w.kind {
	case wavU8:
		return (float64(b[0]) - 128) / 128
	case wavS16:
		return float64(int16(le.Uint16(b))) / (1 << 15)
	case wavS24:
		return float64(int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24)>>8) / (1 << 23)
	case wavS32:
		return float64(int32(le.Uint32(b))) / (1 << 31)
	case wavF32:
		return clampFloat(float64(math.Float32frombits(le.Uint32(b))))
	default:
		return clampFloat(math.Float64frombits(le.Uint64(b)))
	}
}

// clampFloat keeps float samples, which may exceed full scale, in [-1, 1],
// and silences NaN.
func clampFloat(x float64) float64 {
	switch {
	case x > 1:
		return 1
	case x < -1:
		return -1
	case x == x:
		return x
	}
	return 0
}
