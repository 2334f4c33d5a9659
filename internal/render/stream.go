package render

import (
	"sort"

	"github.com/exhale-audio/exhale/audio/synth"
)

// blockSize is how many frames are mixed at a time.
const blockSize = 4096

// Stream plays a schedule from a position. It is a beep.Streamer of the
// final, limited mix; each Stream has its own state (open clips, the
// limiter's look-ahead), so several may run at once on one Renderer.
type Stream struct {
	r      *Renderer
	pos    int64 // the next frame Stream will give
	next   int64 // the next frame fill will make (pos plus what out holds)
	end    int64
	out    [][2]float64 // made, not yet given
	outBuf [][2]float64

	// The raw mix runs ahead of the output by the limiter's look-ahead:
	// raw holds frames [rawStart, rawStart+len(raw)).
	raw      [][2]float64
	rawStart int64
	mixPos   int64 // the next raw frame to mix

	lim      limiter
	active   []*clipPlayer // open clips, in schedule order
	nextClip int           // the first clip of r.clips not opened yet
	scratch  [][2]float64
	gains    []float64
	depth    []float64
	err      error
}

// Stream returns a stream of the schedule from frame from.
func (r *Renderer) Stream(from int64) *Stream {
	from = max(0, min(from, r.sched.Samples))
	lim := newLimiter(r.rate)
	lead := from - int64(lim.margin()) // the limiter looks back this far
	return &Stream{
		r:        r,
		lim:      lim,
		pos:      from,
		next:     from,
		end:      r.sched.Samples,
		outBuf:   make([][2]float64, blockSize),
		rawStart: lead,
		mixPos:   lead,
		scratch:  make([][2]float64, blockSize),
		gains:    make([]float64, blockSize),
		depth:    make([]float64, blockSize),
	}
}

// Position is the next frame the stream will give.
func (s *Stream) Position() int64 { return s.pos }

// Len is the schedule's length in frames.
func (s *Stream) Len() int64 { return s.end }

// Stream fills samples with the mix, following beep's Streamer contract.
// The mix is made a block at a time, so small reads cost no more than
// large ones.
func (s *Stream) Stream(samples [][2]float64) (int, bool) {
	if s.pos >= s.end || (s.err != nil && len(s.out) == 0) {
		return 0, false
	}
	n := 0
	for n < len(samples) && s.pos < s.end {
		if len(s.out) == 0 {
			if s.err != nil {
				break
			}
			k := int(min(int64(blockSize), s.end-s.next))
			s.out = s.outBuf[:k]
			if err := s.fill(s.out); err != nil {
				s.err = err
				clear(s.out) // what could not be made is silence
			}
		}
		c := copy(samples[n:], s.out)
		s.out = s.out[c:]
		n += c
		s.pos += int64(c)
	}
	return n, true
}

// Err reports a clip that could not be decoded.
func (s *Stream) Err() error { return s.err }

// Close releases the clips the stream has open.
func (s *Stream) Close() error {
	for _, c := range s.active {
		c.close()
	}
	s.active = nil
	return nil
}

// fill writes the next len(out) limited frames, from s.next on.
func (s *Stream) fill(out [][2]float64) error {
	a := s.next
	b := a + int64(len(out))
	need := b + int64(s.lim.margin())
	for s.mixPos < need {
		k := int(min(int64(blockSize), need-s.mixPos))
		start := len(s.raw)
		s.raw = append(s.raw, make([][2]float64, k)...)
		if err := s.mix(s.raw[start:], s.mixPos); err != nil {
			return err
		}
		s.mixPos += int64(k)
	}
	lo := int(a - s.rawStart)
	s.lim.apply(out, s.raw, lo, s.r.master)
	s.next = b
	// Keep only what the next block's look-back needs.
	drop := int(b-s.rawStart) - s.lim.margin()
	if drop > 0 {
		n := copy(s.raw, s.raw[drop:])
		s.raw = s.raw[:n]
		s.rawStart += int64(drop)
	}
	return nil
}

// mix writes the raw sum of every layer for frames [pos, pos+len(dst)).
// Positions before 0 or past the end are silence.
func (s *Stream) mix(dst [][2]float64, pos int64) error {
	clear(dst)
	if pos+int64(len(dst)) <= 0 || pos >= s.end {
		return nil
	}
	if pos < 0 {
		skip := int(-pos)
		dst, pos = dst[skip:], 0
	}
	if over := pos + int64(len(dst)) - s.end; over > 0 {
		dst = dst[:len(dst)-int(over)]
	}
	s.mixBackground(dst, pos)
	s.mixBreath(dst, pos)
	s.mixBells(dst, pos)
	return s.mixClips(dst, pos)
}

