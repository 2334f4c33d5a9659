package voice

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/exhale-audio/exhale/internal/media"
	"github.com/exhale-audio/exhale/internal/script"
)

// twentyMinutes is a body scan of about twenty minutes: 60 spoken lines
// with long pauses, like the bundled sessions.
func twentyMinutes(b *testing.B) (*script.Session, fstest.MapFS) {
	parts := []string{"feet", "ankles", "calves", "knees", "thighs", "hips", "pelvis", "belly", "lower back", "chest",
		"shoulders", "upper arms", "hands", "neck", "jaw", "face", "eyes", "forehead", "crown", "whole body"}
	var y strings.Builder
	y.WriteString("version: 1\ntitle: Twenty\nsteps:\n")
	for _, p := range parts {
		for _, l := range []string{
			"You might bring your attention to your %s, noticing whatever is there.",
			"If it feels right, let the %s soften a little with each breath out.",
			"There is nothing to change in the %s… only noticing, and resting.",
		} {
			fmt.Fprintf(&y, "  - say: %q\n    pause: 14s\n", fmt.Sprintf(l, p))
		}
	}
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(y.String())}}
	s, err := script.Parse(fsys, "s.yaml", script.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s, fsys
}

// BenchmarkPrepare20mCold makes all the speech of a twenty-minute session
// (an empty cache each time); BenchmarkPrepare20mWarm finds it all in the
// cache. Run: go test -run '^$' -bench Prepare20m -benchtime 3x ./internal/voice
func BenchmarkPrepare20mCold(b *testing.B) {
	s, fsys := twentyMinutes(b)
	for b.Loop() {
		v, err := Prepare(context.Background(), s, fsys, media.New(fsys, false), Options{Cache: Cache{Dir: b.TempDir()}})
		if err != nil {
			b.Fatal(err)
		}
		v.Close()
	}
}

func BenchmarkPrepare20mWarm(b *testing.B) {
	s, fsys := twentyMinutes(b)
	opts := Options{Cache: Cache{Dir: b.TempDir()}}
	if _, err := Prepare(context.Background(), s, fsys, media.New(fsys, false), opts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Prepare(context.Background(), s, fsys, media.New(fsys, false), opts); err != nil {
			b.Fatal(err)
		}
	}
}
