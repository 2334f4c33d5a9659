package synth

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// The rings the timeline gives each bell.
var rings = map[string]float64{"bowl": 7, "chime": 4}

func TestBell(t *testing.T) {
	for _, name := range BellNames() {
		for _, rate := range []int{48000, 44100, 22050, MinRate} {
			for _, ring := range []int{int(rings[name] * float64(rate)), 12345} {
				t.Run(fmt.Sprintf("%s/%d/%d", name, rate, ring), func(t *testing.T) {
					frames, err := Bell(name, rate, ring)
					if err != nil {
						t.Fatal(err)
					}
					if len(frames) != ring {
						t.Fatalf("%d frames, want %d", len(frames), ring)
					}
					if first, last := frames[0], frames[ring-1]; first != [2]float32{} || last != [2]float32{} {
						t.Errorf("first frame %v, last frame %v, want both 0", first, last)
					}
					x := widen(frames)
					if p := 20 * math.Log10(max(peak(channel(x, 0)), peak(channel(x, 1)))); p < -1.5 || p > -0.5 {
						t.Errorf("peak at %.2f dBFS, want -1.5 to -0.5", p)
					}
					b := bellBounds(name, rate, ring)
					if rate >= 22050 && b.cut == 0 {
						t.Errorf("no room to look for clicks above the partials at %d Hz", rate)
					}
					for c := range 2 {
						ch := channel(x, c)
						if problem := click(ch, rate, b); problem != "" {
							t.Errorf("channel %d: %s", c, problem)
						}
					}
					// Over a whole ring (a short one stops mid-beat):
					l, r := rmsDB(channel(x, 0)), rmsDB(channel(x, 1))
					if ring == int(rings[name]*float64(rate)) && math.Abs(l-r) > 0.5 {
						t.Errorf("left at %.2f dBFS RMS, right at %.2f: want them balanced within 0.5 dB", l, r)
					}
					if r := correlation(channel(x, 0), channel(x, 1)); r < 0.85 || r > 0.999 {
						t.Errorf("correlation of the channels %.4f, want a slight width: 0.85 to 0.999", r)
					}
					again, _ := Bell(name, rate, ring)
					for i := range again {
						if again[i] != frames[i] {
							t.Fatalf("a second strike differs at frame %d: %v, then %v", i, frames[i], again[i])
						}
					}
				})
			}
		}
	}
}

func TestBellShortRings(t *testing.T) {
	for _, name := range BellNames() {
		for _, ring := range []int{1, 2, 3, 100} {
			frames, err := Bell(name, 48000, ring)
			if err != nil {
				t.Fatalf("%s, ring %d: %v", name, ring, err)
			}
			if len(frames) != ring || frames[0] != [2]float32{} || frames[ring-1] != [2]float32{} {
				t.Errorf("%s, ring %d: %d frames, first %v, last %v", name, ring, len(frames), frames[0], frames[len(frames)-1])
			}
		}
	}
}

func TestBellDecays(t *testing.T) {
	const rate = 48000
	for name, decay := range map[string]float64{"bowl": 25, "chime": 20} {
		frames, _ := Bell(name, rate, int(rings[name]*rate))
		x := channel(widen(frames), 0)
		first, last := rmsDB(x[:rate]), rmsDB(x[len(x)-rate:])
		if first-last < decay {
			t.Errorf("%s: first second at %.1f dBFS, last second at %.1f: want at least %g dB of decay", name, first, last, decay)
		}
		// Higher partials die sooner: the sound mellows as it rings.
		hi := func(x []float64) float64 {
			psd := spectrum(x, 8192)
			return bandPower(psd, rate, 1.5*bells[name].f0, rate/2) / bandPower(psd, rate, 0, rate/2)
		}
		if early, late := hi(x[rate/20:len(x)/4]), hi(x[len(x)/2:len(x)*3/4]); dB(early/late) < 6 {
			t.Errorf("%s: share of the partials above the fundamental %.1f dB early, %.1f dB late: want it to fall by 6 dB", name, dB(early), dB(late))
		}
	}
}

