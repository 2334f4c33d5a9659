package script_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

// wordLengths is a Media for fuzzing: a line lasts a second a word, a file
// ten seconds.
type wordLengths struct{}

func (wordLengths) Speech(l timeline.SpokenLine, rate int) (timeline.Spoken, error) {
	return timeline.Spoken{Samples: int64(len(strings.Fields(l.Text))+1) * int64(rate), Estimated: true, Clip: l.Clip}, nil
}
func (wordLengths) File(string) (int64, int, error) { return 441000, 44100, nil }

// FuzzParse feeds arbitrary bytes to the parser (and, when they parse, to
// the timeline compiler): it must never panic or hang, and every problem
// must come back as a positioned diagnostic.
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob("testdata/seeds/*.yaml")
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seeds in testdata/seeds (%v)", err)
	}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{
			"s.yaml":            {Data: src},
			"parts/g.yaml":      {Data: []byte("steps:\n  - say: grounding\n")},
			"sounds/stream.mp3": {Data: []byte("x")},
			"bells/gong.wav":    {Data: []byte("x")},
			"clips/soften/x":    {Data: []byte("x")},
		}
		s, err := script.Parse(fsys, "s.yaml", script.Options{})
		if err != nil {
			var diags script.Errors
			if !errors.As(err, &diags) {
				t.Fatalf("a parse error that is not positioned: %v", err)
			}
			if len(diags) == 0 {
				t.Fatal("an empty list of diagnostics")
			}
			for _, d := range diags {
				if d.Line < 1 || d.Col < 1 || d.File == "" || d.Msg == "" {
					t.Fatalf("a diagnostic without a position or message: %#v", d)
				}
			}
			return
		}
		if len(s.Steps) == 0 || s.Title == "" {
			t.Fatalf("a valid session without steps or title: %+v", s)
		}
		sched, err := timeline.Compile(s, wordLengths{}, timeline.Options{})
		if err != nil {
			var diags script.Errors
			if !errors.As(err, &diags) {
				t.Fatalf("a compile error that is not positioned: %v", err)
			}
			return
		}
		for _, e := range sched.Events {
			if e.Start < 0 || e.End < e.Start || e.End > sched.Samples {
				t.Fatalf("event %d out of order: %d-%d in %d", e.Index, e.Start, e.End, sched.Samples)
			}
		}
	})
}

func BenchmarkParseAliasBomb(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(head + "steps:\n  - &a0 {bell: {}}\n")
	for i := 1; i <= 11; i++ {
		sb.WriteString("  - &a" + string(rune('0'+i%10)) + "x {repeat: 1, steps: [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				sb.WriteString(", ")
			}
			if i == 1 {
				sb.WriteString("*a0")
			} else {
				sb.WriteString("*a" + string(rune('0'+(i-1)%10)) + "x")
			}
		}
		sb.WriteString("]}\n")
	}
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(sb.String())}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := script.Parse(fsys, "s.yaml", script.Options{}); err == nil {
			b.Fatal("the bomb parsed")
		}
	}
}

func BenchmarkParseArrive(b *testing.B) {
	src, err := os.ReadFile("testdata/seeds/arrive.yaml")
	if err != nil {
		b.Fatal(err)
	}
	fsys := fstest.MapFS{"s.yaml": {Data: src}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := script.Parse(fsys, "s.yaml", script.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
