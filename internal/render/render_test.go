package render_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/gopxl/beep/v2"

	"github.com/exhale-audio/exhale/audio/decode"
	"github.com/exhale-audio/exhale/audio/streamtest"
	"github.com/exhale-audio/exhale/internal/catalog"
	"github.com/exhale-audio/exhale/internal/media"
	"github.com/exhale-audio/exhale/internal/render"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

const rate = 48000

// session is a script in a folder of its own, with the files it names.
type session struct {
	dir   string
	sched *timeline.Schedule
	r     *render.Renderer
}

// load writes src (and files) into a temporary folder, parses, compiles
// and prepares it, as the CLI does.
func load(t testing.TB, src string, files map[string][]byte) *session {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := catalog.OpenPath(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	s, err := script.Parse(e.FS, e.File, script.Options{})
	if err != nil {
		var d script.Errors
		if errors.As(err, &d) {
			t.Fatal(d.Pretty())
		}
		t.Fatal(err)
	}
	sched, err := timeline.Compile(s, media.New(e.FS, true), timeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := render.New(sched, e.FS, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &session{dir: dir, sched: sched, r: r}
}

// readAll streams the session from pos to its end.
func (s *session) readAll(t testing.TB, pos int64) [][2]float64 {
	t.Helper()
	return s.readSome(t, pos, s.sched.Samples)
}

// readSome streams at most n frames of the session from pos.
func (s *session) readSome(t testing.TB, pos, n int64) [][2]float64 {
	t.Helper()
	st := s.r.Stream(pos)
	defer st.Close()
	out := make([][2]float64, min(n, s.sched.Samples-pos))
	done := 0
	for done < len(out) {
		n, ok := st.Stream(out[done:min(len(out), done+3001)])
		done += n
		if !ok {
			break
		}
	}
	if err := st.Err(); err != nil {
		t.Fatal(err)
	}
	if done != len(out) {
		t.Fatalf("streamed %d frames, want %d", done, len(out))
	}
	return out
}

// wav and sine make real WAV files for the sessions here.
var (
	wav  = streamtest.WAV16
	sine = streamtest.Sine
)

func fixture(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// full is a session with every layer: background, voice slots, breathing,
// bells (built in and from a file), short and long clips.
func full(t testing.TB) *session {
	return load(t, `version: 1
title: Everything
background: {sound: ocean, volume: -20dB, duck: 10dB}
steps:
  - bell: {strikes: 2}
  - say: Welcome, settle in.
  - breathe: {pattern: 4-7-8, cycles: 2, to: 4-0-8-0}
  - play: short.wav
    volume: -6dB
  - say: Listen.
    clip: line.wav
  - play: long.wav
  - breathe: {pattern: sigh, cycles: 1}
  - bell: {sound: gong.wav, overlap: true}
  - play: clips/chirp.mp3
  - pause: 3s
`, map[string][]byte{
		"short.wav":       wav(22050, 1, 1.5, sine(330, 0.5)),
		"line.wav":        wav(24000, 2, 2.0, sine(220, 0.3)),
		"long.wav":        wav(32000, 1, 40, sine(440, 0.2)), // too long to keep: streamed
		"gong.wav":        wav(44100, 2, 2.5, func(t float64, _ int) float64 { return 0.4 * math.Exp(-t) * math.Sin(2*math.Pi*180*t) }),
		"clips/chirp.mp3": fixture(t, "chirp_vbr_id3_44100_stereo.mp3"),
	})
}

func TestStreamerContract(t *testing.T) {
	s := load(t, "version: 1\ntitle: T\nbackground: brown-noise\nsteps:\n  - bell: {overlap: true}\n  - say: Hello there.\n  - breathe: {pattern: 2-2, cycles: 1}\n  - play: c.wav\n",
		map[string][]byte{"c.wav": wav(22050, 1, 1.5, sine(330, 0.5))})
	streamtest.Contract(t, "render.Stream", func() beep.Streamer { return s.r.Stream(0) }, int(s.sched.Samples))
}

// TestStartAnywhere: a stream started at P gives exactly what a stream from
// 0 gives from P on: inside bells, breaths, ducking ramps, a kept clip, a
// streamed (resampled) clip, and the background's loops.
func TestStartAnywhere(t *testing.T) {
	s := full(t)
	whole := s.readAll(t, 0)
	var points []int64
	for _, e := range s.sched.Events {
		points = append(points, e.Start, e.Start+1, (e.Start+e.End)/2, e.End-1)
	}
	points = append(points, 1, 4095, 4096, 4097, s.sched.Samples-1)
	for _, p := range points {
		if p < 0 || p >= s.sched.Samples {
			continue
		}
		got := s.readSome(t, p, 3*rate)
		for i := range got {
			if got[i] != whole[p+int64(i)] {
				t.Fatalf("from %d: frame %d = %v, full render has %v", p, p+int64(i), got[i], whole[p+int64(i)])
			}
		}
	}
}

// memWriter is an io.WriterAt in memory.
type memWriter struct {
	mu  sync.Mutex
	buf []byte
}

func (m *memWriter) WriteAt(p []byte, off int64) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if need := int(off) + len(p); need > len(m.buf) {
		m.buf = append(m.buf, make([]byte, need-len(m.buf))...)
	}
	copy(m.buf[off:], p)
	return len(p), nil
}

// TestWAV: the file is exactly as long as the cue sheet, decodes, and is
// the same byte for byte whether rendered by one worker or several.
func TestWAV(t *testing.T) {
	s := full(t)
	var files [][]byte
	for _, workers := range []int{1, 2, 5} {
		var w memWriter
		var mu sync.Mutex // progress is called from every worker
		var last int64
		if err := s.r.WriteWAV(&w, workers, func(done int64) {
			mu.Lock()
			defer mu.Unlock()
			last = max(last, done)
		}); err != nil {
			t.Fatal(err)
		}
		if last != s.sched.Samples {
			t.Errorf("%d workers: progress ended at %d, want %d", workers, last, s.sched.Samples)
		}
		files = append(files, w.buf)
	}
	for i := 1; i < len(files); i++ {
		if !bytes.Equal(files[0], files[i]) {
			t.Fatalf("the WAV differs with %d workers", []int{1, 2, 5}[i])
		}
	}
	info, err := decode.Probe(bytes.NewReader(files[0]))
	if err != nil {
		t.Fatal(err)
	}
	if info.Frames != s.sched.Samples || info.SampleRate != rate || info.Channels != 2 {
		t.Errorf("WAV holds %+v, want %d frames at %d Hz, stereo", info, s.sched.Samples, rate)
	}
	// No sample comes near full scale: the limiter holds the mix under
	// -1 dBFS (29204), and dither adds at most one step.
	pcm := files[0][44:]
	for i := 0; i+1 < len(pcm); i += 2 {
		v := int16(binary.LittleEndian.Uint16(pcm[i:]))
		if v > 29205 || v < -29205 {
			t.Fatalf("sample %d is %d, over -1 dBFS", i/2, v)
		}
	}
}

// TestBellOnset: a bell's attack starts on its scheduled sample.
func TestBellOnset(t *testing.T) {
	for _, at := range []string{"1.2345s", "0.5s", "3s"} {
		s := load(t, "version: 1\ntitle: T\nsteps:\n  - pause: "+at+"\n  - bell: {}\n", nil)
		out := s.readAll(t, 0)
		start := s.sched.Events[1].Start
		first := -1
		for i, f := range out {
			if f[0] != 0 || f[1] != 0 {
				first = i
				break
			}
		}
		if first < int(start) || first > int(start)+2 {
			t.Errorf("at %s: the first sound is at frame %d, the bell is scheduled at %d", at, first, start)
		}
		// And it is a real attack: within 5 ms it is loud.
		peak := 0.0
		for _, f := range out[start : start+240] {
			peak = max(peak, math.Abs(f[0]))
		}
		if peak < 0.05 {
			t.Errorf("at %s: the bell's first 5 ms peak at %.4f", at, peak)
		}
	}
}

// TestClipsLandExactly: clips at many rates and channel counts, resampled
// to 48 kHz, start on their sample, last exactly their length, and match
// the tone they hold.
func TestClipsLandExactly(t *testing.T) {
	tests := []struct {
		name     string
		rate, ch int
	}{
		{"22050-mono", 22050, 1}, {"22050-stereo", 22050, 2},
		{"24000-mono", 24000, 1}, {"24000-stereo", 24000, 2},
		{"32000-mono", 32000, 1}, {"32000-stereo", 32000, 2},
		{"44100-mono", 44100, 1}, {"44100-stereo", 44100, 2},
		{"48000-stereo", 48000, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, "version: 1\ntitle: T\nsteps:\n  - pause: 0.3217s\n  - play: c.wav\n  - pause: 1s\n",
				map[string][]byte{"c.wav": wav(tt.rate, tt.ch, 1, sine(1000, 0.5))})
			e := s.sched.Events[1]
			if e.End-e.Start != rate {
				t.Fatalf("the clip lasts %d frames on the schedule, want %d", e.End-e.Start, rate)
			}
			out := s.readAll(t, 0)
			for i := int64(0); i < e.Start; i++ {
				if out[i] != [2]float64{} {
					t.Fatalf("sound at %d, before the clip's start %d", i, e.Start)
				}
			}
			for i := e.End; i < int64(len(out)); i++ {
				if out[i] != [2]float64{} {
					t.Fatalf("sound at %d, after the clip's end %d", i, e.End)
				}
			}
			// Past the soft edges, the output is the 1 kHz tone, on time.
			worst := 0.0
			for i := e.Start + 480; i < e.End-480; i++ {
				want := 0.5 * math.Sin(2*math.Pi*1000*float64(i-e.Start)/rate)
				worst = max(worst, math.Abs(out[i][0]-want), math.Abs(out[i][1]-want))
			}
			if worst > 0.002 {
				t.Errorf("the resampled tone is off by up to %.4f", worst)
			}
		})
	}
}

// TestMP3Gapless: MP3 clips (VBR with an ID3 tag, low-rate mono CBR)
// trimmed of encoder delay and padding last exactly their 1.000 s and
// sound from their scheduled sample.
func TestMP3Gapless(t *testing.T) {
	for _, name := range []string{"chirp_vbr_id3_44100_stereo.mp3", "chirp_cbr56_22050_mono.mp3"} {
		t.Run(name, func(t *testing.T) {
			s := load(t, "version: 1\ntitle: T\nsteps:\n  - pause: 0.25s\n  - play: c.mp3\n  - pause: 0.5s\n",
				map[string][]byte{"c.mp3": fixture(t, name)})
			e := s.sched.Events[1]
			if e.End-e.Start != rate {
				t.Fatalf("the clip lasts %d frames, want %d (1.000 s)", e.End-e.Start, rate)
			}
			out := s.readAll(t, 0)
			onset, last := -1, -1
			for i, f := range out {
				if math.Abs(f[0]) > 0.05 {
					if onset < 0 {
						onset = i
					}
					last = i
				}
			}
			// The 5 ms ramp (240 frames) delays the crossing of 10% of the
			// level a little; an untrimmed MP3 would be ~2000 frames late.
			if onset < int(e.Start) || onset > int(e.Start)+240 {
				t.Errorf("the chirp is heard from frame %d; it is scheduled at %d", onset, e.Start)
			}
			if last > int(e.End) || last < int(e.End)-240 {
				t.Errorf("the chirp is last heard at frame %d; it ends at %d", last, e.End)
			}
		})
	}
}

// TestNoClicksAtClipEdges: a clip that starts and ends at full level is
// ramped, so no step between frames is large.
func TestNoClicksAtClipEdges(t *testing.T) {
	dc := func(float64, int) float64 { return 0.9 }
	s := load(t, "version: 1\ntitle: T\nsteps:\n  - pause: 0.1s\n  - play: c.wav\n  - play: c.wav\n  - pause: 0.1s\n",
		map[string][]byte{"c.wav": wav(44100, 1, 0.5, dc)})
	out := s.readAll(t, 0)
	worst := 0.0
	for i := 1; i < len(out); i++ {
		worst = max(worst, math.Abs(out[i][0]-out[i-1][0]))
	}
	// A 0.9 step spread over a 5 ms raised cosine moves at most 0.9·π/2/240.
	if worst > 0.0065 {
		t.Errorf("the largest step between frames is %.4f", worst)
	}
}

// TestLimiter: a loud mix (a full-scale clip at +6 dB over a bell) never
// goes past -1 dBFS, and is untouched where it is quiet.
func TestLimiter(t *testing.T) {
	s := load(t, "version: 1\ntitle: T\nsteps:\n  - play: quiet.wav\n  - bell: {overlap: true, volume: 6dB}\n  - play: loud.wav\n    volume: 6dB\n  - play: quiet.wav\n",
		map[string][]byte{"loud.wav": wav(48000, 2, 1, sine(500, 1)), "quiet.wav": wav(48000, 1, 1, sine(500, 0.25))})
	out := s.readAll(t, 0)
	peak := 0.0
	for _, f := range out {
		peak = max(peak, math.Abs(f[0]), math.Abs(f[1]))
	}
	if peak > 0.8913 {
		t.Errorf("peak %.4f is over -1 dBFS", peak)
	}
	if peak < 0.85 {
		t.Errorf("peak %.4f: the limiter pulled the mix far below its ceiling", peak)
	}
	// The quiet clip at the very start is left as it is.
	for i := 480; i < 4800; i++ {
		want := 0.25 * math.Sin(2*math.Pi*500*float64(i)/rate)
		if math.Abs(out[i][0]-want) > 1.0/32767 {
			t.Fatalf("frame %d = %v, want %v (untouched, to the clip's 16 bits)", i, out[i][0], want)
		}
	}
}

// TestDucking: the background is lowered by `duck` under the voice.
func TestDucking(t *testing.T) {
	for _, duck := range []float64{6, 12} {
		s := load(t, fmt.Sprintf("version: 1\ntitle: T\nbackground: {sound: pink-noise, duck: %gdB}\nsteps:\n  - pause: 20s\n  - say: %s\n  - pause: 20s\n",
			duck, strings.Repeat("word ", 30)), nil)
		out := s.readAll(t, 0)
		say := s.sched.Events[1]
		rms := func(a, b int64) float64 {
			sum := 0.0
			for _, f := range out[a:b] {
				sum += f[0]*f[0] + f[1]*f[1]
			}
			return math.Sqrt(sum / float64(2*(b-a)))
		}
		under := rms(say.Start+rate, say.End-rate)
		open := rms(6*rate, 18*rate)
		got := 20 * math.Log10(open/under)
		if math.Abs(got-duck) > 1 {
			t.Errorf("duck %g dB: measured %.2f dB", duck, got)
		}
	}
}

// TestBreathGuide: the guide swells through the in-breath, holds, ebbs
// through the out-breath, and is silent on the rest, with no jump at any
// boundary.
func TestBreathGuide(t *testing.T) {
	s := load(t, "version: 1\ntitle: T\nsteps:\n  - breathe: {pattern: box, cycles: 1}\n", nil)
	out := s.readAll(t, 0)
	level := func(a, b int64) float64 {
		sum := 0.0
		for _, f := range out[a:b] {
			sum += f[0]*f[0] + f[1]*f[1]
		}
		return math.Sqrt(sum / float64(2*(b-a)))
	}
	sec := func(x float64) int64 { return int64(x * rate) }
	early, late := level(sec(0.2), sec(1.2)), level(sec(2.8), sec(3.8))
	hold := level(sec(4.5), sec(7.5))
	ebb := level(sec(11), sec(12))
	rest := level(sec(12.2), sec(15.8))
	if !(early < late && late < hold*1.1 && ebb < hold/3 && rest == 0) {
		t.Errorf("levels: in %.4f→%.4f, hold %.4f, end of out %.4f, rest %.4f", early, late, hold, ebb, rest)
	}
	worst := 0.0
	for i := 1; i < len(out); i++ {
		worst = max(worst, math.Abs(out[i][0]-out[i-1][0]))
	}
	if worst > 0.05 {
		t.Errorf("a step of %.4f between frames", worst)
	}
}

// TestBadClip: a clip that cannot be decoded when its turn comes (it was
// replaced, cut short, or damaged after the session was checked) stops the
// render with an error naming the step's line and the file.
func TestBadClip(t *testing.T) {
	mp3 := fixture(t, "chirp_vbr_id3_44100_stereo.mp3")
	tests := []struct {
		name string
		data []byte
	}{
		{"not audio", []byte("this is not audio at all")},
		{"empty", nil},
		{"cut in half", mp3[:len(mp3)/2]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, "version: 1\ntitle: T\nsteps:\n  - pause: 1s\n  - play: c.mp3\n", map[string][]byte{"c.mp3": mp3})
			if err := os.WriteFile(filepath.Join(s.dir, "c.mp3"), tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			var w memWriter
			err := s.r.WriteWAV(&w, 2, nil)
			if err == nil || !strings.Contains(err.Error(), "s.yaml:5:5: `play`: c.mp3: ") {
				t.Errorf("error %v does not name the step and the file", err)
			}
		})
	}
}

