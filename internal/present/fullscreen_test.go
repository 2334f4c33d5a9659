package present

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	enterAltScreen = "\x1b[?1049h"
	leaveAltScreen = "\x1b[?1049l"
	showCursor     = "\x1b[?25h"
)

// runFullScreen runs FullScreen on a pipe for a keyboard and a buffer for
// a terminal; act runs once it started, with the keyboard's write end.
func runFullScreen(t *testing.T, ctx context.Context, c *fakeController, opts Options, act func(keys *os.File)) (string, error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	var out syncBuffer
	errc := make(chan error, 1)
	go func() { errc <- FullScreen(ctx, r, &out, c, opts) }()
	if act != nil {
		act(w)
	}
	select {
	case err = <-errc:
	case <-time.After(5 * time.Second):
		t.Fatal("FullScreen did not return")
	}
	return out.String(), err
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// checkRestored checks that out leaves the alternate screen and shows the
// cursor after it entered.
func checkRestored(t *testing.T, out string) {
	t.Helper()
	enter := strings.Index(out, enterAltScreen)
	leave := strings.LastIndex(out, leaveAltScreen)
	if enter < 0 {
		t.Fatalf("never entered the alternate screen: %q", out)
	}
	if leave < enter {
		t.Errorf("did not leave the alternate screen: %q", out[max(0, len(out)-200):])
	}
	if strings.LastIndex(out, showCursor) < enter {
		t.Error("did not show the cursor again")
	}
}

func TestFullScreenEndsWhenDone(t *testing.T) {
	snap := playing()
	snap.Caption = "Let the floor hold you."
	c := newFake(snap)
	var polls atomic.Int32
	c.onSnap = func() { polls.Add(1) }
	out, err := runFullScreen(t, context.Background(), c, Options{}, func(keys *os.File) {
		waitFor(t, "a few polls", func() bool { return polls.Load() > 2 })
		if _, err := keys.Write([]byte(" ")); err != nil {
			t.Error(err)
		}
		waitFor(t, "the pause", func() bool { return len(c.Calls()) > 0 })
		c.finish()
	})
	if err != nil {
		t.Fatalf("FullScreen: %v", err)
	}
	checkRestored(t, out)
	if !strings.Contains(out, "Let the floor hold you.") {
		t.Error("the caption was never drawn")
	}
	if got := c.Calls(); len(got) != 1 || got[0] != "pause" {
		t.Errorf("calls = %q, want [pause]", got)
	}
}

func TestFullScreenQuitsOnCtrlCTwice(t *testing.T) {
	c := newFake(playing())
	c.Abort() // the fake records it; make Abort finish playback instead
	c.calls = nil
	ac := &abortFinishes{fakeController: c}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	errc := make(chan error, 1)
	var out syncBuffer
	go func() { errc <- FullScreen(context.Background(), r, &out, ac, Options{}) }()
	if _, err := w.Write([]byte{0x03}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the gentle stop", func() bool { return len(c.Calls()) == 1 })
	if _, err := w.Write([]byte{0x03}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("FullScreen did not return after two Ctrl-C")
	}
	if got := strings.Join(c.Calls(), ","); got != "stop,abort" {
		t.Errorf("calls = %s, want stop,abort", got)
	}
	checkRestored(t, out.String())
}

// abortFinishes is a controller whose Abort ends playback.
type abortFinishes struct{ *fakeController }

func (a *abortFinishes) Abort() { a.fakeController.Abort(); a.finish() }

func TestFullScreenCancelRestores(t *testing.T) {
	c := newFake(playing())
	ctx, cancel := context.WithCancel(context.Background())
	var polls atomic.Int32
	c.onSnap = func() { polls.Add(1) }
	out, err := runFullScreen(t, ctx, c, Options{}, func(*os.File) {
		waitFor(t, "a few polls", func() bool { return polls.Load() > 2 })
		cancel()
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	checkRestored(t, out)
}

func TestFullScreenPanicRestores(t *testing.T) {
	c := newFake(playing())
	var polls atomic.Int32
	c.onSnap = func() {
		if polls.Add(1) > 3 {
			panic("pretend bug")
		}
	}
	out, err := runFullScreen(t, context.Background(), c, Options{}, nil)
	var pe *PanicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "pretend bug") || len(pe.Stack) == 0 {
		t.Fatalf("err = %v, want a PanicError about the pretend bug", err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("the error is more than one line: %q", err)
	}
	checkRestored(t, out)
}

func TestFullScreenPanicBeforeStart(t *testing.T) {
	c := newFake(playing())
	c.onSnap = func() { panic("at once") }
	out, err := runFullScreen(t, context.Background(), c, Options{}, nil)
	var pe *PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a PanicError", err)
	}
	if out != "" {
		t.Errorf("wrote to the terminal before failing: %q", out)
	}
}

func TestFullScreenNoColorOutput(t *testing.T) {
	snap := playing()
	snap.Phase, snap.PhaseLeft, snap.Breath = "inhale", 3*time.Second, 0.4
	c := newFake(snap)
	var polls atomic.Int32
	c.onSnap = func() { polls.Add(1) }
	out, err := runFullScreen(t, context.Background(), c, Options{NoColor: true}, func(*os.File) {
		waitFor(t, "a few polls", func() bool { return polls.Load() > 3 })
		c.finish()
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "breathe in") {
		t.Fatal("the screen was never drawn")
	}
	if codes := colourCodes(out); len(codes) > 0 {
		t.Errorf("NoColor output has colour codes %q", codes)
	}
}

func TestFullScreenCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out syncBuffer
	if err := FullScreen(ctx, nil, &out, newFake(playing()), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if out.String() != "" {
		t.Error("wrote to the terminal although cancelled")
	}
}

func TestNoticeFullScreen(t *testing.T) {
	tests := []struct {
		key  string
		want error
	}{
		{" ", nil},
		{"q", ErrDeclined},
		{"\x03", ErrDeclined},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			defer w.Close()
			var out syncBuffer
			errc := make(chan error, 1)
			go func() {
				errc <- NoticeFullScreen(context.Background(), r, &out, "Arrive", "Breath holds ahead.", Options{})
			}()
			waitFor(t, "the notice", func() bool { return strings.Contains(out.String(), "Breath holds ahead.") })
			if _, err := w.Write([]byte(tt.key)); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-errc:
				if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
					t.Errorf("err = %v, want %v", err, tt.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the notice did not end on a key")
			}
			checkRestored(t, out.String())
		})
	}
}

func TestNoticeFullScreenCancel(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	errc := make(chan error, 1)
	go func() { errc <- NoticeFullScreen(ctx, r, &out, "Arrive", "Breath holds ahead.", Options{}) }()
	waitFor(t, "the notice", func() bool { return strings.Contains(out.String(), "Breath holds ahead.") })
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the notice did not end on cancel")
	}
	checkRestored(t, out.String())
}
