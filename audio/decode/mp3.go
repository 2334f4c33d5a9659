package decode

import (
	"bytes"
	"encoding/binary"
	"io"
)

// decoderDelay is the delay, in frames, of the MP3 decoder's hybrid and
// polyphase synthesis filter banks: the first sample of the encoder's input
// leaves the decoder 529 frames after the first decoded one.
const decoderDelay = 529

// mp3Header is the 32-bit header of an MPEG audio frame.
type mp3Header uint32

func (h mp3Header) version() int      { return int(h >> 19 & 3) } // 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
func (h mp3Header) layer() int        { return int(h >> 17 & 3) } // 1 layer III, 2 II, 3 I
func (h mp3Header) hasCRC() bool      { return h>>16&1 == 0 }
func (h mp3Header) bitrateIndex() int { return int(h >> 12 & 15) }
func (h mp3Header) rateIndex() int    { return int(h >> 10 & 3) }
func (h mp3Header) padding() int      { return int(h >> 9 & 1) }
func (h mp3Header) mono() bool        { return h>>6&3 == 3 }
func (h mp3Header) lsf() bool         { return h.version() != 3 }

// looksLikeMPEG reports whether h passes the validity test go-mp3 applies to
// a frame header.
func (h mp3Header) looksLikeMPEG() bool {
	return h&0xFFE00000 == 0xFFE00000 && h.version() != 1 && h.layer() != 0 &&
		h.bitrateIndex() != 15 && h.rateIndex() != 3 && h&3 != 2
}

// sameStream reports whether two headers agree on version, layer and sample
// rate, as the frames of one stream do.
func (h mp3Header) sameStream(o mp3Header) bool { return h&0xFFFE0C00 == o&0xFFFE0C00 }

// unsupported says why a header that looks like MPEG audio cannot be
// decoded, or returns nil.
func (h mp3Header) unsupported() error {
	switch {
	case h.layer() != 1:
		return unsupportedf("MPEG layer %s audio is not supported: convert it to MP3 (layer III), wav or flac",
			[...]string{"", "III", "II", "I"}[h.layer()])
	case h.version() == 0:
		return unsupportedf("MPEG-2.5 MP3 at %d Hz is not supported: re-encode it at 16 kHz or more", h.sampleRate())
	case h.bitrateIndex() == 0:
		return unsupportedf("free-format MP3 is not supported: re-encode it at a fixed or variable bitrate")
	}
	return nil
}

func (h mp3Header) sampleRate() int {
	r := [3]int{44100, 48000, 32000}[h.rateIndex()]
	switch h.version() {
	case 2:
		return r / 2
	case 0:
		return r / 4
	}
	return r
}

