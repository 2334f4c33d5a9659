// Package streamtest checks that a streamer keeps beep's Streamer contract.
// It is meant for tests: every streamer of the project (decoders, synths,
// mixers) runs Contract.
//
// The contract, from beep's interface.go, as checked here:
//
//   - Stream fills the whole buffer while it can (n == len(samples), ok);
//     at the end it returns 0 < n < len(samples) with ok, or nothing, and
//     from then on (0, false), forever;
//   - it never writes past samples[:n];
//   - on good input Err is nil after every call;
//   - every value is finite and in [-1, 1];
//   - the frames do not depend on the buffer sizes used to read them;
//   - for a beep.StreamSeeker: Len is the length, Position counts the frames
//     streamed, Seek(p) then Stream gives exactly the frames a stream from
//     the start gives after skipping p, and a seek out of [0, Len] fails and
//     leaves the position alone.
package streamtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopxl/beep/v2"
)

// Infinite is the length to give Contract for a streamer that never ends.
// Its first InfiniteCheck frames are checked, and seeking is not.
const Infinite = -1

// InfiniteCheck is how many frames of an infinite streamer are checked.
const InfiniteCheck = 3 * 4096

// untouched is written to buffers before each call to see what a streamer
// wrote: a value no valid sample has.
const untouched = 42.0

// Contract runs the contract checks as subtests of t named name. newStreamer
// must return a new streamer, positioned at its start, each time it is
// called; wantLen is the number of frames it yields, or Infinite.
func Contract(t *testing.T, name string, newStreamer func() beep.Streamer, wantLen int) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		t.Run("stream", func(t *testing.T) { CheckStream(t, newStreamer, wantLen) })
		if _, ok := newStreamer().(beep.StreamSeeker); ok && wantLen != Infinite {
			t.Run("seek", func(t *testing.T) { CheckSeek(t, newStreamer, wantLen) })
		}
	})
}

// Reporter is the part of testing.TB the checks use, so that the checks
// themselves can be tested.
type Reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// CheckStream checks the return patterns, the buffer, Err and the values,
// reading with buffers of 1, 7, 1031 and more than wantLen frames, and that
// all of them read the same frames.
func CheckStream(t Reporter, newStreamer func() beep.Streamer, wantLen int) {
	t.Helper()
	large := wantLen + 17
	if wantLen == Infinite {
		large = 4096
	}
	ref, ok := ReadAll(t, newStreamer(), large, wantLen)
	if !ok {
		return
	}
	for _, size := range []int{1, 7, 1031} {
		got, ok := ReadAll(t, newStreamer(), size, wantLen)
		if !ok {
			return
		}
		if !Equal(t, fmt.Sprintf("frames read %d at a time", size), got, ref) {
			return
		}
	}
}

// ReadAll reads a streamer to its end (or, for Infinite, InfiniteCheck
// frames) with a buffer of size frames, checking each call, and returns the
// frames. It reports false after a failure.
func ReadAll(t Reporter, s beep.Streamer, size, wantLen int) ([][2]float64, bool) {
	t.Helper()
	limit := wantLen
	if wantLen == Infinite {
		limit = InfiniteCheck
	}
	seeker, _ := s.(beep.StreamSeeker)
	buf := make([][2]float64, size)
	var out [][2]float64
	for calls := 0; ; calls++ {
		if calls > limit/size+3 {
			t.Errorf("buffer of %d: more calls than the length needs; the streamer does not end", size)
			return nil, false
		}
		if wantLen == Infinite && len(out) >= limit {
			return out[:limit], true
		}
		n, ok, good := call(t, s, buf, len(out))
		if !good {
			return nil, false
		}
		out = append(out, buf[:n]...)
		if seeker != nil && seeker.Position() != len(out) {
			t.Errorf("buffer of %d: Position() = %d after streaming %d frames", size, seeker.Position(), len(out))
			return nil, false
		}
		if !ok || n < size {
			break
		}
	}
	if wantLen == Infinite {
		t.Errorf("buffer of %d: an infinite streamer ended after %d frames", size, len(out))
		return nil, false
	}
	if len(out) != wantLen {
		t.Errorf("buffer of %d: streamed %d frames, want %d", size, len(out), wantLen)
		return nil, false
	}
	for range 2 {
		if n, ok := s.Stream(buf); n != 0 || ok {
			t.Errorf("buffer of %d: after the end Stream = (%d, %v), want (0, false)", size, n, ok)
			return nil, false
		}
		if err := s.Err(); err != nil {
			t.Errorf("buffer of %d: Err() = %v after the end", size, err)
			return nil, false
		}
	}
	return out, true
}

