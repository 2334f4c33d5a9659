package render

import (
	"fmt"
	"io"
	"io/fs"
	"sync"

	"github.com/gopxl/beep/v2"

	"github.com/exhale-audio/exhale/audio/decode"
	"github.com/exhale-audio/exhale/audio/synth"
)

// Clips at most this long (at the engine rate) are decoded once, into
// memory, and shared by every play and every stream; longer ones are
// decoded as they play. Together the kept clips stay under cacheBudget, so
// memory does not grow with a session's length.
const (
	maxKeptClip   = 30       // seconds
	cacheBudget   = 24 << 20 // bytes of kept frames
	maxLoopLength = 180      // seconds: the longest background file
	resampleQ     = 4        // beep.Resample quality (about 150 dB SNR at 1 kHz)
	loopCrossfade = 0.25     // seconds a background file's end fades into its start
)

// clipCache decodes the files of a session, once each where it can.
type clipCache struct {
	fsys fs.FS
	rate int

	mu    sync.Mutex
	kept  map[string][][2]float32
	bytes int64
}

func newClipCache(fsys fs.FS, rate int) *clipCache {
	return &clipCache{fsys: fsys, rate: rate, kept: map[string][][2]float32{}}
}

// source opens a file as a stream at the engine rate, with its length.
func (c *clipCache) source(path string) (beep.Streamer, io.Closer, int64, error) {
	f, err := c.fsys.Open(path)
	if err != nil {
		return nil, nil, 0, err
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		f.Close()
		return nil, nil, 0, fmt.Errorf("cannot read %s from its start again", path)
	}
	s, info, err := decode.Open(rs)
	if err != nil {
		f.Close()
		return nil, nil, 0, err
	}
	n := info.Frames
	var out beep.Streamer = s
	if info.SampleRate != c.rate {
		out = beep.Resample(resampleQ, beep.SampleRate(info.SampleRate), beep.SampleRate(c.rate), s)
		n = (n*int64(c.rate) + int64(info.SampleRate)/2) / int64(info.SampleRate)
	}
	return out, s, n, nil
}

// whole decodes a file completely at the engine rate (for bells, loops and
// short clips), keeping the result.
func (c *clipCache) whole(path string) ([][2]float32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b, ok := c.kept[path]; ok {
		return b, nil
	}
	src, closer, n, err := c.source(path)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	buf := make([][2]float32, 0, n)
	block := make([][2]float64, 4096)
	for {
		k, ok := src.Stream(block)
		for _, f := range block[:k] {
			buf = append(buf, [2]float32{float32(f[0]), float32(f[1])})
		}
		if !ok || k < len(block) {
			break
		}
	}
	if err := src.Err(); err != nil {
		return nil, err
	}
	if len(buf) == 0 {
		return nil, fmt.Errorf("it holds no audio")
	}
	c.kept[path] = buf
	c.bytes += int64(len(buf)) * 8
	return buf, nil
}

// loop returns a background file as an endless sound, its end crossfaded
// into its start so that it loops with no gap and no click.
func (c *clipCache) loop(path string) (synth.Background, error) {
	b, err := c.whole(path)
	if err != nil {
		return nil, err
	}
	if len(b) > maxLoopLength*c.rate {
		return nil, fmt.Errorf("a background file may last at most %d minutes: trim it", maxLoopLength/60)
	}
	x := min(int(loopCrossfade*float64(c.rate)), len(b)/4)
	if x < 1 {
		return &loopSound{buf: b}, nil
	}
	// Frames [L-x, L) are faded out over the fade-in of frames [0, x), and
	// the loop is L-x frames long: it runs from the crossfade on into the
	// untouched middle, and its end leads straight back into its start.
	n := len(b) - x
	out := make([][2]float32, n)
	copy(out, b[:n])
	for i := 0; i < x; i++ {
		in := synth.RaisedCosine(float64(i) / float64(x))
		for ch := 0; ch < 2; ch++ {
			out[i][ch] = float32(in*float64(b[i][ch]) + (1-in)*float64(b[n+i][ch]))
		}
	}
	return &loopSound{buf: out}, nil
}

// loopSound repeats a buffer for ever.
type loopSound struct{ buf [][2]float32 }

func (l *loopSound) Add(dst [][2]float64, pos int64, gain float64) {
	n := int64(len(l.buf))
	i := int(pos % n)
	for len(dst) > 0 {
		k := min(len(dst), len(l.buf)-i)
		synth.AddFrames(dst[:k], l.buf[i:i+k], gain)
		dst, i = dst[k:], 0
	}
}

