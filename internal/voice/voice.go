// Package voice turns a session's spoken lines into sound: a recording of
// the script's folder, speech synthesised by a real engine (espeak-ng,
// Festival, or a program of the user's own) and cached, or nothing
// (captions only). It is the only package that runs another program.
//
// Prepare decides, line by line, where each spoken line's sound comes
// from, synthesises what is missing from the cache (in parallel, each
// line within a time limit) and measures every sound's length and
// loudness; the result is the timeline's Media. All voice material is
// brought to one loudness, TargetLUFS, so recordings and speech match.
package voice

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"time"

	"github.com/exhale-audio/exhale/audio/decode"
	"github.com/exhale-audio/exhale/audio/loudness"
	"github.com/exhale-audio/exhale/internal/media"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

// TargetLUFS is the loudness every spoken line is brought to (before the
// step's and the session's volume): calm speech, clearly above a
// background at its default level.
const TargetLUFS = -20.0

// Gains beyond these are not applied: a recording that would need more is
// nearly silent or already very loud, and is better fixed at the source.
const (
	maxBoostDB = 20.0
	maxCutDB   = -30.0
)

// Time limits.
const (
	// DefaultTimeout is how long one line may take to synthesise.
	DefaultTimeout = 60 * time.Second
	// timeoutGrace is how long a killed engine's output may still be read.
	timeoutGrace = 2 * time.Second
)

// Options tune Prepare.
type Options struct {
	// Engine overrides the script's voice.engine when set: auto, clips,
	// speech or none.
	Engine string
	// Cache is the folder of synthesised lines.
	Cache Cache
	// Timeout is how long one line may take to synthesise (0: DefaultTimeout).
	Timeout time.Duration
	// Workers is how many lines are synthesised at once (0: one per core).
	Workers int
	// Progress, when set, is told how many of the lines to synthesise are
	// done; it is not called when every line is cached.
	Progress func(done, total int)
	// AllowCommand lets a script's `engine: command` run its program.
	// Without it such a script is refused: a session file from someone
	// else must not run programs of its choosing.
	AllowCommand bool
	// Warn, when set, is told once of a fallback: no speech engine (the
	// lines are shown as captions only) or a cache folder that cannot be
	// written (a temporary one is used).
	Warn func(msg, hint string)
}

// Line is a spoken line of a script.
type Line struct {
	Text string
	ID   string
	Clip string // the step's own recording, or ""
	Pos  script.Pos
}

// Lines returns every spoken line of the session, its steps then its
// closing steps, in order; a line inside a repeat appears once.
func Lines(s *script.Session) []Line {
	var out []Line
	var walk func(steps []script.Step)
	walk = func(steps []script.Step) {
		for i := range steps {
			st := &steps[i]
			switch st.Kind {
			case script.Say:
				out = append(out, Line{Text: st.Text, ID: st.ID, Clip: st.Clip, Pos: st.Pos})
			case script.Repeat, script.Include:
				walk(st.Steps)
			}
		}
	}
	walk(s.Steps)
	walk(s.Closing)
	return out
}

// PhaseWords are what is said at the start of a counted breathing phase
// (the phase's caption), and the names their recordings are looked for
// under in voice.clips.
var PhaseWords = []struct {
	Kind timeline.Kind
	ID   string
}{
	{timeline.Inhale, "phase-in"},
	{timeline.Hold, "phase-hold"},
	{timeline.Exhale, "phase-out"},
	{timeline.Rest, "phase-rest"},
}

// PhaseLines returns the phase words a session's counted breathing says,
// as lines placed at the first breathe step that counts them.
func PhaseLines(s *script.Session) []Line {
	need := map[script.Phase]script.Pos{}
	var walk func(steps []script.Step)
	walk = func(steps []script.Step) {
		for i := range steps {
			st := &steps[i]
			switch {
			case st.Kind == script.Breathe && st.Breath != nil && st.Breath.Count > 0:
				for _, ph := range st.Breath.Pattern {
					if _, ok := need[ph.Phase]; !ok && ph.Length > 0 {
						need[ph.Phase] = st.Pos
					}
				}
			case st.Kind == script.Repeat || st.Kind == script.Include:
				walk(st.Steps)
			}
		}
	}
	walk(s.Steps)
	walk(s.Closing)
	var out []Line
	for _, w := range PhaseWords {
		if pos, ok := need[script.Phase(w.Kind)]; ok {
			out = append(out, Line{Text: timeline.PhaseCaption[w.Kind], ID: w.ID, Pos: pos})
		}
	}
	return out
}

