package present

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"
)

// pacedFake is a fake controller whose sound output pulses when the test
// says so, and which counts the snapshots taken.
type pacedFake struct {
	*fakeController
	pulse chan struct{}
	mu    sync.Mutex
	polls int
}

func newPaced(s Snapshot) *pacedFake {
	p := &pacedFake{fakeController: newFake(s), pulse: make(chan struct{}, 1)}
	p.onSnap = func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.polls++
	}
	return p
}

func (p *pacedFake) Pulses() <-chan struct{} { return p.pulse }

func (p *pacedFake) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.polls
}

// TestPlainPollsOnPulses: with a paced controller, plain mode polls at each
// pulse of the sound (and not on a timer of its own): a new event is
// printed once the sound pulses.
func TestPlainPollsOnPulses(t *testing.T) {
	c := newPaced(Snapshot{Event: -1})
	var mu sync.Mutex
	var out bytes.Buffer
	w := writerFunc(func(b []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return out.Write(b)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	// A 1 ms poll interval would poll a thousand times a second; paced,
	// it is replaced by the pulses.
	go func() { errc <- runPlain(ctx, w, nil, c, time.Millisecond) }()
	waitFor(t, "the first poll", func() bool { return c.count() >= 1 })
	c.set(func(s *Snapshot) { s.Event, s.EventLine, s.Elapsed = 0, "Welcome.", 2*time.Second })
	time.Sleep(50 * time.Millisecond)
	if n := c.count(); n != 1 {
		t.Errorf("%d polls without a pulse, want 1 (the first)", n)
	}
	mu.Lock()
	if out.Len() != 0 {
		t.Errorf("printed %q before the sound pulsed", out.String())
	}
	mu.Unlock()
	c.pulse <- struct{}{}
	waitFor(t, "the line", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return out.String() == "[00:02] Welcome.\n"
	})
	cancel()
	<-errc
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// TestTickWaitsForPulse: the full screen's next poll comes at the first
// pulse after its interval, not before, and quitting frees it.
func TestTickWaitsForPulse(t *testing.T) {
	c := newPaced(Snapshot{Event: -1})
	quit := make(chan struct{})
	m := newModel(c, Options{HintFor: -1}, time.Now(), quit)
	got := make(chan any, 1)
	start := time.Now()
	go func() { got <- m.tick()() }()
	// Pulses keep coming, as from the sound; the tick returns at the first
	// one after its interval.
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case c.pulse <- struct{}{}:
			case <-stop:
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	msg := <-got
	close(stop)
	if _, ok := msg.(tickMsg); !ok {
		t.Fatalf("tick returned %T, want tickMsg", msg)
	}
	if d, min := time.Since(start), m.interval(); d < min {
		t.Errorf("tick came after %v, before its interval %v", d, min)
	}

	// Without pulses, quitting ends the wait.
	go func() { got <- m.tick()() }()
	close(quit)
	select {
	case msg := <-got:
		if msg != nil {
			t.Errorf("after quit the tick returned %v, want nil", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the tick did not return on quit")
	}
}