// TestBellPartials checks the partials with the ratios of real instruments,
// found in the sound itself.
func TestBellPartials(t *testing.T) {
	const rate = 48000
	tests := []struct {
		name   string
		lo, hi float64   // where the fundamental must be
		ratios []float64 // approximate ratios of the next partials
	}{
		{"bowl", 200, 260, []float64{2.7, 5.1, 8.2}},
		{"chime", 800, 1000, []float64{2.76, 5.4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frames, err := Bell(tt.name, rate, int(rings[tt.name]*rate))
			if err != nil {
				t.Fatal(err)
			}
			x := channel(widen(frames), 0)[rate/50 : rate/50+rate]
			strongest := func(lo, hi float64) (float64, float64) {
				best, at := 0.0, 0.0
				for f := lo; f <= hi; f++ {
					if p := goertzel(x, rate, f); p > best {
						best, at = p, f
					}
				}
				return at, best
			}
			f0, p0 := strongest(tt.lo-50, tt.hi+50)
			if f0 < tt.lo || f0 > tt.hi {
				t.Fatalf("the fundamental is at %.1f Hz, want %g to %g Hz", f0, tt.lo, tt.hi)
			}
			if p0 < 0.01 {
				t.Fatalf("the fundamental is weak: power %g", p0)
			}
			for _, r := range tt.ratios {
				f, p := strongest(f0*r*0.98, f0*r*1.02)
				between := goertzel(x, rate, f/r*(r+0.5)) // no partial there
				switch {
				case dB(p/p0) < -40:
					t.Errorf("partial near %.2f·f0: strongest at %.1f Hz, %.1f dB below the fundamental", r, f, dB(p0/p))
				case dB(p/between) < 30:
					t.Errorf("partial near %.2f·f0 at %.1f Hz stands only %.1f dB above the spectrum between partials", r, f, dB(p/between))
				}
			}
		})
	}
}

func TestBellErrors(t *testing.T) {
	tests := []struct {
		name       string
		rate, ring int
		want       string
	}{
		{"gong", 48000, 48000, `unknown bell "gong": use one of [bowl chime]`},
		{"", 48000, 48000, "unknown bell"},
		{"Bowl", 48000, 48000, "unknown bell"},
		{"bowl", 0, 48000, "sample rate 0 Hz"},
		{"bowl", MaxRate + 1, 48000, "use 8000 to 192000 Hz"},
		{"chime", 48000, 0, "ring of 0 frames"},
		{"chime", 48000, -5, "ring of -5 frames"},
	}
	for _, tt := range tests {
		frames, err := Bell(tt.name, tt.rate, tt.ring)
		if err == nil || !strings.Contains(err.Error(), tt.want) || frames != nil {
			t.Errorf("Bell(%q, %d, %d) = %d frames, %v; want an error with %q", tt.name, tt.rate, tt.ring, len(frames), err, tt.want)
		}
	}
}

// clickBounds are what a click-free bell stays within.
type clickBounds struct {
	step float64 // largest sample-to-sample step
	// A frequency above which the bell has (nearly) nothing, Hz; 0 when
	// the rate leaves no such band, as at 8 kHz.
	cut float64
}

// bellBounds derives the bounds from the bell's own partials: a sum of
// sinusoids a·sin(ωn) moves by at most Σ a·2sin(ω/2) a frame, the decay
// and the raised-cosine ramps (slope π/2 over their length) by a little
// more. The band above the highest partial is quiet from 1.5 kHz on (the
// few-millisecond onset spreads each partial by less than that).
func bellBounds(name string, rate, ring int) clickBounds {
	d := bells[name]
	attack, fade := d.ramps(rate, ring)
	raw := d.mix(rate, ring)
	natural := 0.0
	for _, v := range raw {
		natural = max(natural, math.Abs(v[0]), math.Abs(v[1]))
	}
	var step, top float64
	for _, m := range d.modes(rate) {
		w := 2 * math.Pi * m.freq / float64(rate)
		ramps := math.Pi/2/float64(attack) + math.Pi/2/float64(fade) + 1/(m.decay*float64(rate))
		step += m.amp * (2*math.Sin(w/2) + ramps)
		top = max(top, m.freq)
	}
	b := clickBounds{step: step * Gain(BellPeak) / natural, cut: top + 1500}
	if b.cut > 0.45*float64(rate) {
		b.cut = 0
	}
	return b
}

// click describes the first click found in x, or returns "". It looks for
// a step (the frames before and after x count as 0) larger than the bound,
// and for energy above the sound's band (if there is room for one) in any
// 20 ms window: a click is broadband, and even a small one shows there.
func click(x []float64, rate int, b clickBounds) string {
	prev := 0.0
	for i, v := range append(x, 0) {
		if d := math.Abs(v - prev); d > b.step {
			return fmt.Sprintf("a step of %.4f at frame %d, more than the %.4f the partials allow", d, i, b.step)
		}
		prev = v
	}
	if b.cut == 0 {
		return ""
	}
	if level, at := highBand(x, rate, b.cut); level > clickLevel {
		return fmt.Sprintf("energy above %.0f Hz at %.1f dBFS around frame %d: a click", b.cut, level, at)
	}
	return ""
}

// clickLevel is the level above which energy above a bell's band is a
// click, dBFS. The bells stay below -110 dBFS there; a step of 0.002 or a
// single sample off by 0.001 reach -94 to -82 dBFS.
const clickLevel = -100

