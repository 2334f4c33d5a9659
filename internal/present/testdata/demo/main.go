// Command demo drives the present package with a pretend player, for the
// end-to-end test (under tmux) and for looking at the screen by hand:
//
//	go run ./internal/present/testdata/demo [-loop] [-plain] [-notice TEXT]
//
// It exits 0 when playback ends or is stopped, 1 on an error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/exhale-audio/exhale/internal/present"
)

type event struct {
	at      time.Duration
	kind    string // say, inhale, hold, exhale, rest, bell
	caption string // what a say says, or the plain line of the others
	length  time.Duration
}

// session is a short pretend session: a greeting, two breaths, a bell.
var session = []event{
	{0, "say", "Welcome. Let yourself arrive, just as you are, and let the floor hold you.", 3 * time.Second},
	{3 * time.Second, "inhale", "breathe in 4s", 4 * time.Second},
	{7 * time.Second, "hold", "hold 2s", 2 * time.Second},
	{9 * time.Second, "exhale", "breathe out 6s", 6 * time.Second},
	{15 * time.Second, "rest", "rest 2s", 2 * time.Second},
	{17 * time.Second, "say", "You might notice the weight of your body resting.", 3 * time.Second},
	{20 * time.Second, "inhale", "breathe in 4s", 4 * time.Second},
	{24 * time.Second, "hold", "hold 2s", 2 * time.Second},
	{26 * time.Second, "exhale", "breathe out 6s", 6 * time.Second},
	{32 * time.Second, "rest", "rest 2s", 2 * time.Second},
	{34 * time.Second, "bell", "bell", 4 * time.Second},
}

const sessionLength = 38 * time.Second

// player pretends to play session in real time.
type player struct {
	mu         sync.Mutex
	start      time.Time // wall time of position 0, while playing
	pausedAt   time.Duration
	paused     bool
	loop       bool
	total      time.Duration
	stopping   bool
	endAt      time.Time // when a stop ends playback
	volume     float64
	panicAfter time.Duration
	done       chan struct{}
	once       sync.Once
	changed    chan struct{} // closed and replaced on every change that matters to run
	calls      []string      // the controls used, in order
}

func (p *player) posLocked(now time.Time) time.Duration {
	if p.paused {
		return p.pausedAt
	}
	return now.Sub(p.start)
}

func (p *player) Snapshot() present.Snapshot {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	pos := p.posLocked(now)
	if p.panicAfter > 0 && pos > p.panicAfter {
		panic("demo: pretend bug")
	}
	s := present.Snapshot{Title: "Arrive — a short demo", Paused: p.paused, Stopping: p.stopping,
		VolumeDB: p.volume, Elapsed: min(pos, p.total), Total: p.total, Event: -1}
	at := pos
	if p.loop {
		at = pos % sessionLength
	}
	for i, e := range session {
		if e.at > at {
			break
		}
		s.Event = i
		switch e.kind {
		case "say":
			s.Caption = e.caption
			s.EventLine = e.caption
			s.Phase = ""
		case "bell":
			s.EventLine = e.caption
			s.Phase = ""
		default:
			s.EventLine = e.caption
			if at < e.at+e.length {
				s.Phase = e.kind
				s.PhaseLeft = e.at + e.length - at
				x := float64(at-e.at) / float64(e.length)
				ease := 0.5 - 0.5*math.Cos(math.Pi*x)
				switch e.kind {
				case "inhale":
					s.Breath = ease
				case "hold":
					s.Breath = 1
				case "exhale":
					s.Breath = 1 - ease
				}
			} else {
				s.Phase = ""
			}
		}
	}
	if p.loop {
		s.Event += int(pos/sessionLength) * len(session)
	}
	s.Done = p.isDone()
	return s
}

func (p *player) isDone() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *player) TogglePause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, "pause")
	now := time.Now()
	if p.paused {
		p.start = now.Add(-p.pausedAt)
	} else {
		p.pausedAt = now.Sub(p.start)
	}
	p.paused = !p.paused
	p.change()
}

func (p *player) seek(to time.Duration) {
	to = max(0, to)
	if p.paused {
		p.pausedAt = to
	} else {
		p.start = time.Now().Add(-to)
	}
	p.change()
}

