package decode

import (
	"encoding/binary"
	"errors"
	"io"
	"strings"

	gomp3 "github.com/hajimehoshi/go-mp3"
)

// MP3 frames are decoded by go-mp3, but not from the file's bytes as they
// are. Layer III lets a frame's main data begin in earlier frames (the bit
// reservoir, reached back through main_data_begin), which makes go-mp3
// unable to start anywhere but at the beginning, and go-mp3 also reads
// padded MPEG-2 frames at 22.05 kHz one byte short, which garbles the
// reservoir and so the sound of every frame after them.
//
// So mp3Feeder rebuilds the stream before go-mp3 sees it: every frame is
// re-emitted at the largest bitrate (padding set, CRC dropped), with its own
// side information, and its main-data region holds the part of its main data
// that its original region held, then zeros, then the first main_data_begin
// bytes of the next frame's main data. Every main_data_begin stays what it
// was and still points at the right bytes, the frame sizes are ones go-mp3
// reads correctly, and what go-mp3 is given for a frame depends only on the
// file, not on where decoding started.
//
// To start at frame s, the feeder reloads the reservoir from the frames
// before s and, when frame s reaches back into it, emits first a silent
// carrier frame whose region ends with those bytes. The decoder's state
// (the overlap of the hybrid filter bank and the polyphase filter bank's
// history) is a function of the last two granules decoded, so the frames
// from s plus one MPEG-1 frame, or two MPEG-2 frames, come out exactly as
// they do from a decode from the start: seeking is exact.
//
// A frame whose main_data_begin points before the start of the stream
// (a stream cut out of a longer one) is emitted silent, as other decoders
// do.
//
// Two limits remain, both of go-mp3 and neither met in what LAME or FFmpeg
// write at usual settings. At 22.05 kHz and 160 kbit/s (MPEG-2's largest
// frames) the largest frame go-mp3 can be given is one byte smaller than a
// padded frame of the file; when such a frame's region is full, the last byte
// of its main data is lost (15 of 476 frames of the M2L3_bitrate_22_all
// conformance stream). And go-mp3 applies MPEG-1 intensity stereo to MPEG-2
// frames, which garbles MPEG-2 streams that use intensity stereo.

// reservoirKeep is how many bytes of main data before the current frame the
// feeder keeps: at least the largest main_data_begin, 511.
const reservoirKeep = 1024

// fedBitrateIndex is the bitrate index of every fed frame: 320 kbit/s for
// MPEG-1, 160 kbit/s for MPEG-2.
const fedBitrateIndex = 14

// mp3Source decodes a list of MP3 frames with go-mp3.
type mp3Source struct {
	in     *seqReader
	frames []mp3Frame
	spf    int // samples per frame
	rate   int
	prime  int // frames to decode before a seek target for exact output

	dec  *gomp3.Decoder
	feed *mp3Feeder
	next int // audio frame whose samples decode gives next
	skip int // fed frames whose samples are discarded (a carrier)
	pcm  []byte
}

func newMP3Source(in *seqReader, frames []mp3Frame) *mp3Source {
	h := frames[0].hdr
	prime := 1
	if h.lsf() {
		prime = 2 // one granule per frame
	}
	spf := h.samplesPerFrame()
	return &mp3Source{in: in, frames: frames, spf: spf, rate: h.sampleRate(), prime: prime, pcm: make([]byte, 4*spf)}
}

func (m *mp3Source) seek(p int64) (int64, error) {
	t := int(min(p/int64(m.spf), int64(len(m.frames))))
	s := max(0, t-m.prime)
	m.dec, m.feed, m.next, m.skip = nil, nil, s, 0
	if s == len(m.frames) {
		return int64(s) * int64(m.spf), nil
	}
	feed, err := newMP3Feeder(m.in, m.frames, s)
	if err != nil {
		return 0, err
	}
	dec, err := gomp3.NewDecoder(feed)
	if err != nil {
		return 0, m.decodeError(feed, err)
	}
	m.dec, m.feed = dec, feed
	if feed.carrier {
		m.skip = 1
	}
	return int64(s) * int64(m.spf), nil
}

