package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/exhale-audio/exhale/audio/synth"
	"github.com/exhale-audio/exhale/internal/catalog"
	"github.com/exhale-audio/exhale/internal/config"
	"github.com/exhale-audio/exhale/internal/media"
	"github.com/exhale-audio/exhale/internal/render"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/soundcache"
	"github.com/exhale-audio/exhale/internal/timeline"
	"github.com/exhale-audio/exhale/internal/voice"
)

// timingOptions are the flags that shape a compiled session, shared by the
// commands that compile one.
type timingOptions struct {
	Length     string
	Pace       float64
	Rate       int
	Set        []string
	Background string // set by commands with --background: replaces the script's
	Voice      string // --voice: replaces the script's voice.engine
	// AllowCommand lets a script's speech engine `command` run its program.
	AllowCommand bool
	// Strict makes an unknown --set key an error.
	Strict bool
	// warm makes the session's synthesised sounds while its voice is
	// prepared (set by play, for a sooner first sound).
	warm bool
	// entry, when set, is the script to load instead of finding arg (a
	// script made by breathe or timer).
	entry *catalog.Entry
}

// AddFlags registers the timing flags on fs.
func (o *timingOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Length, "length", "", "stretch or shrink pauses, gaps and `at` times so the session lasts exactly this (e.g. 20m)")
	fs.Float64Var(&o.Pace, "pace", 1, "multiply every pause and gap by this factor (e.g. 1.5 for more space)")
	fs.IntVar(&o.Rate, "rate", timeline.DefaultRate, "sample rate of the schedule, in Hz")
	fs.StringArrayVar(&o.Set, "set", nil, "set a template value, KEY=VALUE (repeatable)")
	fs.StringVar(&o.Voice, "voice", "", "where spoken lines come from: auto, clips (recordings only), speech or none (captions only); default: the script's")
	fs.BoolVar(&o.Strict, "strict", false, "make a --set for a value the script does not have an error (not a warning)")
	fs.BoolVar(&o.AllowCommand, "allow-command", false, "let the script's speech engine `command` run its program (only for scripts you trust)")
}

// compileOptions checks the flags and turns them into timeline options.
func (o *timingOptions) compileOptions() (timeline.Options, error) {
	var opts timeline.Options
	if o.Length != "" {
		d, err := script.ParseDuration(o.Length)
		if err != nil {
			return opts, usageError("--length: %v", err)
		}
		if d <= 0 {
			return opts, usageError("--length must be longer than zero")
		}
		opts.Length = d
	}
	if o.Pace < 0.1 || o.Pace > 10 {
		return opts, usageError("--pace %g is out of range: use 0.1 (much faster) to 10 (much slower)", o.Pace)
	}
	if o.Rate < 8000 || o.Rate > timeline.MaxRate {
		return opts, usageError("--rate %d is out of range: use 8000 to %d", o.Rate, timeline.MaxRate)
	}
	opts.Pace, opts.Rate = o.Pace, o.Rate
	return opts, nil
}

// sets parses the --set values.
func (o *timingOptions) sets() (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range o.Set {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, usageError("--set %q: write it as KEY=VALUE, like --set name=Ana", kv)
		}
		out[k] = v
	}
	return out, nil
}

// loaded is a session found, parsed, measured and compiled.
type loaded struct {
	entry    catalog.Entry
	session  *script.Session
	schedule *timeline.Schedule
	media    *media.Files
	voice    *voice.Voice // nil when the lines were not given sounds (check, list)
	cfg      config.Config
}

// close lets go of the session's folder and any temporary speech.
func (l *loaded) close() {
	if l.voice != nil {
		l.voice.Close()
	}
	l.entry.Close()
}

// renderOptions are the render options for the session's voice, at the
// master level vol.
func (l *loaded) renderOptions(vol float64) render.Options {
	o := render.Options{VolumeDB: vol}
	if l.voice != nil {
		o.Speech = l.voice.SpeechFS()
		o.PhaseWords = l.voice.PhaseWords(l.schedule.Rate)
	}
	return o
}

// load finds the session arg names, parses it and compiles it.
func load(env *Env, arg string, o *timingOptions) (*loaded, error) {
	topts, err := o.compileOptions()
	if err != nil {
		return nil, err
	}
	cfg, err := config.Load(config.Path(env.Getenv))
	if err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: err, Hint: "correct the file, or move it away to use the defaults (`exhale config` shows them)"}
	}
	set, err := o.sets()
	if err != nil {
		return nil, err
	}
	var entry catalog.Entry
	if o.entry != nil {
		entry = *o.entry
	} else if entry, err = env.catalog().Find(arg); err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: err}
	}
	// Flags first, then the config, then the script.
	bgName := o.Background
	if bgName == "" {
		bgName = cfg.Background
	}
	var bg *script.Sound
	if bgName != "" {
		snd, err := script.BackgroundSound(bgName)
		if err != nil {
			entry.Close()
			return nil, usageError("--background: %v", err)
		}
		bg = &snd
	}
	switch o.Voice {
	case "", "auto", "clips", "speech", "none":
	default:
		entry.Close()
		return nil, usageError("--voice %q: use auto, clips, speech or none", o.Voice)
	}
	mode := o.Voice
	if mode == "" {
		mode = cfg.Voice
	}
	l, err := compileEntry(entry, set, topts, false, bg, &voiceSetup{env: env, mode: mode, allowCommand: o.AllowCommand, warm: o.warm, cfg: cfg})
	if err != nil {
		entry.Close()
		return nil, err
	}
	l.cfg = cfg
	return l, nil
}

