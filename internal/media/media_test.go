package media_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/exhale-audio/exhale/audio/streamtest"
	"github.com/exhale-audio/exhale/internal/media"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

func TestFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"a.wav":   {Data: streamtest.WAV16(22050, 1, 1.5, func(float64, int) float64 { return 0 })}, // 1.5 s
		"bad.mp3": {Data: []byte("not audio at all")},
	}
	for _, verify := range []bool{true, false} {
		frames, rate, err := media.New(fsys, verify).File("a.wav")
		if err != nil || frames != 33075 || rate != 22050 {
			t.Errorf("verify %v: File(a.wav) = %d, %d, %v; want 33075, 22050, nil", verify, frames, rate, err)
		}
	}
	m := media.New(fsys, true)
	if _, _, err := m.File("bad.mp3"); err == nil || !strings.HasPrefix(err.Error(), "bad.mp3: ") {
		t.Errorf("File(bad.mp3) error = %v, want one naming the file", err)
	}
	if _, _, err := m.File("gone.wav"); err == nil {
		t.Error("File(gone.wav): want an error")
	}
	// A line with a clip lasts as long as the clip, at the engine's rate.
	sp, err := m.Speech(timeline.SpokenLine{Text: "Hello", Clip: "a.wav"}, 48000)
	if want := (timeline.Spoken{Samples: 72000, Clip: "a.wav"}); err != nil || sp != want {
		t.Errorf("Speech with clip = %+v, %v; want %+v", sp, err, want)
	}
	// Any other line is estimated from its words.
	sp, err = m.Speech(timeline.SpokenLine{Text: "one two three", Voice: script.Voice{Speech: script.Speech{Rate: 120}}}, 48000)
	if want := (timeline.Spoken{Samples: 72000, Estimated: true}); err != nil || sp != want {
		t.Errorf("Speech estimate = %+v, %v; want %+v (3 words at 120 a minute)", sp, err, want)
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		text string
		n    int
	}{
		{"", 0},
		{"Welcome.", 1},
		{"You can stop at any time.", 6},
		{"Don't rush — there's time…", 4},
		{"In, hold, out.", 3},
		{"4-7-8 breathing", 4},
	}
	for _, tt := range tests {
		if got := media.Words(tt.text); got != tt.n {
			t.Errorf("Words(%q) = %d, want %d", tt.text, got, tt.n)
		}
	}
}
