package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"sort"
	"strings"

	"github.com/mewkiz/flac/frame"
)

// FLAC is read with a metadata parser of our own and mewkiz/flac's frame
// decoder. Two things of that decoder are worked around here:
//
//   - it logs through the standard log package for every frame whose header
//     codes a 24 kHz or 176.4 kHz rate, which would scribble over a terminal
//     UI; such headers are rewritten to "rate from STREAMINFO" before it sees
//     them, and the frame's CRC-16 is then checked here instead;
//   - it cannot decode a frame whose header leaves the bit depth to
//     STREAMINFO; the depth is filled in between parsing the header and the
//     samples.

const (
	flacBlockStreamInfo = 0
	flacBlockSeekTable  = 3
	flacBlockInvalid    = 127

	maxSeekPoints = 1 << 16
)

type flacStreamInfo struct {
	rate     int
	channels int
	bps      int
	total    int64 // frames, 0 if unknown
}

// flacPoint is a frame whose first frame number and offset are known.
type flacPoint struct {
	sample int64
	off    int64
}

// openFLAC parses the metadata of the FLAC stream at start (its "fLaC").
func openFLAC(in *seqReader, start, size int64) (*streamer, error) {
	pos := start + 4
	var si *flacStreamInfo
	var table []flacPoint
	for last := false; !last; {
		var h [4]byte
		if err := in.readAt(pos, h[:]); err != nil {
			return nil, flacHeaderError(err)
		}
		last = h[0]&0x80 != 0
		typ, n := h[0]&0x7F, int64(h[1])<<16|int64(h[2])<<8|int64(h[3])
		body := pos + 4
		if body+n > size {
			return nil, corruptf("truncated FLAC: the file ends inside its metadata; re-download or re-encode it")
		}
		switch {
		case si == nil && typ != flacBlockStreamInfo:
			return nil, corruptf("damaged FLAC: it does not start with a STREAMINFO block; re-encode it")
		case typ == flacBlockStreamInfo:
			s, err := readFLACStreamInfo(in, body, n)
			if err != nil {
				return nil, err
			}
			si = s
		case typ == flacBlockSeekTable && n/18 <= maxSeekPoints:
			table = readFLACSeekTable(in, body, n)
		case typ == flacBlockInvalid:
			return nil, corruptf("damaged FLAC: a metadata block has the invalid type 127; re-encode it")
		}
		pos = body + n
	}
	src := &flacSource{in: in, si: *si, start: pos, size: size, table: table}
	first, err := src.header(pos)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return nil, corruptf("the FLAC file holds no audio: re-download or re-encode it")
	case err == errBadFLACHeader:
		return nil, corruptf("damaged FLAC: no audio frame follows its metadata; re-encode it")
	case err != nil:
		return nil, err
	}
	src.nominal = first.blockSize
	src.points = []flacPoint{{sample: 0, off: pos}}
	info := Info{Format: FLAC, SampleRate: si.rate, Channels: si.channels, Frames: si.total}
	s := &streamer{src: src, info: info}
	if si.total == 0 {
		// The length is unknown: count it, which also indexes every frame.
		if err := src.count(s); err != nil {
			return nil, err
		}
	}
	if s.info.Frames == 0 {
		return nil, corruptf("the FLAC file holds no audio: re-download or re-encode it")
	}
	return s, nil
}

func flacHeaderError(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return corruptf("truncated FLAC: the file ends inside its metadata; re-download or re-encode it")
	}
	return err
}

func readFLACStreamInfo(in *seqReader, off, n int64) (*flacStreamInfo, error) {
	if n < 34 {
		return nil, corruptf("damaged FLAC: its STREAMINFO block is %d bytes, too short; re-encode it", n)
	}
	var b [34]byte
	if err := in.readAt(off, b[:]); err != nil {
		return nil, flacHeaderError(err)
	}
	x := binary.BigEndian.Uint64(b[10:18])
	si := &flacStreamInfo{
		rate:     int(x >> 44),
		channels: int(x>>41&7) + 1,
		bps:      int(x>>36&31) + 1,
		total:    int64(x & (1<<36 - 1)),
	}
	switch {
	case si.rate == 0:
		return nil, corruptf("damaged FLAC: its header says the sample rate is 0 Hz; re-encode it")
	case si.rate > maxRate:
		return nil, unsupportedf("FLAC sample rate %d Hz is not supported: use at most %d Hz", si.rate, maxRate)
	case si.bps < 4:
		return nil, corruptf("damaged FLAC: its header says samples have %d bits; re-encode it", si.bps)
	case si.bps > 24:
		return nil, unsupportedf("%d-bit FLAC is not supported: re-encode it at 24 bits or fewer", si.bps)
	}
	return si, nil
}

