package synth

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
)

// kinds are the sounds every Background test runs on.
var kinds = []string{"brown-noise", "pink-noise", "ocean", "binaural", "breath"}

// newKind returns a Background of a kind, the breath texture included;
// binaural with the script's defaults.
func newKind(t testing.TB, kind string, rate int) Background {
	t.Helper()
	if kind == "breath" {
		return NewBreath(rate)
	}
	b, err := NewBackground(kind, rate, 200, 6)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// levels measures n frames of b from pos, a second at a time.
type levels struct {
	sum, sum2, peak [2]float64
	cross           float64
	n               int
}

func measure(b Background, rate int, pos int64, n int) levels {
	var l levels
	buf := make([][2]float64, rate)
	for done := 0; done < n; done += len(buf) {
		buf = buf[:min(len(buf), n-done)]
		clear(buf)
		b.Add(buf, pos+int64(done), 1)
		for _, f := range buf {
			for c, v := range f {
				l.sum[c] += v
				l.sum2[c] += v * v
				l.peak[c] = max(l.peak[c], math.Abs(v))
			}
			l.cross += f[0] * f[1]
		}
	}
	l.n = n
	return l
}

func (l levels) rmsDB(c int) float64 { return dB(l.sum2[c] / float64(l.n)) }
func (l levels) mean(c int) float64  { return l.sum[c] / float64(l.n) }
func (l levels) correlation() float64 {
	return l.cross / math.Sqrt(l.sum2[0]*l.sum2[1])
}

func TestBackgroundLevels(t *testing.T) {
	const rate = 48000
	tests := []struct {
		kind    string
		seconds int     // long enough for the level to settle
		tol     float64 // dB around BackgroundLevel
		corr    [2]float64
	}{
		{"brown-noise", 60, 0.5, [2]float64{-0.1, 0.1}},
		{"pink-noise", 60, 0.5, [2]float64{-0.1, 0.1}},
		{"ocean", 300, 1, [2]float64{-0.1, 0.1}},
		{"binaural", 60, 0.1, [2]float64{-0.1, 0.1}},
		{"breath", 60, 0.5, [2]float64{0.6, 0.8}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			b := newKind(t, tt.kind, rate)
			// From 0, and from three hours in.
			for _, pos := range []int64{0, 3 * 3600 * rate} {
				l := measure(b, rate, pos, tt.seconds*rate)
				for c := range 2 {
					if got := l.rmsDB(c); math.Abs(got-BackgroundLevel) > tt.tol {
						t.Errorf("from %d, channel %d at %.2f dBFS RMS, want %g ± %g", pos, c, got, BackgroundLevel, tt.tol)
					}
					if l.peak[c] > 1 {
						t.Errorf("from %d, channel %d peaks at %g, outside [-1, 1]", pos, c, l.peak[c])
					}
					if m := l.mean(c); math.Abs(m) > 1e-3 {
						t.Errorf("from %d, channel %d has a DC offset of %.2g", pos, c, m)
					}
				}
				if r := l.correlation(); r < tt.corr[0] || r > tt.corr[1] {
					t.Errorf("from %d, correlation of the channels %.3f, want %g to %g", pos, r, tt.corr[0], tt.corr[1])
				}
			}
		})
	}
}

// TestBackgroundPeakBound checks the bound that keeps every sample of the
// steady noises in [−1, 1], however long they play: each channel is the
// sum of one sample of each loop, and the loops' peaks sum to less than 1.
func TestBackgroundPeakBound(t *testing.T) {
	for _, spec := range []string{"brown-noise", "pink-noise", "breath"} {
		for _, rate := range []int{48000, 16000} {
			p := loops(spec, rate)
			pa, pb := peak32(p.a), peak32(p.b)
			if pa+pb >= 1 {
				t.Errorf("%s at %d Hz: loop peaks %.4f + %.4f reach 1", spec, rate, pa, pb)
			}
		}
	}
}

