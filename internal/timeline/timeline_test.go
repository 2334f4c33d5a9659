package timeline_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// lengths is the Media for these tests: the compiler's inputs, given as
// data. A spoken line lasts one second per word; files last what the map
// says, at their own rate.
type lengths map[string][2]int64 // path → frames, rate

func (l lengths) Speech(line timeline.SpokenLine, rate int) (timeline.Spoken, error) {
	return timeline.Spoken{Samples: int64(len(strings.Fields(line.Text))) * int64(rate), Estimated: true, Clip: line.Clip}, nil
}

func (l lengths) File(p string) (int64, int, error) {
	v, ok := l[p]
	if !ok {
		return 0, 0, fmt.Errorf("%s: no such file", p)
	}
	return v[0], int(v[1]), nil
}

var testFiles = lengths{
	"sounds/stream.mp3": {44100 * 10, 44100}, // 10 s at 44.1 kHz
	"bells/gong.wav":    {96000 * 3, 96000},  // 3 s at 96 kHz
}

func parse(t testing.TB, src string) *script.Session {
	t.Helper()
	fsys := fstest.MapFS{
		"s.yaml":            {Data: []byte(src)},
		"sounds/stream.mp3": {Data: []byte("x")},
		"bells/gong.wav":    {Data: []byte("x")},
	}
	s, err := script.Parse(fsys, "s.yaml", script.Options{})
	if err != nil {
		var d script.Errors
		if errors.As(err, &d) {
			t.Fatalf("parse:\n%s", d.Pretty())
		}
		t.Fatal(err)
	}
	return s
}

func compile(t testing.TB, src string, opts timeline.Options) *timeline.Schedule {
	t.Helper()
	sched, err := timeline.Compile(parse(t, src), testFiles, opts)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return sched
}

// TestGolden compiles every testdata/*.yaml and compares its cue sheet and
// closing with testdata/*.golden. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil || len(files) < 3 {
		t.Fatalf("want golden scripts in testdata, found %d (%v)", len(files), err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sched := compile(t, string(src), timeline.Options{})
			got := render(sched)
			golden := strings.TrimSuffix(f, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from the compiled timeline (run go test -update if the change is right):\n%s", golden, got)
			}
		})
	}
}

func render(s *timeline.Schedule) []byte {
	b, _ := json.MarshalIndent(s.CueSheet(), "", "  ")
	var sb strings.Builder
	sb.Write(b)
	sb.WriteString("\n")
	for _, e := range s.Closing {
		fmt.Fprintf(&sb, "closing: %s %d-%d %q\n", e.Kind, e.Start, e.End, e.Caption)
	}
	return []byte(sb.String())
}

const r = timeline.DefaultRate

func sec(f float64) int64 { return int64(f * r) }

func TestPositions(t *testing.T) {
	src := `version: 1
title: T
gap: 2s
steps:
  - id: open
    bell: {}
  - say: one two three
  - say: four
    pause: 5s
  - pause: 10s
  - at: 1m
    play: sounds/stream.mp3
  - bell: {strikes: 3, overlap: true}
  - say: last
`
	s := compile(t, src, timeline.Options{})
	type ev struct {
		kind       timeline.Kind
		start, end int64
		id         string
	}
	want := []ev{
		{timeline.Bell, 0, sec(7), "open"},
		{timeline.Say, sec(7), sec(10), ""},        // 3 words
		{timeline.Say, sec(12), sec(13), ""},       // after the 2 s gap
		{timeline.Pause, sec(18), sec(28), ""},     // after its own 5 s pause
		{timeline.Play, sec(60), sec(70), ""},      // at 1m; 10 s at 44.1 kHz
		{timeline.Bell, sec(70), sec(70 + 16), ""}, // 3 strikes 4.5 s apart + 7 s ring
		{timeline.Say, sec(70), sec(71), ""},       // overlap: starts with the bell
	}
	if len(s.Events) != len(want) {
		t.Fatalf("got %d events, want %d", len(s.Events), len(want))
	}
	for i, w := range want {
		e := s.Events[i]
		if e.Kind != w.kind || e.Start != w.start || e.End != w.end || e.ID != w.id {
			t.Errorf("event %d = %s %d-%d %q, want %s %d-%d %q", i, e.Kind, e.Start, e.End, e.ID, w.kind, w.start, w.end, w.id)
		}
	}
	if s.Samples != sec(86) {
		t.Errorf("Samples = %d, want %d (the end of the ringing bell)", s.Samples, sec(86))
	}
}

