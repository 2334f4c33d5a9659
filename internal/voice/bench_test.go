package voice

import (
	"context"
	"io/fs"
	"testing"

	"github.com/exhale-audio/exhale/internal/media"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/sessions"
)

// bodyScan is the bundled twenty-minute session.
func bodyScan(b *testing.B) (*script.Session, fs.FS) {
	fsys := sessions.FS()
	s, err := script.Parse(fsys, "body-scan.yaml", script.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s, fsys
}

// BenchmarkPrepare20mCold makes all the speech of the bundled twenty-minute
// body-scan (an empty cache each time); BenchmarkPrepare20mWarm finds it
// all in the cache. Run:
//
//	go test -run '^$' -bench Prepare20m -benchtime 3x ./internal/voice
func BenchmarkPrepare20mCold(b *testing.B) {
	s, fsys := bodyScan(b)
	for b.Loop() {
		v, err := Prepare(context.Background(), s, fsys, media.New(fsys, false), Options{Cache: Cache{Dir: b.TempDir()}})
		if err != nil {
			b.Fatal(err)
		}
		v.Close()
	}
}

func BenchmarkPrepare20mWarm(b *testing.B) {
	s, fsys := bodyScan(b)
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