func peak32(x []float32) float64 {
	p := 0.0
	for _, v := range x {
		p = max(p, math.Abs(float64(v)))
	}
	return p
}

// TestBackgroundPure checks that frames depend on their position only:
// rendering from any position, in blocks of any size, gives the frames of
// one rendering from the start, including across the loops' wrap points,
// the ocean's envelope steps and the binaural anchors.
func TestBackgroundPure(t *testing.T) {
	const rate = 16000
	la, lb := loopLengths(rate)
	n := la + lb + 3000
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			b := newKind(t, kind, rate)
			ref := render(b, 0, n)
			starts := []int64{1, 255, 256, 257, 1023, 1024, 1025, int64(la) - 1, int64(la), int64(la) + 1,
				int64(lb) - 7, int64(lb), int64(la/2) + 3, int64(lb/2) - 2, int64(la + lb - 10)}
			for _, p := range starts {
				for _, block := range []int{1, 7, 1000, 4096, n} {
					size := min(n-int(p), 2*block+5000)
					got := make([][2]float64, size)
					for i := 0; i < size; i += block {
						b.Add(got[i:min(i+block, size)], p+int64(i), 1)
					}
					for i := range got {
						if got[i] != ref[int(p)+i] {
							t.Fatalf("from %d in blocks of %d: frame %d = %v, rendering from 0 gave %v",
								p, block, int(p)+i, got[i], ref[int(p)+i])
						}
					}
				}
			}
			// Far in: three hours, ten hours, and before the start.
			for _, p := range []int64{3 * 3600 * rate, 10 * 3600 * rate, -12345} {
				whole := render(b, p-777, 20000)
				for _, block := range []int{1, 333, 4096} {
					got := make([][2]float64, 20000-777)
					for i := 0; i < len(got); i += block {
						b.Add(got[i:min(i+block, len(got))], p+int64(i), 1)
					}
					for i := range got {
						if got[i] != whole[777+i] {
							t.Fatalf("at %d in blocks of %d: frame %d differs from a rendering from %d", p, block, p+int64(i), p-777)
						}
					}
				}
			}
		})
	}
}

// TestBackgroundAdds checks that Add adds, times gain, and writes nothing
// outside dst.
func TestBackgroundAdds(t *testing.T) {
	const rate = 16000
	for _, kind := range kinds {
		b := newKind(t, kind, rate)
		ref := render(b, 5000, 3000)
		buf := make([][2]float64, 3002)
		for i := range buf {
			buf[i] = [2]float64{1, -1}
		}
		b.Add(buf[1:3001], 5000, 0.5)
		if buf[0] != [2]float64{1, -1} || buf[3001] != [2]float64{1, -1} {
			t.Errorf("%s: Add wrote outside dst", kind)
		}
		for i, v := range buf[1:3001] {
			if want := [2]float64{1 + 0.5*ref[i][0], -1 + 0.5*ref[i][1]}; v != want {
				t.Fatalf("%s: frame %d = %v after adding into (1, -1) at gain 0.5, want %v", kind, i, v, want)
			}
		}
		silent := make([][2]float64, 100)
		b.Add(silent, 0, 0)
		b.Add(nil, 0, 1)
		for _, v := range silent {
			if v != [2]float64{} {
				t.Fatalf("%s: gain 0 added %v", kind, v)
			}
		}
	}
}

func TestBackgroundDeterministic(t *testing.T) {
	const rate = 22050
	for _, kind := range kinds {
		a, b := newKind(t, kind, rate), newKind(t, kind, rate)
		x, y := render(a, 98765, 30000), render(b, 98765, 30000)
		for i := range x {
			if x[i] != y[i] {
				t.Fatalf("%s: two instances differ at frame %d", kind, 98765+i)
			}
		}
	}
	// The noises must differ from each other (a mix-up of seeds or
	// filters would make two of them alike).
	seen := map[[2]float64]string{}
	for _, kind := range kinds {
		f := render(newKind(t, kind, rate), 777, 1)[0]
		if other, ok := seen[f]; ok {
			t.Errorf("%s and %s give the same frame 777", kind, other)
		}
		seen[f] = kind
	}
}