func TestAtBeforePreviousEnd(t *testing.T) {
	src := "version: 1\ntitle: T\nsteps:\n  - pause: 30s\n  - at: 20s\n    bell: {}\n"
	_, err := timeline.Compile(parse(t, src), testFiles, timeline.Options{})
	var d script.Errors
	if !errors.As(err, &d) || len(d) != 1 {
		t.Fatalf("want one diagnostic, got %v", err)
	}
	want := "s.yaml:5:5: `at: 20s` starts before the previous step ends (at 30s)"
	if !strings.HasPrefix(d[0].Error(), want) {
		t.Errorf("got %q, want prefix %q", d[0].Error(), want)
	}
	// An `at` inside the previous step's trailing gap shortens the gap.
	src = "version: 1\ntitle: T\nsteps:\n  - say: hi\n    pause: 30s\n  - at: 20s\n    bell: {}\n"
	s := compile(t, src, timeline.Options{})
	if got := s.Events[1].Start; got != sec(20) {
		t.Errorf("bell starts at %d, want %d", got, sec(20))
	}
}

func TestLengthExact(t *testing.T) {
	scripts := map[string]string{
		"gaps":    "version: 1\ntitle: T\nsteps:\n  - say: one two\n  - say: three\n    pause: 7s\n  - pause: 13s\n  - bell: {}\n",
		"anchors": "version: 1\ntitle: T\nsteps:\n  - say: a b c\n    pause: 4s\n  - at: 1m\n    say: d\n  - pause: 20s\n  - breathe: {pattern: box, cycles: 2}\n",
		"overlap": "version: 1\ntitle: T\nsteps:\n  - pause: 3s\n  - bell: {overlap: true, strikes: 2}\n  - pause: 1s\n",
		"ramp":    "version: 1\ntitle: T\nsteps:\n  - say: hello there\n  - breathe: {pattern: 4-4, to: 4-8, for: 1m}\n  - pause: 9s\n",
	}
	lengths := []time.Duration{90 * time.Second, 5*time.Minute + 333*time.Millisecond, 17*time.Minute + time.Second/3, 2 * time.Hour}
	for name, src := range scripts {
		for _, rate := range []int{48000, 44100} {
			for _, l := range lengths {
				t.Run(fmt.Sprintf("%s/%d/%s", name, rate, l), func(t *testing.T) {
					s := compile(t, src, timeline.Options{Length: l, Rate: rate})
					if want := timeline.DurationToSamples(l, rate); s.Samples != want {
						t.Errorf("Samples = %d, want exactly %d", s.Samples, want)
					}
				})
			}
		}
	}
}

func TestLengthErrors(t *testing.T) {
	tests := []struct {
		src    string
		length time.Duration
		want   string
	}{
		{"version: 1\ntitle: T\nsteps:\n  - say: a b c d e f g h i j\n  - pause: 5s\n", 8 * time.Second, "too short: the speech, breathing, bells and clips alone last 10s"},
		{"version: 1\ntitle: T\nsteps:\n  - breathe: {pattern: box, cycles: 2}\n", time.Minute, "cannot stretch this session"},
	}
	for _, tt := range tests {
		_, err := timeline.Compile(parse(t, tt.src), testFiles, timeline.Options{Length: tt.length})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("want %q, got %v", tt.want, err)
		}
	}
}

func TestPace(t *testing.T) {
	src := "version: 1\ntitle: T\ngap: 2s\nsteps:\n  - say: a\n  - pause: 10s\n  - at: 1m\n    say: b\n"
	s := compile(t, src, timeline.Options{Pace: 2})
	// say a: 0-1 s; gap 4 s; pause 20 s (25 s); `at` is not paced: 60 s.
	starts := []int64{0, sec(5), sec(60)}
	for i, w := range starts {
		if s.Events[i].Start != w {
			t.Errorf("event %d starts at %d, want %d", i, s.Events[i].Start, w)
		}
	}
	if s.Events[1].End != sec(25) {
		t.Errorf("paced pause ends at %d, want %d", s.Events[1].End, sec(25))
	}
}

