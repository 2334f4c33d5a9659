package present

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPlainPrintsOneLinePerEvent(t *testing.T) {
	c := newFake(Snapshot{})
	c.script = []Snapshot{
		{Event: -1},
		{Event: -1, Elapsed: 500 * time.Millisecond},
		{Event: 0, Elapsed: 0, EventLine: "Welcome. Let yourself arrive."},
		{Event: 0, Elapsed: 3 * time.Second, EventLine: "Welcome. Let yourself arrive."},
		{Event: 1, Elapsed: 65900 * time.Millisecond, EventLine: "breathe in 4s"},
		{Event: 2, Elapsed: 69 * time.Second, EventLine: ""}, // prints nothing
		{Event: 3, Elapsed: 3725 * time.Second, EventLine: "bell"},
		{Event: 1, Elapsed: 65 * time.Second, EventLine: "breathe in 4s"}, // back a step
		{Event: 4, Elapsed: 10 * time.Hour, EventLine: "\x1b[31mred\x1b[0m\nand a\tsecond line\a"},
		{Event: 4, Elapsed: 10*time.Hour + time.Second, EventLine: "\x1b[31mred\x1b[0m\nand a\tsecond line\a", Done: true},
	}
	var out bytes.Buffer
	if err := runPlain(context.Background(), &out, nil, c, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"[00:00] Welcome. Let yourself arrive.\n" +
		"[01:05] breathe in 4s\n" +
		"[1:02:05] bell\n" +
		"[01:05] breathe in 4s\n" +
		"[10:00:00] [31mred[0m and a second line\n"
	if got := out.String(); got != want {
		t.Errorf("plain output:\n%s\nwant:\n%s", got, want)
	}
	if bytes.IndexByte(out.Bytes(), 0x1b) >= 0 {
		t.Error("plain output holds an ESC byte")
	}
}

func TestPlainReturnsOnCancel(t *testing.T) {
	c := newFake(Snapshot{Event: -1})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- runPlain(ctx, io.Discard, nil, c, time.Millisecond) }()
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Plain did not return on cancel")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("pipe closed") }

func TestPlainReportsWriteErrors(t *testing.T) {
	c := newFake(Snapshot{Event: 0, EventLine: "hello"})
	err := runPlain(context.Background(), failWriter{}, nil, c, time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "pipe closed") {
		t.Errorf("err = %v, want the write error", err)
	}
}

func TestPlainKeys(t *testing.T) {
	c := newFake(Snapshot{Event: 0, EventLine: "hello", Elapsed: 5 * time.Second})
	keys, typing := io.Pipe()
	var out syncBuffer
	errc := make(chan error, 1)
	go func() { errc <- runPlain(context.Background(), &out, keys, c, time.Millisecond) }()
	// ' ' pause, 'x' nothing, 'n' next, ESC [ C next, 'b' back, ESC O D
	// back, '+' '=' '-' volume, ESC [ 1 ; 5 A nothing, 'q' stop, Ctrl-C
	// at once.
	typed := " xn\x1b[Cb\x1bOD+=-\x1b[1;5Aq\x03"
	if _, err := typing.Write([]byte(typed)); err != nil {
		t.Fatal(err)
	}
	want := []string{"pause", "next", "next", "back", "back", "volume +2", "volume +2", "volume -2", "stop", "abort"}
	deadline := time.Now().Add(5 * time.Second)
	for len(c.Calls()) < len(want) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	c.finish()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Plain did not return when done")
	}
	_ = typing.Close()
	if got := c.Calls(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls = %q, want %q", got, want)
	}
	wantOut := "" +
		"[00:05] hello\n" +
		"[00:05] (paused)\n" +
		"[00:05] (volume +2 dB)\n" +
		"[00:05] (volume +4 dB)\n" +
		"[00:05] (volume +2 dB)\n" +
		"[00:05] (ending gently)\n" +
		"[00:05] (stopping now)\n"
	if got := out.String(); got != wantOut {
		t.Errorf("output:\n%s\nwant:\n%s", got, wantOut)
	}
}

func TestPlainFirstCtrlCStopsGently(t *testing.T) {
	c := newFake(Snapshot{Event: -1})
	p := &plain{out: io.Discard, c: c, last: -1}
	for _, k := range []byte{ctrlC, ctrlC} {
		if err := p.key(k); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := c.Calls(), []string{"stop", "abort"}; !reflect.DeepEqual(got, want) {
		t.Errorf("calls = %q, want %q", got, want)
	}
}

func TestNoticePlain(t *testing.T) {
	var out bytes.Buffer
	start := time.Now()
	const wait = 40 * time.Millisecond
	if err := NoticePlain(context.Background(), &out, "This session has breath holds.\nStop at any time.\x1b[2J", wait); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < wait {
		t.Errorf("NoticePlain returned after %v, before its wait of %v", d, wait)
	}
	if got, want := out.String(), "This session has breath holds.\nStop at any time.[2J\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}

	out.Reset()
	start = time.Now()
	if err := NoticePlain(context.Background(), &out, "No wait.", 0); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("NoticePlain with no wait took %v", d)
	}
	if out.String() != "No wait.\n" {
		t.Errorf("printed %q", out.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start = time.Now()
	if err := NoticePlain(ctx, io.Discard, "Cancelled.", time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("a cancelled NoticePlain took %v", d)
	}
}

func TestLineEnd(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for _, out := range []io.Writer{w, &bytes.Buffer{}, io.Discard} {
		if got := lineEnd(out); got != "\n" {
			t.Errorf("lineEnd(%T) = %q, want \"\\n\" (not a terminal)", out, got)
		}
	}
	// A terminal gets "\r\n": see the end-to-end test of plain mode.
}