var mp3Bitrates = [2][15]int{
	{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
	{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
}

// bitrate is the layer III bitrate in bits per second.
func (h mp3Header) bitrate() int {
	i := 0
	if h.lsf() {
		i = 1
	}
	return mp3Bitrates[i][h.bitrateIndex()] * 1000
}

// frameSize is the size in bytes of a layer III frame.
func (h mp3Header) frameSize() int {
	if h.lsf() {
		return 72*h.bitrate()/h.sampleRate() + h.padding()
	}
	return 144*h.bitrate()/h.sampleRate() + h.padding()
}

func (h mp3Header) samplesPerFrame() int {
	if h.lsf() {
		return 576
	}
	return 1152
}

func (h mp3Header) channels() int {
	if h.mono() {
		return 1
	}
	return 2
}

func (h mp3Header) sideInfoSize() int {
	switch {
	case h.lsf() && h.mono():
		return 9
	case h.lsf() || h.mono():
		return 17
	}
	return 32
}

// audioStart is the offset in a frame of its side information.
func (h mp3Header) audioStart() int {
	if h.hasCRC() {
		return 6
	}
	return 4
}

// usable reports whether h is a layer III header this package decodes whose
// frame has room for its side information.
func (h mp3Header) usable() bool {
	return h.looksLikeMPEG() && h.unsupported() == nil && h.frameSize() >= h.audioStart()+h.sideInfoSize()
}

// mp3Frame locates one audio frame.
type mp3Frame struct {
	off int64
	hdr mp3Header
}

// mp3Tag is what a Xing/Info (with an optional LAME or FFmpeg extension) or
// VBRI header in the first frame says.
type mp3Tag struct {
	frames  int64 // audio frames announced, 0 if not said
	gapless bool  // delay and padding are known
	delay   int   // encoder delay in frames
	padding int   // frames of padding at the end
}

// mp3Index is the result of scanning an MP3 stream.
type mp3Index struct {
	frames []mp3Frame // the audio frames, without a tag frame
	tag    *mp3Tag
}

// scanMP3 finds the frames of the MPEG audio stream that starts at or after
// start. It follows the chain of frame lengths, and when the chain breaks
// looks for the next header that a second header confirms, so that junk,
// tags and damaged frames are skipped. A frame cut off by the end of the file
// is dropped. The work is linear in the size of the file.
func scanMP3(in *seqReader, start, size int64) (*mp3Index, error) {
	idx := &mp3Index{}
	w := &scanWindow{in: in, size: size}
	var lock mp3Header // header of the first frame found; 0 before
	next := int64(-1)  // where the chain says the next frame starts
	pos := start
	for pos+4 <= size {
		w.low = pos
		b, err := w.at(pos, 4)
		if err != nil {
			return nil, err
		}
		h := mp3Header(be32(b))
		switch {
		case lock == 0 && pos == start && h.looksLikeMPEG():
			if err := h.unsupported(); err != nil {
				return nil, err
			}
			if !h.usable() {
				pos++
				continue
			}
		case !h.usable() || (lock != 0 && !h.sameStream(lock)):
			pos++
			continue
		case pos != next && !w.confirm(pos+int64(h.frameSize()), h):
			pos++
			continue
		}
		n := int64(h.frameSize())
		if pos+n > size {
			break // cut off
		}
		if lock == 0 {
			lock = h
		}
		idx.frames = append(idx.frames, mp3Frame{off: pos, hdr: h})
		pos += n
		next = pos
	}
	if len(idx.frames) > 0 {
		if err := idx.readTag(in); err != nil {
			return nil, err
		}
	}
	return idx, nil
}

// scanWindow gives scanMP3 access to the file through one buffer that only
// moves forward: it is refilled from low, the scan position, so that looking
// at the header after a frame and then going back to the next byte never
// reads the same bytes twice.
type scanWindow struct {
	in   *seqReader
	size int64
	low  int64  // no offset below this is asked for again
	buf  []byte // the file from off
	off  int64
}

const scanWindowSize = 256 << 10

// at returns n bytes at off, which must be at least low and at most a frame
// beyond it; fewer at the end of the file.
func (w *scanWindow) at(off int64, n int) ([]byte, error) {
	if off < w.off || off+int64(n) > w.off+int64(len(w.buf)) {
		if w.buf == nil {
			w.buf = make([]byte, scanWindowSize)
		}
		m := int(min(scanWindowSize, w.size-w.low))
		w.buf = w.buf[:cap(w.buf)][:m]
		if err := w.in.readAt(w.low, w.buf); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				err = corruptf("MP3 file changed while it was read: try again")
			}
			return nil, err
		}
		w.off = w.low
	}
	i := int(off - w.off)
	return w.buf[i:min(i+n, len(w.buf))], nil
}

// confirm reports whether a frame with header h is followed at off by
// another frame of the same stream, a tag or the end of the file.
func (w *scanWindow) confirm(off int64, h mp3Header) bool {
	if off == w.size {
		return true
	}
	if off+4 > w.size {
		return false
	}
	b, err := w.at(off, 8)
	if err != nil {
		return false
	}
	n := mp3Header(be32(b))
	if n.usable() && n.sameStream(h) {
		return true
	}
	return bytes.HasPrefix(b, []byte("TAG")) || bytes.HasPrefix(b, []byte("APETAGEX")) ||
		bytes.HasPrefix(b, []byte("ID3")) || bytes.HasPrefix(b, []byte("LYRICS"))
}

// readTag looks for a Xing, Info or VBRI header in the first frame. Such a
// frame carries no audio: it is removed from the frames.
func (idx *mp3Index) readTag(in *seqReader) error {
	f := idx.frames[0]
	b := make([]byte, f.hdr.frameSize())
	if err := in.readAt(f.off, b); err != nil {
		return err
	}
	tag := parseXing(b, f.hdr)
	if tag == nil {
		tag = parseVBRI(b)
	}
	if tag != nil {
		idx.tag = tag
		idx.frames = idx.frames[1:]
	}
	return nil
}