func (s *Stream) mixBackground(dst [][2]float64, pos int64) {
	r := s.r
	if r.bg == nil {
		return
	}
	g := s.gains[:len(dst)]
	r.backgroundGains(g, s.depth[:len(dst)], pos)
	if g[0] == 1 && gainsConstant(g) {
		r.bg.Add(dst, pos, r.bgGain)
		return
	}
	// Each frame is (sound × level) × gain, whichever path it takes, so a
	// frame is the same however the blocks fall.
	sc := s.scratch[:len(dst)]
	clear(sc)
	r.bg.Add(sc, pos, r.bgGain)
	for i := range dst {
		dst[i][0] += sc[i][0] * g[i]
		dst[i][1] += sc[i][1] * g[i]
	}
}

// backgroundGains fills g with the background's gain for frames from pos:
// its fade in and out at the session's edges times the ducking under the
// voice. Both are pure functions of the position. depth is scratch space
// as long as g.
func (r *Renderer) backgroundGains(g, depth []float64, pos int64) {
	fade := int64(backgroundFade * float64(r.rate))
	attack := int64(duckAttack * float64(r.rate))
	release := int64(duckRelease * float64(r.rate))
	end := pos + int64(len(g))
	for i := range g {
		g[i] = 1
	}
	// Edges of the session.
	if pos < fade || end > r.sched.Samples-fade {
		for i := range g {
			g[i] = synth.Fade(pos+int64(i), r.sched.Samples, fade)
		}
	}
	if r.bgDucked == 1 {
		return
	}
	// Voice spans that reach this block, with their ramps.
	k := sort.Search(len(r.voice), func(k int) bool { return r.voice[k].end+release > pos })
	clear(depth)
	touched := false
	for ; k < len(r.voice) && r.voice[k].start-attack < end; k++ {
		v := r.voice[k]
		touched = true
		for i := range depth {
			p := pos + int64(i)
			var d float64
			switch {
			case p >= v.start && p < v.end:
				d = 1
			case p < v.start:
				d = smooth(1 - float64(v.start-p)/float64(attack))
			default:
				d = smooth(1 - float64(p-v.end+1)/float64(release))
			}
			depth[i] = max(depth[i], d)
		}
	}
	if !touched {
		return
	}
	for i := range g {
		g[i] *= 1 - (1-r.bgDucked)*depth[i]
	}
}

func (s *Stream) mixBreath(dst [][2]float64, pos int64) {
	r := s.r
	end := pos + int64(len(dst))
	k := sort.Search(len(r.phases), func(k int) bool { return r.phases[k].end > pos })
	for ; k < len(r.phases) && r.phases[k].start < end; k++ {
		p := r.phases[k]
		if p.from == 0 && p.to == 0 {
			continue
		}
		lo, hi := max(p.start, pos), min(p.end, end)
		sc := s.scratch[:hi-lo]
		clear(sc)
		<-r.breathReady
		r.breath.Add(sc, lo, p.gain)
		length := float64(p.end - p.start)
		out := dst[lo-pos : hi-pos]
		for i := range out {
			x := float64(lo+int64(i)-p.start) / length
			env := p.from + (p.to-p.from)*smooth(x)
			out[i][0] += sc[i][0] * env
			out[i][1] += sc[i][1] * env
		}
	}
}

func (s *Stream) mixBells(dst [][2]float64, pos int64) {
	r := s.r
	end := pos + int64(len(dst))
	// Strikes are sorted by start and none rings longer than maxRing, so
	// one that started maxRing ago or earlier is over.
	k := sort.Search(len(r.bells), func(k int) bool { return r.bells[k].start > pos-r.maxRing })
	for ; k < len(r.bells) && r.bells[k].start < end; k++ {
		b := r.bells[k]
		bEnd := b.start + int64(len(b.buf))
		if bEnd <= pos {
			continue
		}
		lo, hi := max(b.start, pos), min(bEnd, end)
		synth.AddFrames(dst[lo-pos:hi-pos], b.buf[lo-b.start:hi-b.start], b.gain)
	}
}

func (s *Stream) mixClips(dst [][2]float64, pos int64) error {
	r := s.r
	end := pos + int64(len(dst))
	// Clips are sorted by start: open those that begin before this block
	// ends (skipping any already over), and drop those that have ended.
	for s.nextClip < len(r.clips) && r.clips[s.nextClip].ev.Start < end {
		ce := &r.clips[s.nextClip]
		if ce.ev.End > pos {
			c, err := ce.cache.open(ce, max(0, pos-ce.ev.Start))
			if err != nil {
				return err
			}
			s.active = append(s.active, c)
		}
		s.nextClip++
	}
	live := s.active[:0]
	for _, c := range s.active {
		if c.ce.ev.End <= pos {
			c.close()
			continue
		}
		live = append(live, c)
	}
	clear(s.active[len(live):])
	s.active = live
	// In the order of the schedule, so that sums are the same bit for bit
	// wherever a stream starts.
	for _, c := range s.active {
		ev := c.ce.ev
		lo, hi := max(ev.Start, pos), min(ev.End, end)
		if lo >= hi {
			continue
		}
		if err := c.add(dst[lo-pos:hi-pos], lo-ev.Start, c.ce.gain); err != nil {
			return err
		}
	}
	return nil
}
