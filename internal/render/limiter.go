package render

import "math"

// The limiter keeps the mix under ceiling with no overshoot and no
// clicks. It looks ahead: the gain at frame n is the average, over the
// frames within hold of n, of the smallest gain any frame within hold of
// those needs. So the gain starts falling before a peak arrives, is at
// most what the peak needs when it passes, and rises again after it, each
// over 2·hold frames. Because the gain at n depends only on the raw mix in
// [n−2·hold, n+2·hold], the limiter has no history: started anywhere, it
// gives the same frames.
type limiter struct {
	hold    int
	ceiling float64
	req     []float64 // scratch: the gain each frame needs
	minimum []float64 // scratch: the sliding minimum of req
	deque   []int
}

// ceilingDB is the highest level the mix may reach: -1 dBFS.
const ceiling = 0.8912509381337456

func newLimiter(rate int) limiter {
	return limiter{hold: max(1, rate/100), ceiling: ceiling} // 10 ms
}

// margin is how far the limiter looks on either side of a frame.
func (l *limiter) margin() int { return 2 * l.hold }

// apply writes len(out) frames of raw[lo:], times gain, limited. raw must
// hold margin() frames before lo and after lo+len(out).
func (l *limiter) apply(out, raw [][2]float64, lo int, gain float64) {
	m := l.margin()
	src := raw[lo-m : lo+len(out)+m]
	peak := 0.0
	for _, f := range src {
		a, b := abs(f[0]), abs(f[1])
		if a > peak {
			peak = a
		}
		if b > peak {
			peak = b
		}
	}
	if peak*gain <= l.ceiling {
		for i := range out {
			out[i] = [2]float64{raw[lo+i][0] * gain, raw[lo+i][1] * gain}
		}
		return
	}
	// The gain each frame needs.
	if cap(l.req) < len(src) {
		l.req = make([]float64, len(src))
		l.minimum = make([]float64, len(src))
	}
	req := l.req[:len(src)]
	for i, f := range src {
		p := max(abs(f[0]), abs(f[1])) * gain
		req[i] = 1
		if p > l.ceiling {
			req[i] = l.ceiling / p
		}
	}
	// Sliding minimum over ±hold (a monotonic deque), for the frames whose
	// window lies inside src: minimum[i] for i in [hold, len(src)-hold).
	h := l.hold
	minimum := l.minimum[:len(src)]
	dq := l.deque[:0]
	for i := range req {
		for len(dq) > 0 && req[dq[len(dq)-1]] >= req[i] {
			dq = dq[:len(dq)-1]
		}
		dq = append(dq, i)
		if c := i - h; c >= 0 {
			for dq[0] < c-h {
				dq = dq[1:]
			}
			minimum[c] = req[dq[0]]
		}
	}
	l.deque = dq
	// Average over ±hold, with a running sum (recomputed each frame from
	// the same terms in the same order, so the result does not depend on
	// where a block starts).
	width := float64(2*h + 1)
	for i := range out {
		c := m + i
		sum := 0.0
		for j := c - h; j <= c+h; j++ {
			sum += minimum[j]
		}
		g := gain * sum / width
		out[i] = [2]float64{raw[lo+i][0] * g, raw[lo+i][1] * g}
	}
}

func abs(x float64) float64 { return math.Abs(x) }