// readFLACSeekTable reads the seek points of a SEEKTABLE block. They are
// hints: a point is used only after the frame header at its offset has been
// found to carry its frame number. A table that cannot be read is ignored.
func readFLACSeekTable(in *seqReader, off, n int64) []flacPoint {
	b := make([]byte, n/18*18)
	if in.readAt(off, b) != nil {
		return nil
	}
	var pts []flacPoint
	for i := 0; i+18 <= len(b); i += 18 {
		sample := binary.BigEndian.Uint64(b[i:])
		offset := binary.BigEndian.Uint64(b[i+8:])
		if sample == 1<<64-1 || sample >= 1<<36 || offset >= 1<<48 {
			continue // placeholder or nonsense
		}
		pts = append(pts, flacPoint{sample: int64(sample), off: int64(offset)})
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].sample < pts[j].sample })
	return pts
}

// flacHeader is what the frame header parser of this package reads.
type flacHeader struct {
	size      int   // bytes, with the CRC-8
	blockSize int   // frames
	number    int64 // frame number (fixed block size) or first frame (variable)
	variable  bool
	rateCode  byte
}

// parseFLACHeader parses the frame header at the start of b (at least the
// 16 bytes a header can take, or the rest of the file).
func parseFLACHeader(b []byte) (flacHeader, bool) {
	var h flacHeader
	if len(b) < 6 || b[0] != 0xFF || b[1]&0xFE != 0xF8 || b[3]&1 != 0 {
		return h, false
	}
	h.variable = b[1]&1 == 1
	bsCode, rateCode := b[2]>>4, b[2]&15
	h.rateCode = rateCode
	if bsCode == 0 || rateCode == 15 || b[3]>>4 > 10 || b[3]>>1&7 == 3 {
		return h, false
	}
	// UTF-8-like coded number.
	i := 4
	c := b[i]
	i++
	extra := 0
	switch {
	case c < 0x80:
		h.number = int64(c)
	case c&0xE0 == 0xC0:
		h.number, extra = int64(c&0x1F), 1
	case c&0xF0 == 0xE0:
		h.number, extra = int64(c&0x0F), 2
	case c&0xF8 == 0xF0:
		h.number, extra = int64(c&0x07), 3
	case c&0xFC == 0xF8:
		h.number, extra = int64(c&0x03), 4
	case c&0xFE == 0xFC:
		h.number, extra = int64(c&0x01), 5
	case c == 0xFE:
		h.number, extra = 0, 6
	default:
		return h, false
	}
	for ; extra > 0; extra-- {
		if i >= len(b) || b[i]&0xC0 != 0x80 {
			return h, false
		}
		h.number = h.number<<6 | int64(b[i]&0x3F)
		i++
	}
	tail := 0
	switch {
	case bsCode == 6:
		tail = 1
	case bsCode == 7:
		tail = 2
	}
	rateTail := 0
	switch rateCode {
	case 12:
		rateTail = 1
	case 13, 14:
		rateTail = 2
	}
	if i+tail+rateTail >= len(b) {
		return h, false
	}
	switch {
	case bsCode == 1:
		h.blockSize = 192
	case bsCode <= 5:
		h.blockSize = 576 << (bsCode - 2)
	case bsCode == 6:
		h.blockSize = int(b[i]) + 1
	case bsCode == 7:
		h.blockSize = int(b[i])<<8 | int(b[i+1]) + 1
	default:
		h.blockSize = 256 << (bsCode - 8)
	}
	i += tail + rateTail
	if crc8(b[:i]) != b[i] {
		return h, false
	}
	h.size = i + 1
	return h, true
}

// flacSource decodes the frames of a FLAC stream.
type flacSource struct {
	in      *seqReader
	si      flacStreamInfo
	start   int64 // offset of the first frame
	size    int64
	nominal int         // block size of a fixed-block-size stream
	points  []flacPoint // decoded frames, sorted by sample
	table   []flacPoint // SEEKTABLE points not yet checked, offsets relative to start

	off    int64 // offset of the next frame
	sample int64 // its first frame
	hdr    [16]byte
	crc    crc16Reader
}