func (m *mp3Source) decode(dst [][2]float64) ([][2]float64, error) {
	if m.dec == nil {
		return dst[:0], io.EOF
	}
	for {
		if _, err := io.ReadFull(m.dec, m.pcm); err != nil {
			if err == io.EOF {
				return dst[:0], io.EOF
			}
			return dst[:0], m.decodeError(m.feed, err)
		}
		if m.skip == 0 {
			break
		}
		m.skip--
	}
	if cap(dst) < m.spf {
		dst = make([][2]float64, m.spf)
	}
	dst = dst[:m.spf]
	for i := range dst {
		l := int16(binary.LittleEndian.Uint16(m.pcm[4*i:]))
		r := int16(binary.LittleEndian.Uint16(m.pcm[4*i+2:]))
		dst[i] = [2]float64{float64(l) / 32767, float64(r) / 32767}
	}
	m.next++
	return dst, nil
}

// decodeError turns an error of go-mp3 or of the feeder into a message that
// says where.
func (m *mp3Source) decodeError(feed *mp3Feeder, err error) error {
	if feed != nil && feed.err != nil {
		err = feed.err
	}
	var fe *formatError
	if errors.As(err, &fe) {
		return err
	}
	msg := strings.TrimPrefix(err.Error(), "mp3: ")
	if err == io.ErrUnexpectedEOF {
		msg = "a frame is cut short"
	}
	return corruptf("corrupt MP3 data near %s: %s; re-download or re-encode the file",
		at(int64(m.next)*int64(m.spf), m.rate), strings.TrimSpace(msg))
}

// mp3FrameData is one frame of the file, split up.
type mp3FrameData struct {
	hdr     mp3Header
	side    []byte // side information
	region  []byte // the main-data region that follows it in the frame
	mdb     int    // main_data_begin
	dataLen int    // bytes of main data (part2_3_length of all granules and channels)
}

// mp3Feeder is the io.Reader go-mp3 decodes: the rebuilt frames from a
// given frame on.
type mp3Feeder struct {
	in      *seqReader
	frames  []mp3Frame
	next    int           // next frame of the file to read
	cur     *mp3FrameData // frame to emit next, nil at the end
	hist    []byte        // main data of the file before cur's region
	avail   int64         // bytes of main data from the stream start to cur's region
	carrier bool          // a carrier frame comes first
	out     []byte
	outPos  int
	err     error // error reading the file, kept for decodeError
	raw     []byte
}

// newMP3Feeder prepares to feed frames from s on.
func newMP3Feeder(in *seqReader, frames []mp3Frame, s int) (*mp3Feeder, error) {
	f := &mp3Feeder{in: in, frames: frames, next: s}
	// Reload the reservoir from the frames before s.
	var chunks [][]byte
	total := 0
	j := s - 1
	for ; j >= 0 && total < reservoirKeep; j-- {
		d, err := f.read(j)
		if err != nil {
			return nil, err
		}
		chunks = append(chunks, d.region)
		total += len(d.region)
	}
	for i := len(chunks) - 1; i >= 0; i-- {
		f.hist = append(f.hist, chunks[i]...)
	}
	f.avail = int64(total)
	if j >= 0 {
		f.avail = 1 << 40 // more than any main_data_begin reaches
	}
	cur, err := f.read(s)
	if err != nil {
		return nil, err
	}
	f.next = s + 1
	f.cur = cur
	if f.reaches(cur, f.avail) && cur.mdb > 0 {
		f.carrier = true
		f.out = f.emit(cur.hdr, nil, nil, cur.mdb)
	}
	return f, nil
}

// reaches reports whether d's main data starts within the avail bytes of the
// stream before its region.
func (f *mp3Feeder) reaches(d *mp3FrameData, avail int64) bool {
	return int64(d.mdb) <= avail
}