// open starts playing a clip event offset frames into it.
func (c *clipCache) open(ce *clipEvent, offset int64) (*clipPlayer, error) {
	length := ce.ev.End - ce.ev.Start
	ramp := max(1, min(int64(clipRamp*float64(c.rate)), length/2))
	p := &clipPlayer{ce: ce, length: length, next: offset, ramp: ramp}
	if b, ok := c.keep(ce.path); ok {
		p.buf = b
		p.next = offset
		return p, nil
	}
	src, closer, _, err := c.source(ce.path)
	if err != nil {
		return nil, positioned(&ce.ev, kindWord(ce), ce.path, err)
	}
	p.src, p.closer = src, closer
	// A stream that starts inside the clip decodes it from its start and
	// skips ahead, so its frames are exactly those of a full play.
	if err := p.skip(offset); err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// keep returns the clip's frames if it is short enough to keep in memory
// (decoding it the first time).
func (c *clipCache) keep(path string) ([][2]float32, bool) {
	c.mu.Lock()
	b, ok := c.kept[path]
	used := c.bytes
	c.mu.Unlock()
	if ok {
		return b, true
	}
	if used >= cacheBudget {
		return nil, false
	}
	_, closer, n, err := c.source(path)
	if err != nil {
		return nil, false // open reports it
	}
	closer.Close()
	if n > int64(maxKeptClip*c.rate) || used+n*8 > cacheBudget {
		return nil, false
	}
	b, err = c.whole(path)
	return b, err == nil
}

func kindWord(ce *clipEvent) string {
	switch {
	case ce.ev.Clip != "":
		return "`clip`"
	case ce.ev.Speech != "":
		return "the speech of `say`"
	}
	return "`play`"
}

// clipPlayer plays one clip event: from kept frames or from a decoder,
// padded with silence or cut to the event's exact length, with a soft ramp
// at both ends.
type clipPlayer struct {
	ce     *clipEvent
	length int64 // the event's length in frames
	next   int64 // the event-relative frame the next add must start at

	buf    [][2]float32 // kept frames, or
	src    beep.Streamer
	closer io.Closer
	ended  bool
	tmp    [][2]float64
	ramp   int64 // frames of each soft edge
}

func (p *clipPlayer) close() {
	if p.closer != nil {
		p.closer.Close()
		p.closer = nil
	}
}

func (p *clipPlayer) skip(n int64) error {
	for n > 0 && !p.ended {
		k := int(min(n, 4096))
		got, err := p.read(k)
		if err != nil {
			return err
		}
		n -= int64(got)
	}
	return nil
}

// read pulls k frames from the decoder into p.tmp.
func (p *clipPlayer) read(k int) (int, error) {
	if cap(p.tmp) < k {
		p.tmp = make([][2]float64, k)
	}
	p.tmp = p.tmp[:k]
	got := 0
	for got < k && !p.ended {
		n, ok := p.src.Stream(p.tmp[got:])
		got += n
		if !ok || n == 0 {
			p.ended = true
		}
	}
	clear(p.tmp[got:])
	if p.ended {
		if err := p.src.Err(); err != nil {
			return got, positioned(&p.ce.ev, kindWord(p.ce), p.ce.path, err)
		}
	}
	return k, nil
}

// add mixes frames [off, off+len(dst)) of the event into dst.
func (p *clipPlayer) add(dst [][2]float64, off int64, gain float64) error {
	if off != p.next {
		return fmt.Errorf("render: clip played out of order (frame %d, expected %d)", off, p.next)
	}
	p.next += int64(len(dst))
	if p.buf != nil {
		for i := range dst {
			j := off + int64(i)
			if j >= int64(len(p.buf)) {
				break
			}
			g := gain * p.fade(j)
			dst[i][0] += g * float64(p.buf[j][0])
			dst[i][1] += g * float64(p.buf[j][1])
		}
		return nil
	}
	for len(dst) > 0 {
		k := min(len(dst), 4096)
		if _, err := p.read(k); err != nil {
			return err
		}
		for i, f := range p.tmp[:k] {
			g := gain * p.fade(off+int64(i))
			dst[i][0] += g * f[0]
			dst[i][1] += g * f[1]
		}
		dst, off = dst[k:], off+int64(k)
	}
	return nil
}

// fade is the gain of the clip's soft edges at event-relative frame j.
func (p *clipPlayer) fade(j int64) float64 {
	if j >= p.ramp && j < p.length-p.ramp {
		return 1
	}
	if j < 0 || j >= p.length {
		return 0
	}
	return smooth(float64(min(j, p.length-1-j)) / float64(p.ramp))
}