// header reads and checks the frame header at off.
func (f *flacSource) header(off int64) (flacHeader, error) {
	b, err := f.in.peekAt(off, 16)
	if err != nil {
		return flacHeader{}, err
	}
	if len(b) == 0 {
		return flacHeader{}, io.EOF
	}
	h, ok := parseFLACHeader(b)
	if !ok {
		if len(b) < 16 && off+int64(len(b)) >= f.size {
			return flacHeader{}, io.ErrUnexpectedEOF
		}
		return flacHeader{}, errBadFLACHeader
	}
	return h, nil
}

var errBadFLACHeader = errors.New("no valid frame header")

// firstSample is the first frame number of the frame with header h.
func (f *flacSource) firstSample(h flacHeader) int64 {
	if h.variable {
		return h.number
	}
	return h.number * int64(f.nominal)
}

func (f *flacSource) seek(p int64) (int64, error) {
	i := sort.Search(len(f.points), func(i int) bool { return f.points[i].sample > p }) - 1
	best := f.points[i]
	// A seek table point closer to p is used once its header checks out.
	for len(f.table) > 0 {
		j := sort.Search(len(f.table), func(i int) bool { return f.table[i].sample > p }) - 1
		if j < 0 || f.table[j].sample <= best.sample {
			break
		}
		pt := flacPoint{sample: f.table[j].sample, off: f.start + f.table[j].off}
		f.table = append(f.table[:j], f.table[j+1:]...)
		if h, err := f.header(pt.off); err == nil && f.firstSample(h) == pt.sample {
			best = pt
			f.remember(pt)
			break
		}
	}
	f.off, f.sample = best.off, best.sample
	return best.sample, nil
}

// remember records a frame's position for later seeks.
func (f *flacSource) remember(pt flacPoint) {
	i := sort.Search(len(f.points), func(i int) bool { return f.points[i].sample >= pt.sample })
	if i < len(f.points) && f.points[i].sample == pt.sample {
		return
	}
	f.points = append(f.points, flacPoint{})
	copy(f.points[i+1:], f.points[i:])
	f.points[i] = pt
}

func (f *flacSource) decode(dst [][2]float64) ([][2]float64, error) {
	if f.si.total > 0 && f.sample >= f.si.total {
		return dst[:0], io.EOF
	}
	fr, h, err := f.parseFrame()
	if err != nil {
		return dst[:0], err
	}
	n := len(fr.Subframes[0].Samples)
	if f.si.total > 0 {
		n = int(min(int64(n), f.si.total-f.sample))
	}
	if cap(dst) < n {
		dst = make([][2]float64, n)
	}
	dst = dst[:n]
	left, right := fr.Subframes[0].Samples, fr.Subframes[0].Samples
	if len(fr.Subframes) > 1 {
		right = fr.Subframes[1].Samples
	}
	scale := 1 / float64(int64(1)<<(f.si.bps-1))
	for i := range dst {
		// Damaged data with a good CRC could decode past full scale.
		dst[i] = [2]float64{clampFloat(float64(left[i]) * scale), clampFloat(float64(right[i]) * scale)}
	}
	f.remember(flacPoint{sample: f.sample, off: f.off})
	f.off += int64(f.crc.n) + int64(h.size)
	f.sample += int64(h.blockSize)
	return dst, nil
}