func (p *player) Next() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, "next")
	pos := p.posLocked(time.Now())
	for _, e := range session {
		if e.at > pos%sessionLength {
			p.seek(pos - pos%sessionLength + e.at)
			return
		}
	}
}

func (p *player) Back() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, "back")
	pos := p.posLocked(time.Now())
	prev := time.Duration(0)
	for _, e := range session {
		if e.at+time.Second > pos%sessionLength {
			break
		}
		prev = e.at
	}
	p.seek(pos - pos%sessionLength + prev)
}

func (p *player) Volume(d float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, fmt.Sprintf("volume%+g", d))
	p.volume = min(6, max(-40, p.volume+d))
}

func (p *player) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, "stop")
	if !p.stopping {
		p.stopping = true
		p.endAt = time.Now().Add(800 * time.Millisecond)
		p.change()
	}
}

func (p *player) Abort() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, "abort")
	p.stopping = true
	p.endAt = time.Now().Add(50 * time.Millisecond)
	p.change()
}

func (p *player) Done() <-chan struct{} { return p.done }

// run ends playback at the end of the session or of a stop.
func (p *player) run(ctx context.Context) {
	for {
		p.mu.Lock()
		now := time.Now()
		wait := time.Hour
		if p.stopping {
			wait = p.endAt.Sub(now)
		} else if !p.loop && !p.paused {
			wait = p.total - p.posLocked(now)
		}
		changed := p.changed
		p.mu.Unlock()
		if wait <= 0 {
			p.once.Do(func() { close(p.done) })
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		case <-changed:
			t.Stop()
		}
	}
}

// change wakes run up (p.mu held).
func (p *player) change() {
	close(p.changed)
	p.changed = make(chan struct{})
}

func main() { os.Exit(run()) }

// run is the demo; it returns the exit code, after its deferred clean-ups.
func run() int {
	loop := flag.Bool("loop", false, "breathe for ever (until q)")
	still := flag.Bool("still", false, "only the greeting, for ever (until q): nothing moves but the clock")
	plain := flag.Bool("plain", false, "plain lines instead of the full screen")
	rawKeys := flag.Bool("rawkeys", false, "with -plain: read keys from the terminal, in raw mode")
	notice := flag.String("notice", "", "show this notice first")
	panicAfter := flag.Duration("panic-after", 0, "make the pretend player panic after this long")
	hint := flag.Duration("hint", 0, "how long the key hint shows (0: the default)")
	total := flag.Duration("total", sessionLength, "session length")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile here")
	flag.Parse()

	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, "demo: error:", err)
		return 1
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return fail(err)
		}
		defer pprof.StopCPUProfile()
	}

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer cancel()
	opts := present.Options{NoColor: os.Getenv("NO_COLOR") != "", HintFor: *hint}
	if *notice != "" {
		var err error
		if *plain {
			err = present.NoticePlain(ctx, os.Stdout, *notice, time.Second)
		} else {
			err = present.NoticeFullScreen(ctx, os.Stdin, os.Stdout, "Arrive — a short demo", *notice, opts)
		}
		if errors.Is(err, present.ErrDeclined) {
			fmt.Println("declined")
			return 0
		}
		if err != nil {
			return fail(err)
		}
	}
	p := &player{start: time.Now(), total: *total, panicAfter: *panicAfter, done: make(chan struct{}), changed: make(chan struct{})}
	if *still {
		session = session[:1]
		*loop = true
	}
	if *loop {
		p.loop = true
		p.total = time.Hour
	}
	go p.run(ctx)
	var err error
	if *plain {
		var keys io.Reader
		if *rawKeys {
			state, rerr := term.MakeRaw(os.Stdin.Fd())
			if rerr != nil {
				return fail(rerr)
			}
			keys = os.Stdin
			err = present.Plain(ctx, os.Stdout, keys, p)
			_ = term.Restore(os.Stdin.Fd(), state)
		} else {
			err = present.Plain(ctx, os.Stdout, keys, p)
		}
	} else {
		err = present.FullScreen(ctx, os.Stdin, os.Stdout, p, opts)
	}
	p.mu.Lock()
	fmt.Println("calls:", strings.Join(p.calls, " "))
	p.mu.Unlock()
	if err != nil {
		return fail(err)
	}
	return 0
}