// BenchmarkRender20m renders a 20-minute session with every layer, as
// `exhale render` does (all cores), and reports how many times faster than
// real time it runs.
func BenchmarkRender20m(b *testing.B) {
	s := load(b, twentyMinutes, map[string][]byte{
		"clip.wav": wav(44100, 2, 6, sine(330, 0.3)),
		"line.mp3": fixture(b, "chirp_cbr56_22050_mono.mp3"),
	})
	if got := s.sched.Duration(s.sched.Samples).Minutes(); got < 19.9 || got > 20.1 {
		b.Fatalf("the session lasts %.2f minutes", got)
	}
	b.ResetTimer()
	for b.Loop() {
		var w discardAt
		if err := s.r.WriteWAV(&w, runtime.NumCPU(), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(s.sched.Duration(s.sched.Samples).Seconds()*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
}

type discardAt struct{}

func (discardAt) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }

// twentyMinutes: background, a bell every few minutes, breathing with the
// guide, spoken-line slots (ducking) and clips.
const twentyMinutes = `version: 1
title: Twenty minutes
background: {sound: brown-noise, volume: -26dB, duck: 6dB}
steps:
  - bell: {}
  - repeat: 5
    steps:
      - say: Let the breath be easy and slow, there is nothing to do.
        pause: 10s
      - breathe: {pattern: coherent, cycles: 6}
      - play: clip.wav
      - say: Notice the body resting.
        clip: line.mp3
        pause: 20s
      - pause: 60s
      - bell: {strikes: 2}
  - at: 19m53s
    bell: {}
`

// failingWriter fails once more than limit bytes are written, as a full
// disk does.
type failingWriter struct {
	mu      sync.Mutex
	written int
	limit   int
}

func (f *failingWriter) WriteAt(p []byte, _ int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.written+len(p) > f.limit {
		return 0, syscall.ENOSPC
	}
	f.written += len(p)
	return len(p), nil
}

func TestDiskFull(t *testing.T) {
	s := load(t, "version: 1\ntitle: T\nbackground: pink-noise\nsteps:\n  - pause: 30s\n", nil)
	for _, limit := range []int{0, 44, 100000} {
		err := s.r.WriteWAV(&failingWriter{limit: limit}, 2, nil)
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("limit %d: got %v, want ENOSPC", limit, err)
		}
	}
}