func TestBreathing(t *testing.T) {
	t.Run("ramp", func(t *testing.T) {
		s := compile(t, "version: 1\ntitle: T\nsteps:\n  - breathe: {pattern: 4-4, to: 4-8, cycles: 5, count: 2}\n", timeline.Options{})
		var outs []int64
		counted := 0
		for _, e := range s.Events {
			if e.Kind == timeline.Exhale {
				outs = append(outs, e.End-e.Start)
			}
			if e.Counted {
				counted++
			}
		}
		want := []int64{sec(4), sec(5), sec(6), sec(7), sec(8)}
		if fmt.Sprint(outs) != fmt.Sprint(want) {
			t.Errorf("out-breaths = %v, want %v", outs, want)
		}
		if counted != 4 {
			t.Errorf("%d phases counted aloud, want 4 (2 cycles × in, out)", counted)
		}
		if whole := s.Events[0]; whole.Kind != timeline.Breathe || whole.End != sec(50) {
			t.Errorf("breathe event = %s ending %d, want breathe ending %d", whole.Kind, whole.End, sec(50))
		}
	})
	t.Run("for", func(t *testing.T) {
		// box is 16 s a cycle: 100 s holds 6 whole cycles.
		s := compile(t, "version: 1\ntitle: T\nsteps:\n  - breathe: {pattern: box, for: 100s}\n", timeline.Options{})
		if s.Events[0].CycleSize != 6 || s.Samples != sec(96) {
			t.Errorf("cycles = %d, samples = %d; want 6 cycles, %d", s.Events[0].CycleSize, s.Samples, sec(96))
		}
	})
	t.Run("for shorter than a cycle", func(t *testing.T) {
		s := compile(t, "version: 1\ntitle: T\nsteps:\n  - breathe: {pattern: 4-7-8, for: 5s}\n", timeline.Options{})
		if s.Events[0].CycleSize != 1 {
			t.Errorf("cycles = %d, want at least 1", s.Events[0].CycleSize)
		}
	})
	t.Run("sigh", func(t *testing.T) {
		s := compile(t, "version: 1\ntitle: T\nsteps:\n  - breathe: {pattern: sigh, cycles: 1}\n", timeline.Options{})
		var kinds []string
		for _, e := range s.Events[1:] {
			kinds = append(kinds, string(e.Kind))
		}
		if got := strings.Join(kinds, " "); got != "inhale inhale exhale" {
			t.Errorf("sigh phases = %s", got)
		}
	})
}

func TestRates(t *testing.T) {
	src := "version: 1\ntitle: T\nsteps:\n  - play: sounds/stream.mp3\n  - bell: {sound: bells/gong.wav, strikes: 2}\n"
	for _, rate := range []int{8000, 22050, 44100, 48000, 96000} {
		s := compile(t, src, timeline.Options{Rate: rate})
		want := int64(10*rate) + int64(3*rate) + int64(3*rate) // clip, a strike every 3 s (the file is shorter than 4.5 s), ring 3 s
		if s.Samples != want {
			t.Errorf("rate %d: Samples = %d, want %d", rate, s.Samples, want)
		}
	}
}

func TestTooLong(t *testing.T) {
	src := "version: 1\ntitle: T\nsteps:\n  - repeat: 13\n    steps:\n      - pause: 1h\n"
	_, err := timeline.Compile(parse(t, src), testFiles, timeline.Options{})
	if err == nil || !strings.Contains(err.Error(), "s.yaml:3:1: the session lasts 13h, longer than 12h") {
		t.Errorf("got %v", err)
	}
}

func TestMediaError(t *testing.T) {
	src := "version: 1\ntitle: T\nsteps:\n  - play: sounds/stream.mp3\n"
	_, err := timeline.Compile(parse(t, src), lengths{}, timeline.Options{})
	if err == nil || !strings.Contains(err.Error(), "s.yaml:4:5: `play`: sounds/stream.mp3: no such file") {
		t.Errorf("got %v", err)
	}
}

func TestConversions(t *testing.T) {
	tests := []struct {
		d    time.Duration
		rate int
		n    int64
	}{
		{time.Second, 48000, 48000},
		{5500 * time.Millisecond, 48000, 264000},
		{time.Second / 3, 48000, 16000},
		{12 * time.Hour, 192000, 8294400000},
		{time.Nanosecond, 48000, 0},
		{11 * time.Microsecond, 48000, 1}, // 0.528 samples rounds up
	}
	for _, tt := range tests {
		if got := timeline.DurationToSamples(tt.d, tt.rate); got != tt.n {
			t.Errorf("DurationToSamples(%v, %d) = %d, want %d", tt.d, tt.rate, got, tt.n)
		}
	}
	if got := timeline.SamplesToDuration(3072000, 48000); got != 64*time.Second {
		t.Errorf("SamplesToDuration = %v", got)
	}
	if got := timeline.Resampled(44100, 44100, 48000); got != 48000 {
		t.Errorf("Resampled = %d", got)
	}
}

func BenchmarkCompileLong(b *testing.B) {
	src := "version: 1\ntitle: T\nsteps:\n  - repeat: 500\n    steps:\n      - say: breathe in and soften\n      - breathe: {pattern: coherent, cycles: 5, count: 1}\n      - bell: {}\n"
	s := parse(b, src)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := timeline.Compile(s, testFiles, timeline.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompileLength(b *testing.B) {
	src := "version: 1\ntitle: T\nsteps:\n  - repeat: 200\n    steps:\n      - say: breathe in and soften\n        pause: 5s\n      - breathe: {pattern: coherent, cycles: 3}\n"
	s := parse(b, src)
	for b.Loop() {
		if _, err := timeline.Compile(s, testFiles, timeline.Options{Length: 3 * time.Hour}); err != nil {
			b.Fatal(err)
		}
	}
}
