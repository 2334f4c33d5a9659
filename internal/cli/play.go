package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/audio/output"
	"github.com/exhale-audio/exhale/internal/journal"
	"github.com/exhale-audio/exhale/internal/player"
	"github.com/exhale-audio/exhale/internal/present"
	"github.com/exhale-audio/exhale/internal/render"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
	"github.com/exhale-audio/exhale/sessions"
)

// Output timing: the device buffer is big enough for glitch-free sound on a
// loaded machine and small enough that keys answer well under 200 ms.
const (
	deviceBuffer  = 120 * time.Millisecond
	deviceQueue   = 40 * time.Millisecond
	deviceTimeout = 4 * time.Second // a live server can be slow to start a stream
	// deviceStall is how long the device may take no sound before the
	// session ends: a sound server that went away shows only that way.
	deviceStall = 3 * time.Second
	noticeWait  = 5 * time.Second
)

type playOptions struct {
	timingOptions
	soundOptions
	From       string
	Plain      bool
	Yes        bool
	NoJournal  bool
	AskTension bool
	// askTensionSet: --ask-tension was given (true or false), so the
	// config's ask_tension does not apply.
	askTensionSet bool
}

func (o *playOptions) AddFlags(cmd *cobra.Command) {
	o.timingOptions.AddFlags(cmd.Flags())
	o.soundOptions.AddFlags(cmd, &o.timingOptions)
	cmd.Flags().StringVar(&o.From, "from", "", "start at a step's id or a time (e.g. belly, 2m30s)")
	cmd.Flags().BoolVar(&o.Plain, "plain", false, "print one line per cue instead of the full-screen view")
	cmd.Flags().BoolVar(&o.Yes, "yes", false, "in plain mode, start at once after a notice")
	o.addJournalFlags(cmd)
	cmd.MarkFlagsMutuallyExclusive("length", "pace")
}

func (o *playOptions) addJournalFlags(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&o.NoJournal, "no-journal", false, "do not record this session in the practice journal")
	cmd.Flags().BoolVar(&o.AskTension, "ask-tension", false, "ask how much tension you notice, 0-10, before and after")
}