// call makes one Stream call after done frames and checks its result.
func call(t Reporter, s beep.Streamer, buf [][2]float64, done int) (n int, ok, good bool) {
	t.Helper()
	for i := range buf {
		buf[i] = [2]float64{untouched, untouched}
	}
	n, ok = s.Stream(buf)
	return n, ok, checkCall(t, s, buf, n, ok, done)
}

// checkCall checks the result of one Stream call made after done frames.
func checkCall(t Reporter, s beep.Streamer, buf [][2]float64, n int, ok bool, done int) bool {
	t.Helper()
	size := len(buf)
	switch {
	case n < 0 || n > size:
		t.Errorf("buffer of %d: Stream returned n = %d", size, n)
		return false
	case !ok && n != 0:
		t.Errorf("buffer of %d: Stream returned (%d, false); a drained streamer returns (0, false)", size, n)
		return false
	case ok && n == 0:
		t.Errorf("buffer of %d: Stream returned (0, true) after %d frames; it must stream something or return false", size, done)
		return false
	}
	if err := s.Err(); err != nil {
		t.Errorf("buffer of %d: Err() = %v after %d frames", size, err, done)
		return false
	}
	for i := n; i < size; i++ {
		if buf[i] != [2]float64{untouched, untouched} {
			t.Errorf("buffer of %d: Stream returned %d frames but wrote samples[%d] = %v", size, n, i, buf[i])
			return false
		}
	}
	for i, v := range buf[:n] {
		for c := range 2 {
			if math.IsNaN(v[c]) || v[c] < -1 || v[c] > 1 {
				t.Errorf("buffer of %d: frame %d channel %d = %v, not in [-1, 1]", size, done+i, c, v[c])
				return false
			}
		}
	}
	return true
}

// CheckSeek checks Len, Position and Seek of a beep.StreamSeeker against a
// stream from the start.
func CheckSeek(t Reporter, newStreamer func() beep.Streamer, wantLen int) {
	t.Helper()
	ref, ok := ReadAll(t, newStreamer(), 4096, wantLen)
	if !ok {
		return
	}
	s := newStreamer().(beep.StreamSeeker)
	if s.Len() != wantLen {
		t.Errorf("Len() = %d, want %d", s.Len(), wantLen)
		return
	}
	if s.Position() != 0 {
		t.Errorf("Position() = %d before streaming, want 0", s.Position())
		return
	}
	for _, p := range []int{-1, wantLen + 1} {
		if err := s.Seek(p); err == nil {
			t.Errorf("Seek(%d) out of [0, %d] returned no error", p, wantLen)
			return
		}
		if s.Position() != 0 {
			t.Errorf("Position() = %d after a failed Seek(%d), want 0", s.Position(), p)
			return
		}
	}
	rng := rand.New(rand.NewPCG(1, uint64(wantLen)))
	targets := []int{0, 1, wantLen / 2, wantLen - 1, wantLen, wantLen / 3, 0}
	for range 8 {
		targets = append(targets, rng.IntN(wantLen+1))
	}
	// One streamer seeks around, reading a little after each seek; fresh
	// streamers seek once and read to the end.
	for _, p := range targets {
		if !seekAndCompare(t, s, p, min(wantLen-p, 1+rng.IntN(3000)), ref) {
			return
		}
		if !seekAndCompare(t, newStreamer().(beep.StreamSeeker), p, wantLen-p, ref) {
			return
		}
	}
}

// seekAndCompare seeks s to p, reads n frames and compares them with ref.
func seekAndCompare(t Reporter, s beep.StreamSeeker, p, n int, ref [][2]float64) bool {
	t.Helper()
	if err := s.Seek(p); err != nil {
		t.Errorf("Seek(%d): %v", p, err)
		return false
	}
	if s.Position() != p {
		t.Errorf("Position() = %d after Seek(%d)", s.Position(), p)
		return false
	}
	got := make([][2]float64, 0, n)
	buf := make([][2]float64, 509)
	for len(got) < n {
		k, ok, good := call(t, s, buf[:min(len(buf), n-len(got))], p+len(got))
		if !good {
			return false
		}
		got = append(got, buf[:k]...)
		if !ok {
			break
		}
	}
	if len(got) != n {
		t.Errorf("after Seek(%d): streamed %d frames, want %d", p, len(got), n)
		return false
	}
	if p+n == len(ref) {
		if k, ok := s.Stream(buf); k != 0 || ok {
			t.Errorf("after Seek(%d) and reading to the end: Stream = (%d, %v), want (0, false)", p, k, ok)
			return false
		}
	}
	return Equal(t, fmt.Sprintf("frames after Seek(%d)", p), got, ref[p:p+n])
}

// Equal reports whether got and want hold the same frames, reporting the
// first difference as what.
func Equal(t Reporter, what string, got, want [][2]float64) bool {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d frames, want %d", what, len(got), len(want))
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: frame %d = %v, want %v", what, i, got[i], want[i])
			return false
		}
	}
	return true
}
