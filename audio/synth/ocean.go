package synth

import (
	"math"
	"sync"
)

// The ocean is two noises, each a pair of loops (see noise.go): a dark
// "body", the roar of the water, and a bright "wash", the hiss of foam. A
// swell envelope, computed from the position, raises and lowers both: the
// body follows each wave's loudness, and the wash comes up mostly as the
// wave breaks, so the sound grows brighter as it grows louder.
//
// Waves come on a grid of waveGrid seconds, each start moved by up to
// waveJitter seconds either way by a hash of the wave's number, so each
// wave lasts 6 to 12 seconds and the sequence never repeats. Each wave also
// takes from the hash its strength, where its crest falls and which side
// it breaks on.
const (
	waveGrid   = 9.0
	waveJitter = 1.5

	bodyFloor = 0.3  // the body's level between waves, relative to a full crest
	washFloor = 0.12 // the same for the wash
	washLevel = 0.55 // the wash's level at a full crest, relative to the body
	washPan   = 0.3  // how far a wave may break to one side

	// The swell is computed every oceanStep frames, at positions that are
	// multiples of oceanStep, and interpolated linearly between in steps
	// of oceanSub frames, over which the gains hold still: at 48 kHz a
	// gain moves by less than 0.5% of itself from one step to the next
	// (less than 0.05 dB), far below what an ear can tell in noise, and
	// the inner loop has fewer multiplications to do.
	oceanStep = 1024
	oceanSub  = 128

	// A sum above oceanKnee is bent softly below 1. The swell makes the
	// ocean's peaks higher than a steady noise's; this is rare, and only
	// ever at the crest of a strong wave.
	oceanKnee = 0.9
)

// swell returns the gains of the ocean's layers t seconds in, before the
// ocean's overall scale: the body's (both channels), and the wash's on the
// left and on the right.
func swell(t float64) (body, washL, washR float64) {
	k := int64(math.Floor(t / waveGrid))
	if t < waveStart(k) {
		k--
	} else if t >= waveStart(k+1) {
		k++
	}
	start, end := waveStart(k), waveStart(k+1)
	x := (t - start) / (end - start)
	strength := 0.6 + 0.4*hash01(k, 1)
	crest := 0.35 + 0.2*hash01(k, 2)
	pan := washPan * (2*hash01(k, 3) - 1)
	var shape float64
	if x < crest {
		shape = RaisedCosine(x / crest)
	} else {
		shape = RaisedCosine((1 - x) / (1 - crest))
	}
	body = bodyFloor + (1-bodyFloor)*strength*shape
	// The wash comes up later and falls sooner than the body (the square
	// of the shape), on one side more than the other.
	wave := (1 - washFloor) * strength * strength * shape * shape
	return body, washLevel * (washFloor + wave*(1+pan)), washLevel * (washFloor + wave*(1-pan))
}

// waveStart returns when wave k starts, in seconds.
func waveStart(k int64) float64 {
	return float64(k)*waveGrid + waveJitter*(2*hash01(k, 0)-1)
}

// oceanScale is the factor that brings the ocean, averaged over many waves,
// to the level of every Background: computed once from the swell.
var oceanScale = sync.OnceValue(func() float64 {
	const waves, perSecond = 1000, 20
	var sum float64
	n := int(waves * waveGrid * perSecond)
	for i := range n {
		b, l, r := swell(float64(i) / perSecond)
		sum += b*b + (l*l+r*r)/2
	}
	// The loops of each layer sum to the level of a Background.
	return math.Sqrt(float64(n) / sum)
})

// ocean is the ocean Background.
type ocean struct {
	loops  *layerLoops
	oa, ob int
	rate   float64
	scale  float64
}

// layerLoops holds the loops of the ocean's two layers, interleaved: frame
// i of loop A is a[i] = {body, wash}, so that Add reads half as many
// streams.
type layerLoops struct {
	a, b [][2]float32
}

func (l *layerLoops) bytes() int { return 8 * (len(l.a) + len(l.b)) }

// oceanLoops returns the ocean's loops at rate, computing them on first
// use.
func oceanLoops(rate int) *layerLoops {
	return stored("ocean", rate, layersCodec, func() any { return makeOceanLoops(rate) }).(*layerLoops)
}

