package streamtest

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gopxl/beep/v2"
)

// recorder is a Reporter that keeps the failures.
type recorder struct{ failures []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

// data is a correct StreamSeeker over fixed frames; the fields break it in
// chosen ways.
type data struct {
	frames [][2]float64
	pos    int

	zeroAtEnd   bool // return (0, true) at the end instead of (0, false)
	scribble    bool // write past samples[:n] on the last call
	shortEarly  bool // return fewer frames than asked before the end
	lenOff      int  // added to Len
	seekOff     int  // added to the position on Seek
	acceptRange bool // accept out-of-range seeks
	restart     bool // stream again from the start after the end
}

func (d *data) Stream(samples [][2]float64) (int, bool) {
	if d.pos >= len(d.frames) {
		if d.restart {
			d.pos = 0
		} else {
			return 0, d.zeroAtEnd
		}
	}
	want := len(samples)
	if d.shortEarly && want > 1 && d.pos+want < len(d.frames) {
		want--
	}
	n := copy(samples[:want], d.frames[d.pos:])
	d.pos += n
	if d.scribble && n < len(samples) {
		samples[n] = [2]float64{0, 0}
	}
	return n, true
}

func (d *data) Err() error    { return nil }
func (d *data) Len() int      { return len(d.frames) + d.lenOff }
func (d *data) Position() int { return d.pos }
func (d *data) Seek(p int) error {
	if !d.acceptRange && (p < 0 || p > len(d.frames)) {
		return fmt.Errorf("out of range")
	}
	d.pos = min(max(p+d.seekOff, 0), len(d.frames))
	return nil
}

func ramp(n int) [][2]float64 {
	f := make([][2]float64, n)
	for i := range f {
		x := math.Sin(float64(i) * 0.01)
		f[i] = [2]float64{x, -x}
	}
	return f
}

func TestContractPassesACorrectStreamer(t *testing.T) {
	frames := ramp(5000)
	Contract(t, "data", func() beep.Streamer { return &data{frames: frames} }, len(frames))
	Contract(t, "exact multiple", func() beep.Streamer { return &data{frames: ramp(7 * 1031)} }, 7*1031)
	Contract(t, "infinite", func() beep.Streamer {
		return beep.StreamerFunc(func(s [][2]float64) (int, bool) {
			for i := range s {
				s[i] = [2]float64{0.5, -0.5}
			}
			return len(s), true
		})
	}, Infinite)
}

func TestChecksCatchBrokenStreamers(t *testing.T) {
	frames := ramp(3000)
	tests := []struct {
		name  string
		make  func() beep.Streamer
		len   int
		check func(Reporter, func() beep.Streamer, int)
		want  string
	}{
		{"(0, true) at the end", func() beep.Streamer { return &data{frames: frames, zeroAtEnd: true} }, 3000, CheckStream, "(0, true)"},
		{"writes past n", func() beep.Streamer { return &data{frames: frames, scribble: true} }, 3000, CheckStream, "wrote samples"},
		{"short before the end", func() beep.Streamer { return &data{frames: frames, shortEarly: true} }, 3000, CheckStream, "streamed 6 frames, want 3000"},
		{"wrong length", func() beep.Streamer { return &data{frames: frames} }, 2999, CheckStream, "want 2999"},
		{"never ends", func() beep.Streamer { return &data{frames: frames, restart: true} }, 3000, CheckStream, "after the end"},
		{"value out of range", func() beep.Streamer {
			f := ramp(3000)
			f[1234][1] = 1.5
			return &data{frames: f}
		}, 3000, CheckStream, "not in [-1, 1]"},
		{"NaN", func() beep.Streamer {
			f := ramp(3000)
			f[10][0] = math.NaN()
			return &data{frames: f}
		}, 3000, CheckStream, "not in [-1, 1]"},
		{"infinite that ends", func() beep.Streamer { return &data{frames: frames} }, Infinite, CheckStream, "ended after"},
		{"wrong Len", func() beep.Streamer { return &data{frames: frames, lenOff: 1} }, 3000, CheckSeek, "Len()"},
		{"seek off by one", func() beep.Streamer { return &data{frames: frames, seekOff: 1} }, 3000, CheckSeek, "Seek("},
		{"accepts out of range", func() beep.Streamer { return &data{frames: frames, acceptRange: true} }, 3000, CheckSeek, "returned no error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{}
			tt.check(r, tt.make, tt.len)
			if len(r.failures) == 0 {
				t.Fatalf("no failure reported")
			}
			if !strings.Contains(strings.Join(r.failures, "\n"), tt.want) {
				t.Errorf("failures %q do not mention %q", r.failures, tt.want)
			}
		})
	}
}

func TestBufferSizesMustAgree(t *testing.T) {
	// A streamer whose output depends on the buffer size: each call starts
	// with a zero frame.
	frames := ramp(2000)
	r := &recorder{}
	CheckStream(r, func() beep.Streamer {
		d := &data{frames: frames}
		return beep.StreamerFunc(func(s [][2]float64) (int, bool) {
			n, ok := d.Stream(s)
			if n > 0 {
				s[0] = [2]float64{}
			}
			return n, ok
		})
	}, 2000)
	if len(r.failures) == 0 || !strings.Contains(r.failures[0], "at a time") {
		t.Errorf("failures = %q, want a difference between buffer sizes", r.failures)
	}
}