// read reads and splits frame i of the file.
func (f *mp3Feeder) read(i int) (*mp3FrameData, error) {
	fr := f.frames[i]
	size := fr.hdr.frameSize()
	if cap(f.raw) < size {
		f.raw = make([]byte, size)
	}
	raw := f.raw[:size]
	if err := f.in.readAt(fr.off, raw); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			err = corruptf("MP3 audio ends early: the file was cut short or changed; re-download it")
		}
		f.err = err
		return nil, err
	}
	h := fr.hdr
	a := h.audioStart()
	si := h.sideInfoSize()
	d := &mp3FrameData{hdr: h}
	d.side = append([]byte(nil), raw[a:a+si]...)
	d.region = append([]byte(nil), raw[a+si:]...)
	d.mdb, d.dataLen = parseSideInfo(d.side, h)
	return d, nil
}

// parseSideInfo returns main_data_begin and the byte length of the main data.
func parseSideInfo(side []byte, h mp3Header) (mdb, dataLen int) {
	br := bitReader{b: side}
	nch := h.channels()
	var granules, skip int
	if h.lsf() {
		mdb = br.read(8)
		br.read(nch) // private bits: 1 for mono, 2 for stereo
		granules, skip = 1, 51
	} else {
		mdb = br.read(9)
		br.read(3 + 2*(2-nch)) // private bits: 3 for stereo, 5 for mono
		br.read(4 * nch)       // scfsi
		granules, skip = 2, 47
	}
	bits := 0
	for range granules {
		for range nch {
			bits += br.read(12)
			br.read(skip)
		}
	}
	return mdb, (bits + 7) / 8
}

// bitReader reads big-endian bit fields; past the end it reads zeros.
type bitReader struct {
	b   []byte
	pos int
}

func (r *bitReader) read(n int) int {
	v := 0
	for range n {
		bit := 0
		if i := r.pos >> 3; i < len(r.b) {
			bit = int(r.b[i]>>(7-r.pos&7)) & 1
		}
		v = v<<1 | bit
		r.pos++
	}
	return v
}

// Read gives go-mp3 the rebuilt frames.
func (f *mp3Feeder) Read(p []byte) (int, error) {
	for f.outPos == len(f.out) {
		if f.cur == nil {
			return 0, io.EOF
		}
		if err := f.step(); err != nil {
			return 0, err
		}
	}
	n := copy(p, f.out[f.outPos:])
	f.outPos += n
	return n, nil
}

// step emits the current frame and moves to the next.
func (f *mp3Feeder) step() error {
	cur := f.cur
	var nxt *mp3FrameData
	if f.next < len(f.frames) {
		d, err := f.read(f.next)
		if err != nil {
			return err
		}
		nxt = d
		f.next++
	}
	ok := f.reaches(cur, f.avail)
	after := f.avail + int64(len(cur.region))
	f.hist = append(f.hist, cur.region...)
	tail := 0
	if nxt != nil && f.reaches(nxt, after) {
		tail = nxt.mdb
	}
	side, own := cur.side, 0
	if ok {
		own = min(max(cur.dataLen-cur.mdb, 0), len(cur.region))
	} else {
		side = nil // silent: no main data
	}
	f.out = f.emit(cur.hdr, side, cur.region[:own], tail)
	f.outPos = 0
	if len(f.hist) > 2*reservoirKeep {
		f.hist = append(f.hist[:0], f.hist[len(f.hist)-reservoirKeep:]...)
	}
	f.avail = min(after, 1<<40)
	f.cur = nxt
	return nil
}

// emit builds a frame with cur's stream parameters at the fed bitrate: side
// information side (zeros if nil), then a main-data region that starts with
// own and ends with the last tail bytes of the history.
func (f *mp3Feeder) emit(h mp3Header, side, own []byte, tail int) []byte {
	fh := h&^(0xF<<12) | fedBitrateIndex<<12 | 1<<9 | 1<<16
	size := goMP3FrameSize(fh)
	a, si := 4, fh.sideInfoSize()
	out := make([]byte, size)
	binary.BigEndian.PutUint32(out, uint32(fh))
	copy(out[a:a+si], side)
	region := out[a+si:]
	copy(region, own)
	if tail > 0 {
		copy(region[len(region)-tail:], f.hist[len(f.hist)-tail:])
	}
	return out
}

// goMP3FrameSize is the frame size go-mp3 computes for h.
func goMP3FrameSize(h mp3Header) int {
	size := 144*h.bitrate()/h.sampleRate() + h.padding()
	if h.lsf() {
		size >>= 1
	}
	return size
}
