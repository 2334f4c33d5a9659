package synth

import (
	"math"
	"sync"
)

// Every noise is the sum of two seamless loops of incommensurate lengths:
// loop A of about loopA seconds and loop B of about loopB seconds, with
// lengths in frames that share no factor, so that their sum repeats only
// after La·Lb frames (about 2,700 hours at 48 kHz). The loops are mono;
// the right channel reads each loop at another place (half a loop on), so
// that one pair of loops gives two independent channels.
const (
	loopA = 11.3
	loopB = 17.9
)

// loopLengths returns the lengths of loops A and B at a rate: coprime
// numbers of frames.
func loopLengths(rate int) (la, lb int) {
	la = int(math.Round(loopA * float64(rate)))
	lb = int(math.Round(loopB * float64(rate)))
	for gcd(la, lb) != 1 {
		lb++
	}
	return la, lb
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// noiseSpec says how to make the loops of one coloured noise: white noise
// through a filter chain, each loop scaled to an RMS level and its rare
// peaks bent softly below a ceiling.
type noiseSpec struct {
	seed       uint64
	chain      func(rate int) []filter
	rmsA, rmsB float64 // RMS of loop A and of loop B
	// Each loop's peaks are bent softly from 80% of its ceiling on; the
	// ceilings are set so that ceilA+ceilB < 1 where A and B are summed as
	// they are, which keeps every sample of the sum in (−1, 1).
	ceilA, ceilB float64
}

// The RMS of a channel: -16 dBFS.
var backgroundRMS = Gain(BackgroundLevel)

// maxSum is the bound on the sum of two loops' ceilings.
const maxSum = 0.99

// wideSpec is a spec whose two loops carry equal power.
func wideSpec(seed uint64, chain func(rate int) []filter) noiseSpec {
	rms := backgroundRMS / math.Sqrt2
	return noiseSpec{seed: seed, chain: chain, rmsA: rms, rmsB: rms, ceilA: maxSum / 2, ceilB: maxSum / 2}
}

// breathCentre is the share of the breath's power in loop B, which both
// channels read at the same place: the centre of the image.
const breathCentre = 0.7

var noiseSpecs = map[string]noiseSpec{
	"brown-noise": wideSpec(0xb5, func(rate int) []filter {
		return []filter{leakyIntegrator(rate, 20), highpass2(rate, 25, math.Sqrt2/2), highpass1(rate, 15)}
	}),
	"pink-noise": wideSpec(0x91, func(rate int) []filter {
		return append(pinking(rate, 5), highpass2(rate, 20, math.Sqrt2/2), lowpass1(rate, 8000))
	}),
	"breath": func() noiseSpec {
		a, b := math.Sqrt(1-breathCentre), math.Sqrt(breathCentre)
		return noiseSpec{
			seed: 0xb7,
			chain: func(rate int) []filter {
				fs := append(pinking(rate, 5), highpass4(rate, 300)...)
				return append(fs, lowpass4(rate, 3000)...)
			},
			rmsA: backgroundRMS * a, rmsB: backgroundRMS * b,
			ceilA: maxSum * a / (a + b), ceilB: maxSum * b / (a + b),
		}
	}(),
	// The ocean's two layers, scaled again by its swell (see ocean.go).
	"ocean-body": wideSpec(0x0b, func(rate int) []filter {
		return append(pinking(rate, 5), highpass2(rate, 35, math.Sqrt2/2), lowpass1(rate, 500), lowpass1(rate, 2500))
	}),
	"ocean-wash": wideSpec(0x0c, func(rate int) []filter {
		return append(pinking(rate, 5), highpass2(rate, 900, math.Sqrt2/2), lowpass1(rate, 6000))
	}),
}

// loopPair is the two loops of one noise at one rate.
type loopPair struct {
	a, b []float32
}

// bytes returns the memory the loops take.
func (p *loopPair) bytes() int { return 4 * (len(p.a) + len(p.b)) }

// cache holds what has been computed so far, by name and rate, for the
// whole process. Each entry is computed once; callers that want the same
// entry at the same time wait for that one computation, and callers that
// want others do not wait.
var cache struct {
	sync.Mutex
	m map[cacheKey]*cacheEntry
}

type cacheKey struct {
	name string
	rate int
}

type cacheEntry struct {
	once sync.Once
	v    any
}

// forget empties the process's cache (for tests of the Store).
func forget() {
	cache.Lock()
	cache.m = nil
	cache.Unlock()
}

// cached returns the entry name at rate, computing it with compute on
// first use.
func cached(name string, rate int, compute func() any) any {
	cache.Lock()
	if cache.m == nil {
		cache.m = make(map[cacheKey]*cacheEntry)
	}
	e := cache.m[cacheKey{name, rate}]
	if e == nil {
		e = &cacheEntry{}
		cache.m[cacheKey{name, rate}] = e
	}
	cache.Unlock()
	e.once.Do(func() { e.v = compute() })
	return e.v
}

// loops returns the loops of spec at rate, computing them on first use.
func loops(spec string, rate int) *loopPair {
	return stored(spec, rate, pairCodec, func() any { return makeLoops(noiseSpecs[spec], rate) }).(*loopPair)
}

// makeLoops computes the loops of a spec at a rate, the two at once (a
// filter chain is a serial computation, so a second core halves the wait).
func makeLoops(s noiseSpec, rate int) *loopPair {
	la, lb := loopLengths(rate)
	p := &loopPair{}
	var wg sync.WaitGroup
	wg.Go(func() { p.a = makeLoop(s.chain(rate), la, 2*s.seed, s.rmsA, s.ceilA, rate) })
	p.b = makeLoop(s.chain(rate), lb, 2*s.seed+1, s.rmsB, s.ceilB, rate)
	wg.Wait()
	return p
}

// makeLoop makes a loop of n frames: white noise filtered circularly (see
// filterLoop), made DC-free (its mean is removed), scaled to rms, with its
// rare peaks bent below ceiling.
func makeLoop(chain []filter, n int, seed uint64, rms, ceiling float64, rate int) []float32 {
	out := filterLoop(chain, n, seed, rate)
	var sum float64
	for _, v := range out {
		sum += float64(v)
	}
	mean := sum / float64(n)
	var sum2 float64
	for _, v := range out {
		d := float64(v) - mean
		sum2 += d * d
	}
	scale := rms / math.Sqrt(sum2/float64(n))
	knee := 0.8 * ceiling
	for i, v := range out {
		x := (float64(v) - mean) * scale
		if x > knee || x < -knee { // rare: softLimit leaves the rest alone
			x = softLimit(x, knee, ceiling)
		}
		out[i] = float32(x)
	}
	return out
}

// whiteAt is frame i of the white noise of seed, in [−1, 1): the same
// seed always gives the same noise.
func whiteAt(seed uint64, i int) float64 {
	z := mix64(seed*0x9e3779b97f4a7c15 + uint64(i)*0xd1b54a32d192ed03)
	return float64(z>>11)/(1<<52) - 1
}

// filterLoop filters n frames of a noise circularly, so that the loop is
// seamless: its frame 0 follows its last frame exactly as any frame
// follows the one before, as if the noise had been repeating for ever.
// The loop is made in a filter's lanes quarters, side by side: each lane
// first runs over the warm frames before its quarter (for the first, the
// loop's last ones; all of them wrap around the loop), which leaves the
// filters in that state; their responses die out far faster than that
// (the slowest time constant is about 30 ms, warm is a second), so what
// remains of the start is below 1e-12 of the signal, at the loop's seam as
// where two quarters meet.
func filterLoop(chain []filter, n int, seed uint64, warm int) []float32 {
	warm = min(n, warm)
	quarter := (n + lanes - 1) / lanes
	var buf [lanes][]float64
	for l := range buf {
		buf[l] = make([]float64, filterBlock)
	}
	// run filters count frames of each lane from its frame from[l] (taken
	// around the loop), and keeps those that fall in the loop in out.
	run := func(from [lanes]int, count int, out []float32) {
		for done := 0; done < count; done += filterBlock {
			k := min(filterBlock, count-done)
			var x [lanes][]float64
			for l := range x {
				x[l] = buf[l][:k]
				i := ((from[l]+done)%n + n) % n
				for j := range x[l] {
					x[l][j] = whiteAt(seed, i)
					if i++; i == n {
						i = 0
					}
				}
			}
			for _, f := range chain {
				f.block(&x)
			}
			if out == nil {
				continue
			}
			for l := range x {
				at := from[l] + done
				for j, v := range x[l][:max(0, min(k, n-at))] {
					out[at+j] = float32(v)
				}
			}
		}
	}
	var start, warmFrom [lanes]int
	for l := range start {
		start[l] = l * quarter
		warmFrom[l] = start[l] - warm
	}
	run(warmFrom, warm, nil)
	out := make([]float32, n)
	run(start, quarter, out)
	return out
}

// filterBlock is how many frames of each lane the filters take at a time.
const filterBlock = 1024

// noise is a Background of one pair of loops: the left channel reads both
// loops at p, the right one reads loop A at p+oa and loop B at p+ob.
type noise struct {
	loops  *loopPair
	oa, ob int
}

func newNoise(spec string, rate int) *noise {
	p := loops(spec, rate)
	n := &noise{loops: p, oa: len(p.a) / 2, ob: len(p.b) / 2}
	if spec == "breath" {
		n.ob = 0 // loop B is the centre
	}
	return n
}

// Add adds frames [pos, pos+len(dst)) times gain into dst.
func (n *noise) Add(dst [][2]float64, pos int64, gain float64) {
	a, b := n.loops.a, n.loops.b
	la, lb := len(a), len(b)
	ia, ib := mod(pos, la), mod(pos, lb)
	ja, jb := (ia+n.oa)%la, (ib+n.ob)%lb
	for len(dst) > 0 {
		k := min(len(dst), la-ia, lb-ib, la-ja, lb-jb)
		d := dst[:k]
		al, bl, ar, br := a[ia:ia+k], b[ib:ib+k], a[ja:ja+k], b[jb:jb+k]
		for i := range d {
			d[i][0] += gain * float64(al[i]+bl[i])
			d[i][1] += gain * float64(ar[i]+br[i])
		}
		dst = dst[k:]
		ia, ib, ja, jb = wrap(ia+k, la), wrap(ib+k, lb), wrap(ja+k, la), wrap(jb+k, lb)
	}
}

// wrap returns i, or 0 when it has reached n.
func wrap(i, n int) int {
	if i == n {
		return 0
	}
	return i
}