// ClipExtensions are the kinds of recording looked for in voice.clips.
var ClipExtensions = []string{".wav", ".flac", ".mp3"}

var safeID = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// ClipName is the name, without extension, under which a recording of the
// line is looked for in voice.clips: the step's id, or "line-" and a short
// stable hash of its text (the text after templates are filled in).
func ClipName(l Line) string {
	if l.ID != "" && safeID.MatchString(l.ID) {
		return l.ID
	}
	h := sha256.Sum256([]byte(l.Text))
	return "line-" + hex.EncodeToString(h[:4])
}

// FindClip returns the recording of the line in the clips folder of fsys,
// or "" if there is none.
func FindClip(fsys fs.FS, clips string, l Line) string {
	if clips == "" {
		return ""
	}
	for _, ext := range ClipExtensions {
		p := path.Join(clips, ClipName(l)+ext)
		if st, err := fs.Stat(fsys, p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// sound is where one line's sound comes from.
type sound struct {
	spoken timeline.Spoken
	frames int64 // at rate
	rate   int
}

// Voice is a session's spoken lines, prepared. It implements
// timeline.Media (files other than spoken lines are measured by the
// media.Files it was given).
type Voice struct {
	files   *media.Files
	sounds  map[string]sound // by lineKey
	speech  fs.FS            // the speech folder
	tempDir string           // a temporary speech folder to remove, or ""
	wpm     int
	phases  []Line // the phase words counted breathing says
}

var _ timeline.Media = (*Voice)(nil)

func lineKey(text, id, clip string) string { return clip + "\x00" + id + "\x00" + text }

// Error is a spoken line that could not be given a sound, at its place in
// the script.
type Error struct {
	Pos  script.Pos
	Err  error
	Hint string
	// Script is set when the script, its files or the system must change
	// (a missing recording or engine, an unknown voice); otherwise the
	// engine failed on the line.
	Script bool
}

func (e *Error) Error() string {
	if e.Pos.File == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s:%d:%d: %v", e.Pos.File, e.Pos.Line, e.Pos.Col, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrNoEngine is wrapped when speech is asked for and its program is not
// installed.
var ErrNoEngine = errors.New("the speech engine is not installed")

// Prepare gives every spoken line of s a sound. Files are read from fsys,
// the script's folder, and measured with files.
func Prepare(ctx context.Context, s *script.Session, fsys fs.FS, files *media.Files, opts Options) (*Voice, error) {
	mode := s.Voice.Engine
	if opts.Engine != "" {
		mode = opts.Engine
	}
	if mode == "clips" && s.Voice.Clips == "" {
		return nil, &Error{Pos: s.StepsPos, Err: errors.New("the voice is recordings only (clips), but the script names no `clips` folder"), Hint: "add `clips: FOLDER` under `voice:`, or play with --voice auto", Script: true}
	}
	v := &Voice{files: files, sounds: map[string]sound{}, wpm: s.Voice.Speech.Rate}
	eng := newEngine(s.Voice.Speech, s.Language)
	if f, ok := eng.(*festival); ok && !festivalVoice.MatchString(f.voiceName()) {
		return nil, &Error{Pos: s.StepsPos, Err: fmt.Errorf("%q is not a Festival voice name (letters, digits and _ only)", f.voiceName()), Hint: "`exhale voices` lists the voices there are", Script: true}
	}
	haveEngine := available(eng)

	var toSay []Line // lines to synthesise
	v.phases = PhaseLines(s)
	for _, l := range append(Lines(s), v.phases...) {
		key := lineKey(l.Text, l.ID, l.Clip)
		if _, done := v.sounds[key]; done {
			continue
		}
		clip := l.Clip
		if clip == "" && (mode == "auto" || mode == "clips") {
			clip = FindClip(fsys, s.Voice.Clips, l)
		}
		switch {
		case clip != "":
			snd, err := measureClip(fsys, clip)
			if err != nil {
				return nil, &Error{Pos: l.Pos, Err: fmt.Errorf("the recording %s: %w", clip, err), Hint: "record it again, or remove it to use speech", Script: true}
			}
			snd.spoken.Clip = clip
			v.sounds[key] = snd
		case mode == "clips":
			return nil, &Error{Pos: l.Pos, Err: fmt.Errorf("no recording of this line in %s (looked for %s.wav, .flac or .mp3)", s.Voice.Clips, ClipName(l)),
				Hint: "`exhale clips SESSION --missing` lists the lines still to record; --voice auto speaks them meanwhile", Script: true}
		case mode == "none" || (mode == "auto" && !haveEngine):
			v.sounds[key] = sound{spoken: timeline.Spoken{Estimated: true}}
		case !haveEngine:
			return nil, &Error{Pos: l.Pos, Err: fmt.Errorf("%w: %s", ErrNoEngine, eng.program()), Hint: installHint(eng), Script: true}
		default:
			toSay = append(toSay, l)
		}
	}
	if mode == "auto" && !haveEngine && opts.Warn != nil && len(v.sounds) > 0 {
		for _, snd := range v.sounds {
			if snd.spoken.Estimated {
				opts.Warn(fmt.Sprintf("%s is not installed: spoken lines without a recording are shown as captions only", eng.program()), installHint(eng))
				break
			}
		}
	}
	if len(toSay) > 0 && eng.name() == "command" && !opts.AllowCommand {
		return nil, &Error{Pos: toSay[0].Pos, Err: fmt.Errorf("the script makes its speech by running %s (engine: command)", eng.program()),
			Hint: "if you trust the script and that program, add --allow-command", Script: true}
	}
	if len(toSay) > 0 {
		if err := v.synthesise(ctx, eng, toSay, opts); err != nil {
			return nil, err
		}
	}
	return v, nil
}

var festivalVoice = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

func installHint(e engine) string {
	switch e.name() {
	case "espeak-ng":
		return "install it with `sudo apt-get install espeak-ng` (or play with --voice none for captions only)"
	case "festival":
		return "install it with `sudo apt-get install festival festvox-us-slt-hts` (or use the default engine, espeak-ng)"
	}
	return fmt.Sprintf("check that %s is installed and on your PATH", e.program())
}

// measureClip reads a recording whole: its length and loudness.
func measureClip(fsys fs.FS, p string) (sound, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return sound{}, err
	}
	defer f.Close()
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		return sound{}, errors.New("it cannot be read from its start again")
	}
	snd, _, err := measure(rs)
	return snd, err
}

// measure decodes a sound whole: its length and rate, with the gain that
// brings it to TargetLUFS, and its loudness.
func measure(rs io.ReadSeeker) (sound, float64, error) {
	s, info, err := decode.Open(rs)
	if err != nil {
		return sound{}, 0, err
	}
	m := loudness.NewMeter(info.SampleRate)
	buf := make([][2]float64, 4096)
	var n int64
	for {
		k, ok := s.Stream(buf)
		m.Add(buf[:k])
		n += int64(k)
		if !ok {
			break
		}
	}
	if err := s.Err(); err != nil {
		return sound{}, 0, err
	}
	if n == 0 {
		return sound{}, 0, errors.New("it holds no audio")
	}
	lufs := m.Integrated()
	return sound{frames: n, rate: info.SampleRate, spoken: timeline.Spoken{GainDB: gainFor(lufs)}}, lufs, nil
}

// gainFor is the gain that brings a sound of loudness lufs to TargetLUFS.
func gainFor(lufs float64) float64 {
	if lufs == loudness.Silence {
		return 0
	}
	return min(max(TargetLUFS-lufs, maxCutDB), maxBoostDB)
}

// synthesise gives each line its speech, from the cache or the engine.
func (v *Voice) synthesise(ctx context.Context, eng engine, lines []Line, opts Options) error {
	if opts.Cache.Dir != "" {
		versionFile.Lock()
		versionFile.path = filepath.Join(opts.Cache.Dir, ".engines")
		versionFile.Unlock()
	}
	key, err := eng.key()
	if err != nil {
		return &Error{Pos: lines[0].Pos, Err: fmt.Errorf("%s cannot be run: %v", eng.program(), err), Hint: installHint(eng)}
	}
	cache := opts.Cache
	usable := cache.Dir != ""
	entries := map[string]entry{} // by entry name: found, then made
	names := map[string]string{}  // lineKey → entry name
	var todo []Line               // one line per entry to make
	queued := map[string]bool{}
	for _, l := range lines {
		name := entryName(key, l.Text)
		names[lineKey(l.Text, l.ID, l.Clip)] = name
		if _, ok := entries[name]; ok || queued[name] {
			continue
		}
		if usable {
			if e, ok := cache.load(name); ok {
				entries[name] = e
				continue
			}
		}
		queued[name] = true
		todo = append(todo, l)
	}
	if len(todo) > 0 {
		if err := v.fallBack(&cache, usable, entries, &todo, lines, names, opts); err != nil {
			return err
		}
	}
	v.speech = os.DirFS(cache.Dir)

	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		done     int
	)
	if opts.Progress != nil && len(todo) > 0 {
		opts.Progress(0, len(todo))
	}
	jobs := make(chan Line)
	var wg sync.WaitGroup
	for range min(workers, len(todo)) {
		wg.Go(func() {
			for l := range jobs {
				name := entryName(key, l.Text)
				e, err := say(ctx, eng, cache, name, l.Text, timeout)
				mu.Lock()
				switch {
				case err == nil:
					entries[name] = e
					done++
					if opts.Progress != nil {
						opts.Progress(done, len(todo))
					}
				case firstErr == nil && ctx.Err() == nil:
					firstErr = lineError(eng, cache, l, err)
					cancel()
				}
				mu.Unlock()
			}
		})
	}
feed:
	for _, l := range todo {
		select {
		case jobs <- l:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		v.Close()
		return firstErr
	}
	// Every line, including those that share an entry's text.
	for _, l := range lines {
		k := lineKey(l.Text, l.ID, l.Clip)
		e, ok := entries[names[k]]
		if !ok {
			v.Close()
			return &Error{Pos: l.Pos, Err: errors.New("voice: the line's speech went missing while it was prepared")}
		}
		v.setSpeech(l, names[k], e)
	}
	return nil
}

// fallBack moves the preparation to a temporary folder when the cache
// cannot be written (or there is no cache folder), saying so once. What
// was found in the cache is copied there; what cannot be copied is made.
func (v *Voice) fallBack(cache *Cache, usable bool, entries map[string]entry, todo *[]Line, lines []Line, names map[string]string, opts Options) error {
	var why, hint string
	if !usable {
		why = "there is no speech cache folder (neither XDG_CACHE_HOME nor HOME is set)"
		hint = "set XDG_CACHE_HOME or HOME so that speech is made only once"
	} else if err := cache.writable(); err != nil {
		why = fmt.Sprintf("the speech cache %s cannot be written (%v)", cache.Dir, unwrapPath(err))
		hint = "make the folder writable, or set XDG_CACHE_HOME to one that is, so that speech is made only once"
	} else {
		return nil
	}
	tmp, err := os.MkdirTemp("", "exhale-speech-")
	if err != nil {
		return &Error{Pos: (*todo)[0].Pos, Err: fmt.Errorf("%s, nor a temporary folder: %v", why, unwrapPath(err)),
			Hint: "make room in the temporary folder ($TMPDIR), or play with --voice none for captions only"}
	}
	if opts.Warn != nil {
		opts.Warn(why+": speech is kept in a temporary folder until exhale ends", hint)
	}
	v.tempDir = tmp
	queued := map[string]bool{}
	for _, l := range *todo {
		queued[names[lineKey(l.Text, l.ID, l.Clip)]] = true
	}
	for _, l := range lines {
		name := names[lineKey(l.Text, l.ID, l.Clip)]
		if _, found := entries[name]; !found || queued[name] {
			continue
		}
		if err := copyEntry(cache.Dir, tmp, name); err != nil {
			delete(entries, name)
			queued[name] = true
			*todo = append(*todo, l)
		}
	}
	*cache = Cache{Dir: tmp}
	return nil
}

// lineError is the error for a line the engine could not say: the
// engine's failure, or the cache's.
func lineError(eng engine, c Cache, l Line, err error) error {
	var ce *cacheError
	if errors.As(err, &ce) {
		return &Error{Pos: l.Pos, Err: fmt.Errorf("the line's speech could not be kept in %s: %v", c.Dir, unwrapPath(ce.err)),
			Hint: "check that the disk has room, or set XDG_CACHE_HOME to another folder"}
	}
	hint, script := engineHint(eng, err)
	return &Error{Pos: l.Pos, Err: fmt.Errorf("the line could not be spoken: %w", err), Hint: hint, Script: script}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

var (
	unknownVoice = regexp.MustCompile(`(?i)voice does not exist|unbound variable : voice_`)
	tooSlow      = regexp.MustCompile(`did not finish`)
)

// engineHint says what to do about an engine's failure, and whether the
// script must change.
func engineHint(e engine, err error) (string, bool) {
	msg := err.Error()
	switch {
	case unknownVoice.MatchString(msg):
		return "the script's speech voice is not one " + e.program() + " knows: `exhale voices` lists the voices there are", true
	case tooSlow.MatchString(msg):
		return "the line may be very long: split it into shorter `say` steps", false
	}
	return "check the line's text, or play with --voice none for captions only", false
}

func (v *Voice) setSpeech(l Line, name string, e entry) {
	snd := sound{frames: e.Frames, rate: e.Rate, spoken: timeline.Spoken{Speech: name + ".wav"}}
	if !e.Silent {
		snd.spoken.GainDB = gainFor(e.LUFS)
	}
	v.sounds[lineKey(l.Text, l.ID, l.Clip)] = snd
}

// say synthesises text into the cache under name and measures it. The
// engine works in a folder of its own, removed afterwards, so that nothing
// it leaves behind (even a process that outlived its time) lands in the
// cache.
func say(ctx context.Context, eng engine, c Cache, name, text string, timeout time.Duration) (entry, error) {
	work, err := os.MkdirTemp(c.Dir, ".work-")
	if err != nil {
		return entry{}, &cacheError{err}
	}
	defer os.RemoveAll(work)
	out := filepath.Join(work, "line.wav")
	lctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	printed, err := run(lctx, eng, work, text, out)
	if err != nil {
		return entry{}, err
	}
	f, err := os.Open(out)
	if err != nil {
		if printed != "" {
			return entry{}, fmt.Errorf("%s wrote no sound (%s)", eng.program(), printed)
		}
		return entry{}, fmt.Errorf("%s wrote no sound", eng.program())
	}
	snd, lufs, err := measure(f)
	f.Close()
	if err != nil {
		if printed != "" {
			return entry{}, fmt.Errorf("%s wrote no usable sound (%s)", eng.program(), printed)
		}
		return entry{}, fmt.Errorf("%s wrote no usable sound: %w", eng.program(), err)
	}
	e := entry{Frames: snd.frames, Rate: snd.rate, Text: text}
	if lufs == loudness.Silence {
		e.Silent = true
	} else {
		e.LUFS = lufs
	}
	if err := c.store(name, out, e); err != nil {
		return entry{}, &cacheError{err}
	}
	return e, nil
}

// cacheError is a failure of the cache folder (not of the engine).
type cacheError struct{ err error }

func (e *cacheError) Error() string { return e.err.Error() }
func (e *cacheError) Unwrap() error { return e.err }

// Speech implements timeline.Media.
func (v *Voice) Speech(line timeline.SpokenLine, rate int) (timeline.Spoken, error) {
	snd, ok := v.sounds[lineKey(line.Text, line.ID, line.Clip)]
	if !ok {
		return timeline.Spoken{}, fmt.Errorf("voice: the line %q was not prepared", line.Text)
	}
	sp := snd.spoken
	if sp.Estimated {
		sp.Samples = media.EstimateSpeech(line.Text, v.wpm, rate)
	} else {
		sp.Samples = timeline.Resampled(snd.frames, snd.rate, rate)
	}
	return sp, nil
}

// PhaseWords returns the sound of each phase word the session's counted
// breathing says, at rate: played at the start of its phase (cut to the
// phase's length). Words shown as captions only are left out.
func (v *Voice) PhaseWords(rate int) map[timeline.Kind]timeline.Spoken {
	out := map[timeline.Kind]timeline.Spoken{}
	for _, l := range v.phases {
		sp, err := v.Speech(timeline.SpokenLine{Text: l.Text, ID: l.ID}, rate)
		if err != nil || sp.Estimated {
			continue
		}
		for _, w := range PhaseWords {
			if w.ID == l.ID {
				out[w.Kind] = sp
			}
		}
	}
	return out
}

// File implements timeline.Media.
func (v *Voice) File(p string) (int64, int, error) { return v.files.File(p) }

// SpeechFS is the folder the schedule's Speech files are in (nil when no
// line is synthesised).
func (v *Voice) SpeechFS() fs.FS { return v.speech }

// Close removes a temporary speech folder, if one was used. The schedule's
// speech cannot be played after it.
func (v *Voice) Close() error {
	if v.tempDir == "" {
		return nil
	}
	err := os.RemoveAll(v.tempDir)
	v.tempDir = ""
	return err
}