// voiceSetup gives a session's spoken lines their sounds, with the
// environment's speech cache, progress bar and warnings.
type voiceSetup struct {
	env          *Env
	mode         string // --voice or the config's, or "" for the script's
	allowCommand bool
	warm         bool // start making the session's synthesised sounds meanwhile (play)
	cfg          config.Config
}

func (vs *voiceSetup) prepare(s *script.Session, fsys fs.FS, m *media.Files) (*voice.Voice, error) {
	env := vs.env
	dir, _ := voice.DefaultCacheDir(env.Getenv) // "" cannot be written: a temporary folder is used
	var bar *progress
	opts := voice.Options{
		Engine:       vs.mode,
		Cache:        voice.Cache{Dir: dir},
		AllowCommand: vs.allowCommand,
		Progress: func(done, total int) {
			if bar == nil {
				bar = newProgress(env.Stderr, "preparing speech", int64(total))
			}
			bar.set(int64(done))
		},
		Warn: func(msg, hint string) {
			warn(env.Stderr, "%s", msg)
			fmt.Fprintf(env.Stderr, "exhale: hint: %s\n", hint)
		},
	}
	// Ctrl-C while speech is made stops the engines and removes what they
	// were writing, rather than killing exhale mid-write.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	v, err := voice.Prepare(ctx, s, fsys, m, opts)
	if bar != nil {
		bar.done()
	}
	if ctx.Err() != nil {
		if v != nil {
			v.Close()
		}
		return nil, &ExitError{Code: ExitInterrupted, Err: errors.New("interrupted while speech was being prepared")}
	}
	var ve *voice.Error
	if errors.As(err, &ve) {
		code := ExitFailure
		if ve.Script {
			code = ExitUsage
		}
		hint := ve.Hint
		if line, ok := vs.cfg.Lines["speech_voice"]; ok && ve.Script {
			hint += fmt.Sprintf(" (the voice %q comes from %s, line %d)", vs.cfg.SpeechVoice, vs.cfg.File, line)
		}
		return nil, &ExitError{Code: code, Err: ve, Hint: hint}
	}
	return v, err
}

// compileEntry parses a found script, measures the audio files it names
// (decoding them whole when verify is set), gives its spoken lines their
// sounds (unless vs is nil: then their lengths are estimated), and
// compiles it.
func compileEntry(entry catalog.Entry, set map[string]string, topts timeline.Options, verify bool, background *script.Sound, vs *voiceSetup) (*loaded, error) {
	m := media.New(entry.FS, verify)
	probe := func(p string) error {
		_, err := m.Probe(p)
		return err
	}
	s, err := script.Parse(entry.FS, entry.File, script.Options{Display: entry.Display, Set: set, Media: probe})
	if err != nil {
		return nil, scriptError(err)
	}
	if background != nil {
		s.Background.Sound = *background
	}
	if vs != nil {
		// The config's speech settings come before the script's.
		if vs.cfg.SpeechVoice != "" {
			s.Voice.Speech.Voice = vs.cfg.SpeechVoice
		}
		if vs.cfg.SpeechRate != 0 {
			s.Voice.Speech.Rate = vs.cfg.SpeechRate
		}
	}
	var lens timeline.Media = m
	var v *voice.Voice
	if vs != nil && vs.warm {
		// Bells and noise loops made by an earlier play of this build are
		// read back rather than made again: the first sound comes sooner.
		if dir, err := voice.DefaultCacheDir(vs.env.Getenv); err == nil {
			if store, ok := soundcache.ForThisBuild(filepath.Join(filepath.Dir(dir), "sounds")); ok {
				synth.SetStore(store)
				go store.Prune() // other builds' sounds (best effort)
			}
		}
		render.Warm(s.Background, bellsOf(s), topts.Rate)
	}
	if vs != nil {
		if v, err = vs.prepare(s, entry.FS, m); err != nil {
			return nil, err
		}
		lens = v
	}
	sched, err := timeline.Compile(s, lens, topts)
	if err != nil {
		if v != nil {
			v.Close()
		}
		var diags script.Errors
		if errors.As(err, &diags) {
			for i := range diags {
				diags[i].Source = s.SourceLine(diags[i].Pos)
			}
			return nil, scriptError(diags)
		}
		return nil, &ExitError{Code: ExitUsage, Err: err}
	}
	return &loaded{entry: entry, session: s, schedule: sched, media: m, voice: v}, nil
}

// bellsOf lists the bell sounds a session rings.
func bellsOf(s *script.Session) []script.Sound {
	out := []script.Sound{s.Bell}
	var walk func([]script.Step)
	walk = func(steps []script.Step) {
		for i := range steps {
			st := &steps[i]
			if st.Kind == script.Bell && st.Ring != nil && !slices.Contains(out, st.Ring.Sound) {
				out = append(out, st.Ring.Sound)
			}
			walk(st.Steps)
		}
	}
	walk(s.Steps)
	walk(s.Closing)
	return out
}

func scriptError(err error) error {
	return &ExitError{Code: ExitUsage, Err: err}
}

// clock writes a sample position as m:ss.ss (or h:mm:ss.ss).
func clock(samples int64, rate int) string {
	d := timeline.SamplesToDuration(samples, rate)
	cs := (d + 5*time.Millisecond) / (10 * time.Millisecond)
	h, cs := cs/360000, cs%360000
	m, cs := cs/6000, cs%6000
	s, cs := cs/100, cs%100
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d.%02d", h, m, s, cs)
	}
	return fmt.Sprintf("%d:%02d.%02d", m, s, cs)
}
