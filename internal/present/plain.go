package present

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/muesli/cancelreader"
)

// PlainPoll is how often Plain asks the controller what is audible.
const PlainPoll = 50 * time.Millisecond

// Plain prints one line per event as it becomes audible, "[mm:ss] text"
// ("[h:mm:ss] text" from an hour on; the time is Snapshot.Elapsed at that
// moment), with no escape codes at all, and returns when the controller is
// done (nil) or ctx is cancelled (ctx.Err()). It polls the controller every
// PlainPoll, or at each pulse when the controller is Paced, so an event
// shorter than that may be missed.
//
// keys, when not nil, is a keyboard already in raw mode: ' ' pauses or
// resumes, 'n' and → skip ahead, 'b' and ← go back, '+' or '=' and '-'
// change the volume, 'q' stops gently, Ctrl-C stops gently and, once a stop
// is under way, at once. Each key that changes something prints a short
// line in parentheses, such as "[01:05] (paused)". Plain stops reading keys
// before it returns when keys is an *os.File (or another reader
// cancelreader can cancel); otherwise one read may stay pending.
func Plain(ctx context.Context, out io.Writer, keys io.Reader, c Controller) error {
	return runPlain(ctx, out, keys, c, PlainPoll)
}

// runPlain is Plain polling every interval.
func runPlain(ctx context.Context, out io.Writer, keys io.Reader, c Controller, every time.Duration) error {
	p := &plain{out: out, c: c, last: -1, eol: lineEnd(out)}
	keyc := make(chan byte)
	if keys != nil {
		var cr keyReader = noCancel{keys}
		if r, err := cancelreader.NewReader(keys); err == nil { // not for regular files
			cr = r
		}
		readDone := make(chan struct{})
		stop := make(chan struct{})
		go readKeys(cr, keyc, stop, readDone)
		defer func() {
			close(stop)
			if cr.Cancel() {
				<-readDone
			}
			_ = cr.Close()
		}()
	}
	pulse := pulses(c)
	if pulse != nil {
		every = pacedFallback
	}
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	if err := p.poll(); err != nil {
		return err
	}
	var esc []byte // a pending escape sequence from the keyboard
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-c.Done():
			return p.poll()
		case <-ticker.C:
			if err := p.poll(); err != nil {
				return err
			}
		case <-pulse:
			if err := p.poll(); err != nil {
				return err
			}
		case k := <-keyc:
			var act byte
			act, esc = decodeKey(esc, k)
			if act != 0 {
				if err := p.key(act); err != nil {
					return err
				}
			}
		}
	}
}

// readKeys sends every byte read from r to keys until stop is closed or
// the reader fails (or is cancelled).
func readKeys(r io.Reader, keys chan<- byte, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	buf := make([]byte, 64)
	for {
		n, err := r.Read(buf)
		for _, b := range buf[:n] {
			select {
			case keys <- b:
			case <-stop:
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// ctrlC is the byte a raw keyboard sends for Ctrl-C.
const ctrlC = 0x03

// decodeKey turns keyboard bytes into actions: an arrow key's escape
// sequence (ESC [ C or ESC O C) becomes 'n' or 'b'; other sequences are
// dropped. pending is what is left of an escape sequence so far.
func decodeKey(pending []byte, b byte) (act byte, rest []byte) {
	if len(pending) == 0 {
		if b == 0x1b {
			return 0, []byte{b}
		}
		return b, nil
	}
	if len(pending) == 1 {
		if b == '[' || b == 'O' {
			return 0, append(pending, b)
		}
		if b == 0x1b {
			return 0, []byte{b}
		}
		return b, nil // a lone ESC, then a key
	}
	// Inside a CSI or SS3 sequence: parameters until a final byte.
	if b >= 0x40 && b <= 0x7e {
		switch b {
		case 'C':
			return 'n', nil
		case 'D':
			return 'b', nil
		}
		return 0, nil
	}
	if len(pending) > 16 { // not a sequence we know: give up on it
		return 0, nil
	}
	return 0, append(pending, b)
}

// plain is the state of Plain.
type plain struct {
	out       io.Writer
	eol       string // what ends a line on out
	c         Controller
	last      int // the last event seen
	stopAsked bool
}

// poll prints the current event if it is new.
func (p *plain) poll() error {
	s := p.c.Snapshot()
	if s.Event == p.last {
		return nil
	}
	p.last = s.Event
	if s.Event < 0 {
		return nil
	}
	return p.line(s.Elapsed, clean(s.EventLine, false))
}

// line prints "[time] text", or nothing for empty text.
func (p *plain) line(at time.Duration, text string) error {
	if text == "" {
		return nil
	}
	if _, err := fmt.Fprintf(p.out, "[%s] %s%s", clock(at), text, p.eol); err != nil {
		return fmt.Errorf("present: %w", err)
	}
	return nil
}

// key acts on one key and says what it did.
func (p *plain) key(k byte) error {
	var say func(Snapshot) string
	switch k {
	case ' ':
		p.c.TogglePause()
		say = func(s Snapshot) string {
			if s.Paused {
				return "(paused)"
			}
			return "(playing)"
		}
	case 'n', 'N':
		p.c.Next()
	case 'b', 'B':
		p.c.Back()
	case '+', '=':
		p.c.Volume(+VolumeStep)
		say = volumeSay
	case '-', '_':
		p.c.Volume(-VolumeStep)
		say = volumeSay
	case 'q', 'Q':
		p.stopAsked = true
		p.c.Stop()
		say = func(Snapshot) string { return "(ending gently)" }
	case ctrlC:
		if p.stopAsked || p.c.Snapshot().Stopping {
			p.c.Abort()
			say = func(Snapshot) string { return "(stopping now)" }
		} else {
			p.stopAsked = true
			p.c.Stop()
			say = func(Snapshot) string { return "(ending gently; ctrl+c again to stop now)" }
		}
	default:
		return nil
	}
	if err := p.poll(); err != nil { // a skip shows its event at once
		return err
	}
	if say == nil {
		return nil
	}
	s := p.c.Snapshot()
	return p.line(s.Elapsed, say(s))
}

// lineEnd is "\r\n" when out is a terminal, "\n" otherwise. A terminal
// whose keyboard is in raw mode often has output processing off too, so
// that "\n" alone would only move down a line; the "\r" is harmless
// otherwise. Pipes and files get plain "\n".
func lineEnd(out io.Writer) string {
	if f, ok := out.(interface{ Fd() uintptr }); ok && term.IsTerminal(f.Fd()) {
		return "\r\n"
	}
	return "\n"
}

func volumeSay(s Snapshot) string { return "(volume " + formatDB(s.VolumeDB, "-") + ")" }

// keyReader is a keyboard whose pending read can perhaps be cancelled.
type keyReader interface {
	io.Reader
	Cancel() bool
	Close() error
}

// noCancel is a keyReader that cannot cancel.
type noCancel struct{ io.Reader }

func (noCancel) Cancel() bool { return false }
func (noCancel) Close() error { return nil }