// makeOceanLoops computes the ocean's loops: loops A on one goroutine and
// loops B on another, one layer at a time, so that no more than two loops
// are held twice while they are made.
func makeOceanLoops(rate int) *layerLoops {
	la, lb := loopLengths(rate)
	l := &layerLoops{a: make([][2]float32, la), b: make([][2]float32, lb)}
	var wg sync.WaitGroup
	wg.Go(func() {
		for layer, name := range []string{"ocean-body", "ocean-wash"} {
			s := noiseSpecs[name]
			for i, v := range makeLoop(s.chain(rate), la, 2*s.seed, s.rmsA, s.ceilA, rate) {
				l.a[i][layer] = v
			}
		}
	})
	for layer, name := range []string{"ocean-body", "ocean-wash"} {
		s := noiseSpecs[name]
		for i, v := range makeLoop(s.chain(rate), lb, 2*s.seed+1, s.rmsB, s.ceilB, rate) {
			l.b[i][layer] = v
		}
	}
	wg.Wait()
	return l
}

func newOcean(rate int) *ocean {
	l := oceanLoops(rate)
	return &ocean{
		loops: l,
		oa:    len(l.a) / 2,
		ob:    len(l.b) / 2,
		rate:  float64(rate),
		scale: oceanScale(),
	}
}

// gains returns the scaled gains of the layers at frame c·oceanStep.
func (o *ocean) gains(c int64) [3]float64 {
	b, l, r := swell(float64(c) * oceanStep / o.rate)
	return [3]float64{b * o.scale, l * o.scale, r * o.scale}
}

// Add adds frames [pos, pos+len(dst)) times gain into dst.
func (o *ocean) Add(dst [][2]float64, pos int64, gain float64) {
	if gain == 0 {
		return
	}
	a, b := o.loops.a, o.loops.b
	la, lb := len(a), len(b)
	ia, ib := mod(pos, la), mod(pos, lb)
	ja, jb := (ia+o.oa)%la, (ib+o.ob)%lb
	into := mod(pos, oceanStep) // frames into control step c
	c := (pos - int64(into)) / oceanStep
	g0, g1 := o.gains(c), o.gains(c+1)
	knee := oceanKnee * math.Abs(gain)
	for len(dst) > 0 {
		if into == oceanStep {
			c, into = c+1, 0
			g0, g1 = g1, o.gains(c+1)
		}
		k := min(len(dst), oceanSub-into%oceanSub, la-ia, lb-ib, la-ja, lb-jb)
		// The gains of this sub-step, times gain.
		x := float64(into-into%oceanSub) / oceanStep
		body := gain * (g0[0] + x*(g1[0]-g0[0]))
		washL := gain * (g0[1] + x*(g1[1]-g0[1]))
		washR := gain * (g0[2] + x*(g1[2]-g0[2]))
		addOcean(dst[:k], a[ia:ia+k], b[ib:ib+k], a[ja:ja+k], b[jb:jb+k], body, washL, washR, knee)
		dst = dst[k:]
		into += k
		ia, ib, ja, jb = wrap(ia+k, la), wrap(ib+k, lb), wrap(ja+k, la), wrap(jb+k, lb)
	}
}

// addOcean adds into d the ocean's frames from loop frames p and q (left)
// and u and v (right), each frame a {body, wash} pair, with the body's and
// the washes' gains. A channel above knee is bent softly below
// knee/oceanKnee; the test for it (the sum of the squares) is cheap and
// rarely passes.
func addOcean(d [][2]float64, p, q, u, v [][2]float32, body, washL, washR, knee float64) {
	p, q, u, v = p[:len(d)], q[:len(d)], u[:len(d)], v[:len(d)]
	for i := range d {
		l := body*float64(p[i][0]+q[i][0]) + washL*float64(p[i][1]+q[i][1])
		r := body*float64(u[i][0]+v[i][0]) + washR*float64(u[i][1]+v[i][1])
		if l*l+r*r > knee*knee {
			l, r = limitPair(l, r, knee)
		}
		d[i][0] += l
		d[i][1] += r
	}
}

// limitPair bends l and r softly below knee/oceanKnee. It is kept out of
// line so that the loop that rarely calls it stays small.
//
//go:noinline
func limitPair(l, r, knee float64) (float64, float64) {
	ceiling := knee / oceanKnee
	return softLimit(l, knee, ceiling), softLimit(r, knee, ceiling)
}