// parseFrame decodes the frame at off.
func (f *flacSource) parseFrame() (*frame.Frame, flacHeader, error) {
	h, err := f.header(f.off)
	switch {
	case err == io.EOF || (err == errBadFLACHeader && f.si.total == 0 && f.trailingTag()):
		if f.si.total > 0 {
			return nil, h, corruptf("truncated FLAC: the audio stops at %s of %s; re-download or re-encode it",
				at(f.sample, f.si.rate), at(f.si.total, f.si.rate))
		}
		return nil, h, io.EOF
	case err == io.ErrUnexpectedEOF:
		return nil, h, f.truncated()
	case err == errBadFLACHeader:
		return nil, h, corruptf("corrupt FLAC data near %s: a frame header is damaged; re-download or re-encode the file", at(f.sample, f.si.rate))
	case err != nil:
		return nil, h, err
	}
	if got := f.firstSample(h); got != f.sample {
		return nil, h, corruptf("corrupt FLAC data near %s: frames are missing or out of order; re-download or re-encode the file", at(f.sample, f.si.rate))
	}
	// Copy the header, rewriting a rate code that would make the decoder log.
	hdr := f.hdr[:h.size]
	if err := f.in.readAt(f.off, hdr); err != nil {
		return nil, h, f.truncated()
	}
	f.crc.reset(f.in)
	f.crc.sum = crc16(0, hdr)
	patched := h.rateCode == 2 || h.rateCode == 7
	if patched {
		hdr[2] &^= 0x0F
		hdr[h.size-1] = crc8(hdr[:h.size-1])
	}
	fr, err := frame.New(io.MultiReader(bytes.NewReader(hdr), &f.crc))
	if err != nil {
		return nil, h, f.frameError(err)
	}
	if fr.BitsPerSample == 0 {
		fr.BitsPerSample = uint8(f.si.bps)
	}
	switch {
	case fr.Channels.Count() != f.si.channels:
		return nil, h, corruptf("corrupt FLAC data near %s: a frame has %d channels, the stream %d; re-encode the file",
			at(f.sample, f.si.rate), fr.Channels.Count(), f.si.channels)
	case int(fr.BitsPerSample) != f.si.bps:
		return nil, h, corruptf("corrupt FLAC data near %s: a frame has %d-bit samples, the stream %d-bit; re-encode the file",
			at(f.sample, f.si.rate), fr.BitsPerSample, f.si.bps)
	case fr.SampleRate != 0 && int(fr.SampleRate) != f.si.rate:
		return nil, h, corruptf("corrupt FLAC data near %s: a frame is at %d Hz, the stream at %d Hz; re-encode the file",
			at(f.sample, f.si.rate), fr.SampleRate, f.si.rate)
	}
	if err := fr.Parse(); err != nil {
		if !(patched && f.crc.sum == 0 && strings.Contains(err.Error(), "CRC-16 checksum mismatch")) {
			return nil, h, f.frameError(err)
		}
	}
	if len(fr.Subframes) == 0 || len(fr.Subframes[0].Samples) != h.blockSize {
		return nil, h, corruptf("corrupt FLAC data near %s: a frame decodes to the wrong length; re-encode the file", at(f.sample, f.si.rate))
	}
	return fr, h, nil
}

// trailingTag reports whether the bytes at off are a tag that some taggers
// append after the last frame.
func (f *flacSource) trailingTag() bool {
	b, err := f.in.peekAt(f.off, 8)
	if err != nil {
		return false
	}
	return bytes.HasPrefix(b, []byte("TAG")) || bytes.HasPrefix(b, []byte("APETAGEX")) || bytes.HasPrefix(b, []byte("ID3"))
}

func (f *flacSource) truncated() error {
	return corruptf("truncated FLAC: the file ends inside a frame at %s; re-download or re-encode it", at(f.sample, f.si.rate))
}

func (f *flacSource) frameError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return f.truncated()
	}
	var fe *formatError
	if errors.As(err, &fe) {
		return err
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return corruptf("corrupt FLAC data near %s: %s; re-download or re-encode the file", at(f.sample, f.si.rate), msg)
}

// count decodes the whole stream to find its length when STREAMINFO does not
// say, indexing every frame on the way.
func (f *flacSource) count(s *streamer) error {
	f.off, f.sample = f.start, 0
	var buf [][2]float64
	for {
		err := s.guard(f.sample, func() error {
			var err error
			buf, err = f.decode(buf[:0])
			return err
		})
		if err == io.EOF {
			s.info.Frames = f.sample
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// crc16Reader reads through a seqReader and keeps the FLAC CRC-16 of what it
// read and how many bytes.
type crc16Reader struct {
	in  *seqReader
	sum uint16
	n   int
}

func (c *crc16Reader) reset(in *seqReader) { c.in, c.sum, c.n = in, 0, 0 }

func (c *crc16Reader) Read(p []byte) (int, error) {
	n, err := c.in.Read(p)
	c.sum = crc16(c.sum, p[:n])
	c.n += n
	return n, err
}

var crc8Table, crc16Table = makeCRCTables()

func makeCRCTables() (t8 [256]byte, t16 [256]uint16) {
	for i := range 256 {
		c8, c16 := byte(i), uint16(i)<<8
		for range 8 {
			if c8&0x80 != 0 {
				c8 = c8<<1 ^ 0x07
			} else {
				c8 <<= 1
			}
			if c16&0x8000 != 0 {
				c16 = c16<<1 ^ 0x8005
			} else {
				c16 <<= 1
			}
		}
		t8[i], t16[i] = c8, c16
	}
	return t8, t16
}

// crc8 is FLAC's frame header CRC (polynomial 0x07).
func crc8(b []byte) byte {
	var c byte
	for _, x := range b {
		c = crc8Table[c^x]
	}
	return c
}

// crc16 continues FLAC's frame CRC (polynomial 0x8005) over b.
func crc16(c uint16, b []byte) uint16 {
	for _, x := range b {
		c = c<<8 ^ crc16Table[byte(c>>8)^x]
	}
	return c
}
