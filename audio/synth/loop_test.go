package synth

import (
	"fmt"
	"math"
	"testing"
)

// TestLoopsSeamless checks every loop at its wrap point: the step from its
// last frame to its first is an ordinary one.
func TestLoopsSeamless(t *testing.T) {
	for spec := range noiseSpecs {
		for _, rate := range []int{48000, 16000} {
			p := loops(spec, rate)
			for name, x := range map[string][]float32{"A": p.a, "B": p.b} {
				if problem := seam(x); problem != "" {
					t.Errorf("%s at %d Hz, loop %s: %s", spec, rate, name, problem)
				}
			}
		}
	}
}

// seam describes a jump at the wrap point of loop x, or returns "". It
// compares the means of the k frames before and after the wrap point, for
// k from 1 to 4096 frames, with the same difference at every point inside
// the loop: a jump shows at every scale, and at some scale it stands out
// even in noise with strong high frequencies. The difference at the wrap
// must be within 4.5 RMS of the differences inside (which, for these
// nearly Gaussian noises, any one point is with a probability of
// 99.999%).
func seam(x []float32) string {
	n := len(x)
	prefix := make([]float64, 2*n+1) // sums of x repeated twice
	for i := range 2 * n {
		prefix[i+1] = prefix[i] + float64(x[i%n])
	}
	diff := func(i, k int) float64 { // after minus before point i of the doubled loop
		return (prefix[i+k] - 2*prefix[i] + prefix[i-k]) / float64(k)
	}
	for _, k := range []int{1, 8, 64, 512, 4096} {
		var sum2 float64
		for i := k; i <= n-k; i++ {
			d := diff(i, k)
			sum2 += d * d
		}
		typical := math.Sqrt(sum2 / float64(n-2*k+1))
		if wrap := math.Abs(diff(n, k)); wrap > 4.5*typical {
			return fmt.Sprintf("means of %d frames differ by %.3g across the wrap point, against %.3g RMS inside", k, wrap, typical)
		}
	}
	return ""
}

// TestLoopsCircular checks the construction itself: a loop is exactly
// what the filters give once the noise has been repeating for ever, which
// the middle of three repetitions filtered from rest is, to within the
// filters' memory.
func TestLoopsCircular(t *testing.T) {
	const rate, n = 16000, 50000
	for name, spec := range noiseSpecs {
		loop := filterLoop(spec.chain(rate), n, spec.seed, rate)
		chain := spec.chain(rate)
		var scale float64
		var one [lanes][]float64 // sample by sample, in one lane, unlike filterLoop
		for l := range one {
			one[l] = make([]float64, 1)
		}
		for i := range 3 * n {
			one[0][0] = whiteAt(spec.seed, i%n)
			for _, f := range chain {
				f.block(&one)
			}
			x := one[0][0]
			if i < 2*n {
				scale = max(scale, math.Abs(x))
				continue
			}
			if d := math.Abs(x - float64(loop[i-2*n])); d > 1e-6*scale {
				t.Fatalf("%s: frame %d of the loop is %g, the repeated noise gives %g", name, i-2*n, loop[i-2*n], x)
			}
		}
	}
}

// TestSeamCatchesJumps shows that the seam check fails on loops that are
// not seamless: loops whose last thousand frames have been moved, smoothly
// but for the jump back to the start at the wrap point. (A jump much
// smaller than the noise's own RMS, about 0.11 in a loop, is as likely as
// any step of the noise itself, in pink noise at least: no check can tell
// it, and no ear.)
func TestSeamCatchesJumps(t *testing.T) {
	const rate = 48000
	for spec := range noiseSpecs {
		for _, jump := range []float32{0.3, -0.25} {
			shifted := append([]float32(nil), loops(spec, rate).b...)
			n := len(shifted)
			for i := n - 2000; i < n; i++ {
				shifted[i] += jump * float32(RaisedCosine(float64(i-n+2000)/1000))
			}
			if seam(shifted) == "" {
				t.Errorf("%s with its end moved by %g: no jump found at the wrap point", spec, jump)
			}
		}
	}
}