// TestNoiseSpectra checks the colours by comparing the power in octave
// bands: brown noise loses 3 dB an octave band (−6 dB/octave of spectral
// density), pink keeps an equal power in each; both are free of rumble
// below 20 Hz, and soft at the top.
func TestNoiseSpectra(t *testing.T) {
	const rate = 48000
	tests := []struct {
		kind   string
		lo, hi float64 // octave bands from lo up to hi, Hz
		slope  float64 // dB an octave band
	}{
		{"brown-noise", 80, 5120, -3},
		{"pink-noise", 40, 2560, 0},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			x := channel(render(newKind(t, tt.kind, rate), 0, 40*rate), 1)
			psd := spectrum(x, 1<<16)
			all := bandPower(psd, rate, 0, rate/2)
			var bands []float64
			for f := tt.lo; f < tt.hi; f *= 2 {
				bands = append(bands, dB(bandPower(psd, rate, f, 2*f)/all))
			}
			slope, fit := line(bands)
			if math.Abs(slope-tt.slope) > 0.3 {
				t.Errorf("bands %.1f dB: slope %.2f dB an octave, want %g", bands, slope, tt.slope)
			}
			for i, b := range bands {
				if math.Abs(b-fit(i)) > 0.75 {
					t.Errorf("band %g Hz at %.1f dB, %.1f dB off the line", tt.lo*math.Pow(2, float64(i)), b, b-fit(i))
				}
			}
			if sub := dB(bandPower(psd, rate, 0, 10) / all); sub > -25 {
				t.Errorf("%.1f dB of the power below 10 Hz, want less than -25 dB", sub)
			}
			if sub := dB(bandPower(psd, rate, 0, 20) / all); sub > -10 {
				t.Errorf("%.1f dB of the power below 20 Hz, want less than -10 dB", sub)
			}
			if top := dB(bandPower(psd, rate, 10000, rate/2) / all); top > -12 {
				t.Errorf("%.1f dB of the power above 10 kHz, want less than -12 dB", top)
			}
		})
	}
}

// line fits y = a·i + b and returns the slope and the line.
func line(y []float64) (float64, func(int) float64) {
	n := float64(len(y))
	var si, sy, sii, siy float64
	for i, v := range y {
		fi := float64(i)
		si, sy, sii, siy = si+fi, sy+v, sii+fi*fi, siy+fi*v
	}
	a := (n*siy - si*sy) / (n*sii - si*si)
	b := (sy - a*si) / n
	return a, func(i int) float64 { return a*float64(i) + b }
}

func TestBreathBand(t *testing.T) {
	for _, rate := range []int{48000, 22050} {
		x := channel(render(NewBreath(rate), 0, 20*rate), 0)
		psd := spectrum(x, 1<<14)
		all := bandPower(psd, rate, 0, float64(rate)/2)
		if in := bandPower(psd, rate, 250, 3500) / all; in < 0.95 {
			t.Errorf("at %d Hz: %.1f%% of the power in 250 Hz – 3.5 kHz, want 95%%", rate, 100*in)
		}
		if low := dB(bandPower(psd, rate, 0, 100) / all); low > -40 {
			t.Errorf("at %d Hz: %.1f dB of the power below 100 Hz, want less than -40 dB", rate, low)
		}
		if high := dB(bandPower(psd, rate, 6000, float64(rate)/2) / all); high > -25 {
			t.Errorf("at %d Hz: %.1f dB of the power above 6 kHz, want less than -25 dB", rate, high)
		}
	}
}