// parseXing reads a Xing or Info header and its LAME extension. The delay
// and padding of the extension are used only when its CRC is right.
func parseXing(b []byte, h mp3Header) *mp3Tag {
	p := h.audioStart() + h.sideInfoSize()
	if p+8 > len(b) {
		return nil
	}
	if id := string(b[p : p+4]); id != "Xing" && id != "Info" {
		return nil
	}
	flags := binary.BigEndian.Uint32(b[p+4:])
	p += 8
	tag := &mp3Tag{}
	if flags&1 != 0 && p+4 <= len(b) {
		tag.frames = int64(binary.BigEndian.Uint32(b[p:]))
		p += 4
	}
	for _, f := range []struct {
		bit  uint32
		size int
	}{{2, 4}, {4, 100}, {8, 4}} { // bytes, table of contents, quality
		if flags&f.bit != 0 {
			p += f.size
		}
	}
	if p+36 > len(b) {
		return tag
	}
	ext := b[p : p+36]
	switch string(ext[:4]) {
	case "LAME", "Lavc", "Lavf":
	default:
		return tag
	}
	if !lameCRCOK(b, p) {
		return tag
	}
	tag.gapless = true
	tag.delay = int(ext[21])<<4 | int(ext[22])>>4
	tag.padding = int(ext[22]&0x0F)<<8 | int(ext[23])
	return tag
}

// lameCRCOK checks the CRC of the LAME extension at p. LAME's covers the
// frame up to the CRC field; FFmpeg's covers the first 190 bytes of the frame
// with the field as zero, which is the same range only in stereo MPEG-1.
func lameCRCOK(b []byte, p int) bool {
	want := binary.BigEndian.Uint16(b[p+34:])
	if crc16ARC(b[:p+34]) == want {
		return true
	}
	if p+36 > 190 || len(b) < 190 {
		return false
	}
	c := append([]byte(nil), b[:190]...)
	c[p+34], c[p+35] = 0, 0
	return crc16ARC(c) == want
}

// parseVBRI reads a Fraunhofer VBRI header, which sits 32 bytes after the
// frame header whatever the mode.
func parseVBRI(b []byte) *mp3Tag {
	const p = 36
	if len(b) < p+18 || string(b[p:p+4]) != "VBRI" {
		return nil
	}
	return &mp3Tag{frames: int64(binary.BigEndian.Uint32(b[p+14:]))}
}

// crc16ARC is the CRC of the LAME tag (reflected polynomial 0xA001).
func crc16ARC(b []byte) uint16 {
	var c uint16
	for _, x := range b {
		c ^= uint16(x)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ 0xA001
			} else {
				c >>= 1
			}
		}
	}
	return c
}

// openMP3 scans the stream at start and works out the frames to play.
func openMP3(in *seqReader, start, size int64) (*streamer, error) {
	idx, err := scanMP3(in, start, size)
	if err != nil {
		return nil, err
	}
	tag := idx.tag
	found := int64(len(idx.frames))
	if tag != nil && tag.frames > 0 && found+1 < tag.frames {
		return nil, corruptf("truncated MP3: its header announces %d frames but the file holds %d; re-download or re-encode it",
			tag.frames, found)
	}
	if found == 0 {
		if tag != nil {
			return nil, corruptf("the MP3 file holds a header but no audio: re-download or re-encode it")
		}
		if start > 0 {
			return nil, &formatError{kind: ErrUnknownFormat, msg: "no MP3 audio follows the ID3 tag: use mp3, wav or flac"}
		}
		return nil, corruptf("truncated MP3: the file ends inside its first frame; re-download or re-encode it")
	}
	first := idx.frames[0].hdr
	spf := int64(first.samplesPerFrame())
	raw := found * spf
	offset, end := int64(decoderDelay), raw
	if tag != nil && tag.gapless {
		offset += int64(tag.delay)
		if tag.frames == 0 || found <= tag.frames {
			end = min(raw, raw-int64(tag.padding)+decoderDelay)
		}
	}
	if end <= offset {
		return nil, corruptf("the MP3 file holds no audio: re-download or re-encode it")
	}
	src := newMP3Source(in, idx.frames)
	info := Info{Format: MP3, SampleRate: first.sampleRate(), Channels: first.channels(), Frames: end - offset}
	return &streamer{src: src, info: info, offset: offset}, nil
}