// highBand returns the highest level, in dBFS, that x reaches above cut
// Hz in any 20 ms window (Hann windows of 1024 frames, a quarter apart),
// and the frame at the middle of that window.
func highBand(x []float64, rate int, cut float64) (level float64, at int) {
	const size = 1024
	padded := append(append(make([]float64, size/2), x...), make([]float64, size)...)
	buf := make([]complex128, size)
	level = math.Inf(-1)
	for start := 0; start+size <= len(padded); start += size / 4 {
		for i := range buf {
			h := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/size)
			buf[i] = complex(padded[start+i]*h, 0)
		}
		fft(buf)
		var high float64
		for k := int(cut * size / float64(rate)); k <= size/2; k++ {
			high += real(buf[k])*real(buf[k]) + imag(buf[k])*imag(buf[k])
		}
		// The mean-square level of that band, as if the window were flat.
		if l := dB(2 * high / size / (size * 0.375)); l > level {
			level, at = l, start
		}
	}
	return level, at
}

// correlation returns the correlation coefficient of x and y.
func correlation(x, y []float64) float64 {
	var xy, xx, yy float64
	for i := range x {
		xy += x[i] * y[i]
		xx += x[i] * x[i]
		yy += y[i] * y[i]
	}
	return xy / math.Sqrt(xx*yy)
}

// TestClickCatchesClicks shows that the click check fails on bells with
// the kinds of faults it is there to catch.
func TestClickCatchesClicks(t *testing.T) {
	const rate = 48000
	faults := []struct {
		name  string
		fault func(x []float64) []float64
	}{
		{"no fade: cut at 60%", func(x []float64) []float64 { return x[:len(x)*6/10] }},
		{"no onset: started 10 ms late", func(x []float64) []float64 { return x[rate/100:] }},
		{"a step of 0.002 in the middle", func(x []float64) []float64 {
			for i := len(x) / 2; i < len(x); i++ {
				x[i] += 0.002 * RaisedCosine(float64(len(x)-1-i)/1000)
			}
			return x
		}},
		{"a single sample off by 0.001", func(x []float64) []float64 { x[len(x)/3] += 0.001; return x }},
	}
	for _, name := range BellNames() {
		ring := int(rings[name] * rate)
		frames, _ := Bell(name, rate, ring)
		b := bellBounds(name, rate, ring)
		if problem := click(channel(widen(frames), 0), rate, b); problem != "" {
			t.Fatalf("%s as it is: %s", name, problem)
		}
		for _, f := range faults {
			if click(f.fault(channel(widen(frames), 0)), rate, b) == "" {
				t.Errorf("%s, %s: no click found", name, f.name)
			}
		}
	}
}

// TestBellModesSideBySide: mixing four modes in one pass gives the very
// numbers of the plain way, one mode at a time over the whole ring.
func TestBellModesSideBySide(t *testing.T) {
	for name, d := range bells {
		for _, rate := range []int{16000, 44100, 48000} {
			ring := rate * 3
			got := d.mix(rate, ring)
			want := make([][2]float64, ring)
			sr := float64(rate)
			for _, m := range d.modes(rate) {
				w := 2 * math.Pi * m.freq / sr
				r := math.Exp(-1 / (m.decay * sr))
				stepRe, stepIm := r*math.Cos(w), r*math.Sin(w)
				shiftSin, shiftCos := math.Sincos(m.shift)
				for n0 := 0; n0 < ring; n0 += bellBlock {
					a := m.amp * math.Exp(-float64(n0)/(m.decay*sr))
					sin, cos := math.Sincos(w*float64(n0) + m.phase)
					re, im := a*cos, a*sin
					for n := n0; n < min(n0+bellBlock, ring); n++ {
						want[n][0] += im
						want[n][1] += im*shiftCos + re*shiftSin
						re, im = re*stepRe-im*stepIm, re*stepIm+im*stepRe
					}
				}
			}
			attack, fade := d.ramps(rate, ring)
			for n := range want {
				g := RaisedCosine(float64(n)/float64(attack)) * RaisedCosine(float64(ring-1-n)/float64(fade))
				want[n] = [2]float64{g * want[n][0], g * want[n][1]}
				if g == 0 {
					want[n] = [2]float64{}
				}
			}
			for n := range want {
				if got[n] != want[n] {
					t.Fatalf("%s at %d Hz, frame %d: %v, one mode at a time gives %v", name, rate, n, got[n], want[n])
				}
			}
		}
	}
}

// TestBellShared: a strike is computed once and shared.
func TestBellShared(t *testing.T) {
	a, err := Bell("chime", 22050, 22050)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Bell("chime", 22050, 22050)
	c, _ := Bell("chime", 22050, 22051)
	if &a[0] != &b[0] {
		t.Error("the same strike was computed twice")
	}
	if len(c) != 22051 || &a[0] == &c[0] {
		t.Error("a longer ring was served the shorter strike")
	}
}