func TestNewBackgroundErrors(t *testing.T) {
	tests := []struct {
		kind          string
		rate          int
		carrier, beat float64
		want          string
	}{
		{"rain", 48000, 0, 0, `unknown background "rain": use one of [binaural brown-noise ocean pink-noise]`},
		{"none", 48000, 0, 0, "unknown background"},
		{"breath", 48000, 0, 0, "unknown background"},
		{"brown", 48000, 0, 0, "unknown background"},
		{"ocean", MinRate - 1, 0, 0, "sample rate 7999 Hz: use 8000 to 192000 Hz"},
		{"binaural", 48000, 0, 6, "binaural tones of -3 and 3 Hz"},
		{"binaural", 48000, 3, 6, "binaural tones of 0 and 6 Hz"},
		{"binaural", 48000, 200, -1, "binaural beat of -1 Hz"},
		{"binaural", 48000, math.NaN(), 6, "binaural tones of NaN and NaN Hz"},
		{"binaural", 48000, 200, math.NaN(), "binaural beat of NaN Hz"},
		{"binaural", 48000, 200, math.Inf(1), "binaural beat of +Inf Hz"},
		{"binaural", 8000, 3600, 6, "at 8000 Hz they must lie between 0 and 3600 Hz"},
		{"binaural", 48000, math.Inf(1), 6, "binaural tones"},
	}
	for _, tt := range tests {
		b, err := NewBackground(tt.kind, tt.rate, tt.carrier, tt.beat)
		if err == nil || !strings.Contains(err.Error(), tt.want) || b != nil {
			t.Errorf("NewBackground(%q, %d, %g, %g) = %v, %v; want an error with %q", tt.kind, tt.rate, tt.carrier, tt.beat, b, err, tt.want)
		}
	}
	for _, rate := range []int{0, MinRate - 1, MaxRate + 1} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "sample rate") {
					t.Errorf("NewBreath(%d) did not panic about the rate: %v", rate, r)
				}
			}()
			NewBreath(rate)
		}()
	}
}

func TestBackgroundKindsList(t *testing.T) {
	got := BackgroundKinds()
	if fmt.Sprint(got) != "[binaural brown-noise ocean pink-noise]" {
		t.Errorf("BackgroundKinds() = %v", got)
	}
	got[0] = "changed"
	if BackgroundKinds()[0] != "binaural" {
		t.Error("BackgroundKinds returns the package's own slice")
	}
	for _, kind := range BackgroundKinds() {
		if _, err := NewBackground(kind, 16000, 200, 6); err != nil {
			t.Errorf("listed kind %q: %v", kind, err)
		}
	}
	if fmt.Sprint(BellNames()) != "[bowl chime]" {
		t.Errorf("BellNames() = %v", BellNames())
	}
}

// TestLoopCache checks that loops are computed once per process and rate,
// even when asked for from many goroutines at once, and that they fit the
// memory budget.
func TestLoopCache(t *testing.T) {
	const rate = 24000
	var wg sync.WaitGroup
	got := make([]*noise, 8)
	for i := range got {
		wg.Go(func() { got[i] = NewBreath(rate).(*noise) })
	}
	wg.Wait()
	for _, n := range got[1:] {
		if n.loops != got[0].loops {
			t.Fatal("two breath textures at one rate have their own loops")
		}
	}
	a, _ := NewBackground("ocean", rate, 0, 0)
	b, _ := NewBackground("ocean", rate, 0, 0)
	if a.(*ocean).loops != b.(*ocean).loops {
		t.Error("two oceans at one rate have their own loops")
	}
	if c, _ := NewBackground("ocean", rate*2, 0, 0); c.(*ocean).loops == a.(*ocean).loops {
		t.Error("oceans at two rates share loops")
	}
}

func TestLoopMemory(t *testing.T) {
	const rate, budget = 48000, 16 << 20
	for kind, total := range map[string]int{
		"brown-noise": loops("brown-noise", rate).bytes(),
		"pink-noise":  loops("pink-noise", rate).bytes(),
		"ocean":       oceanLoops(rate).bytes(),
		"breath":      loops("breath", rate).bytes(),
	} {
		if total > budget {
			t.Errorf("%s: loops of %.1f MB at %d Hz, over the budget of %d MB", kind, float64(total)/(1<<20), rate, budget>>20)
		}
	}
}