func newPlayCommand(env *Env) *cobra.Command {
	var o playOptions
	cmd := &cobra.Command{
		Use:   "play [SESSION]",
		Short: "Play a session through the speaker (the bundled `arrive` by default)",
		Long: `Play plays a session live, with a calm full-screen view: the caption, a
breathing shape, the time. Keys: space pause, → or n next step, ← or b back,
+ and − volume, q stop gently (a fade, then the script's closing steps),
Ctrl-C twice to stop at once.

When standard output is not a terminal, or with --plain, it prints one line
per cue as it becomes audible instead.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := sessions.Default
			if len(args) == 1 {
				name = args[0]
			}
			o.askTensionSet = cmd.Flags().Changed("ask-tension")
			return runPlay(cmd.Context(), env, name, &o)
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runPlay(ctx context.Context, env *Env, arg string, o *playOptions) error {
	o.warm = true
	l, err := load(env, arg, &o.timingOptions)
	if err != nil {
		return err
	}
	defer l.close()
	cfg := l.cfg
	vol, err := o.volumeDB(cfg)
	if err != nil {
		return err
	}
	if err := checkSets(env, l.session, o.Strict); err != nil {
		return err
	}
	pr := newPractice(env, o.AskTension, o.askTensionSet, o.NoJournal, cfg)
	if pr.ask {
		pr.before = pr.rating(nil, "How much tension do you notice in your body right now? 0-10 (Enter skips): ")
	}
	from, err := startAt(l.schedule, o.From)
	if err != nil {
		return err
	}
	main, err := render.New(l.schedule, l.entry.FS, l.renderOptions(vol))
	if err != nil {
		return err
	}
	var closing *render.Renderer
	if len(l.schedule.Closing) > 0 {
		cs := &timeline.Schedule{Title: l.schedule.Title, Rate: l.schedule.Rate, Samples: l.schedule.ClosingSamples,
			Events: l.schedule.Closing, Background: script.Background{Sound: script.Sound{Name: "none"}}}
		if closing, err = render.New(cs, l.entry.FS, l.renderOptions(vol)); err != nil {
			return err
		}
	}

	// The device is opened once the sound is ready to go: what it asks for
	// first is then the session rather than silence, so the first sound
	// comes with its first request. (Opened sooner, while the session is
	// prepared, it would queue its buffer's worth of silence first.)
	dev, err := output.OpenDevice(o.Rate, deviceBuffer, deviceQueue)
	if err != nil {
		return noDevice(err, arg)
	}
	defer dev.Close()
	full := !o.Plain && isTerminal(env.Stdout) && isTerminal(env.Stdin)
	popts := present.Options{NoColor: env.Getenv("NO_COLOR") != ""}
	if n := l.session.Notice; n != "" {
		if err := dev.Ready(deviceTimeout); err != nil {
			return noDevice(err, arg)
		}
		if full {
			if err := present.NoticeFullScreen(ctx, env.Stdin, env.Stdout, l.session.Title, n, popts); err != nil {
				if errors.Is(err, present.ErrDeclined) {
					return nil
				}
				return err
			}
		} else {
			wait := noticeWait
			if o.Yes {
				wait = 0
			}
			if err := present.NoticePlain(ctx, env.Stdout, n, wait); err != nil {
				return err
			}
		}
	}

	// Once the sound is prepared (on every core), playing needs little
	// computing but wakes up often: the sound server asks for sound every
	// few tens of milliseconds, the screen redraws. On one processor the
	// goroutines hand work to each other without waking other threads,
	// which makes each wake-up far cheaper.
	runtime.GOMAXPROCS(1)
	pl := player.New(l.schedule, main, closing, from, 0)
	pl.Attach(dev)
	if err := dev.Play(pl, deviceTimeout); err != nil {
		return noDevice(err, arg)
	}
	// From here on the session is practice, however it ends: it goes in
	// the journal (after the questions, if asked and the session was not
	// interrupted), and a journal that cannot be written is said at the
	// very end. A panic still records the session, as interrupted.
	start := time.Now()
	recorded := false
	defer func() {
		if recorded {
			return
		}
		if r := recover(); r != nil {
			pl.Kill(nil)
			pr.ask = false
			pr.record(l, pl, start, journal.Interrupted, nil)
			panic(r)
		}
	}()
	c := &controller{p: pl, dev: dev, title: l.session.Title}
	// A device that fails or stops taking sound ends the session: no fade
	// could be heard, and every stop waits for the sound to fade.
	var lost atomic.Pointer[player.Status]
	stopWatch := dev.Watch(deviceStall, func(err error) {
		st := pl.Status()
		lost.Store(&st)
		pl.Kill(err)
	})
	defer stopWatch()

	// Ctrl-C: a gentle stop; a second Ctrl-C, SIGTERM or SIGHUP: at once.
	// The signals stay caught until the session is recorded: one during
	// the closing questions skips them.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	afterSigs := make(chan os.Signal, 2)
	go func() {
		interrupts := 0
		for {
			select {
			case s := <-sigs:
				if s == os.Interrupt && interrupts == 0 {
					interrupts++
					pl.Stop()
					continue
				}
				pl.Abort()
			case <-pl.Done():
				for s := range sigs {
					afterSigs <- s
				}
				return
			}
		}
	}()

	if full {
		err = present.FullScreen(ctx, env.Stdin, env.Stdout, c, popts)
	} else {
		var keys *os.File
		restore := func() {}
		if f, ok := env.Stdin.(*os.File); ok && isTerminal(f) {
			if r, rerr := rawMode(f); rerr == nil {
				restore = sync.OnceFunc(r)
				defer restore()
				keys = f
			}
		}
		if keys != nil {
			err = present.Plain(ctx, env.Stdout, keys, c)
		} else {
			err = present.Plain(ctx, env.Stdout, nil, c)
		}
		restore() // the closing questions read lines in the terminal's own mode
	}
	if err != nil {
		pl.Abort()
	}
	<-pl.Done()
	dev.Wait(time.Second)
	recorded = true
	if jerr := pr.record(l, pl, start, lostOutcome(err, pl, lost.Load() != nil), afterSigs); jerr != nil {
		defer warn(env.Stderr, "the practice journal could not be written: %v", jerr)
	}
	if err != nil {
		return err
	}
	if st := lost.Load(); st != nil {
		return deviceLost(pl.Err(), *st, arg)
	}
	if perr := pl.Err(); perr != nil {
		return perr
	}
	if pl.Outcome() == player.Interrupted {
		return &ExitError{Code: ExitInterrupted, Err: errors.New("interrupted"), Shown: true}
	}
	return nil
}

// noDevice is the one-line answer when there is no sound output.
func noDevice(err error, arg string) error {
	msg := strings.TrimPrefix(err.Error(), output.ErrNoDevice.Error()+": ")
	return &ExitError{Code: ExitNoDevice, Err: fmt.Errorf("no sound device could be opened (%s)", msg),
		Hint: fmt.Sprintf("`exhale render %s -o %s.wav` writes the session to a file you can play anywhere", arg, baseName(arg))}
}

// deviceLost is the answer when the device failed while playing: where
// the session was, and how to go on from there.
func deviceLost(err error, st player.Status, arg string) error {
	at := st.Elapsed.Truncate(time.Second)
	msg := fmt.Errorf("the sound output stopped at %s of %s (%v)", script.FormatDuration(at), script.FormatDuration(st.Total.Round(time.Second)), err)
	hint := "check that the sound server is running, then play again"
	if !st.Closing && at > 0 {
		hint = fmt.Sprintf("check that the sound server is running; `exhale play %s --from %s` goes on from there", arg, script.FormatDuration(at))
	}
	return &ExitError{Code: ExitNoDevice, Err: msg, Hint: hint}
}

func baseName(arg string) string {
	b := arg[strings.LastIndexAny(arg, "/\\")+1:]
	return strings.TrimSuffix(strings.TrimSuffix(b, ".yaml"), ".yml")
}

// startAt reads --from: a step's id or a time.
func startAt(s *timeline.Schedule, from string) (int64, error) {
	if from == "" {
		return 0, nil
	}
	for _, e := range s.Events {
		if e.ID == from {
			return e.Start, nil
		}
	}
	d, err := script.ParseDuration(from)
	if err != nil || d < 0 {
		var ids []string
		for _, e := range s.Events {
			if e.ID != "" {
				ids = append(ids, e.ID)
			}
		}
		if near := script.Suggest(from, ids); near != "" {
			return 0, usageError("--from %q: no step has that id; did you mean %s?", from, near)
		}
		return 0, usageError("--from %q: give a step's id or a time like 2m30s", from)
	}
	n := timeline.DurationToSamples(d, s.Rate)
	if n >= s.Samples {
		return 0, usageError("--from %s is past the end of the session (%s)", from, script.FormatDuration(s.Duration(s.Samples).Round(time.Second)))
	}
	return n, nil
}

// controller is the player as the screen sees it. The screen polls it at
// the device's pulls.
type controller struct {
	p     *player.Player
	dev   *output.Device
	title string
}

func (c *controller) Snapshot() present.Snapshot {
	st := c.p.Status()
	return present.Snapshot{
		Title: c.title, Caption: st.Caption, Phase: string(st.Phase), PhaseLeft: st.PhaseLeft, Breath: st.Breath,
		Elapsed: st.Elapsed, Total: st.Total, Paused: c.p.Paused(), Stopping: c.p.Stopping(), VolumeDB: c.p.VolumeDB(),
		Event: st.Event, EventLine: st.EventLine, Done: isClosed(c.p.Done()),
	}
}

func (c *controller) TogglePause()            { c.p.TogglePause() }
func (c *controller) Next()                   { c.p.Next() }
func (c *controller) Back()                   { c.p.Back() }
func (c *controller) Volume(d float64)        { c.p.Volume(d) }
func (c *controller) Stop()                   { c.p.Stop() }
func (c *controller) Abort()                  { c.p.Abort() }
func (c *controller) Done() <-chan struct{}   { return c.p.Done() }
func (c *controller) Pulses() <-chan struct{} { return c.dev.Pulls() }

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
