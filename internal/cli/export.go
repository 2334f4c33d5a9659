package cli

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"text/template"
	"time"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/captions"
	"github.com/exhale-audio/exhale/internal/render"
	"github.com/exhale-audio/exhale/internal/safefile"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

//go:embed handout/index.html
var handoutPage string

var handoutTemplate = template.Must(template.New("index.html").Parse(handoutPage))

type handoutOptions struct {
	timingOptions
	soundOptions
	Output string
	Force  bool
}

func newExportCommand(env *Env) *cobra.Command {
	var o handoutOptions
	cmd := &cobra.Command{
		Use:   "export SESSION -o DIR",
		Short: "Write a hand-out folder a client can play anywhere: audio, captions, the script and a web page",
		Long: `Export writes a folder to give a client: the session's audio in a compact
format every phone plays (MP3 at 128 kbps, under 1 MB a minute, made by lame
when it is installed; without it a mono 22.05 kHz WAV, with a notice), its
captions (WebVTT), the script itself, and index.html, a page that plays the
audio with the current caption shown large and a breathing shape. The page
works offline, from the folder, on a phone's screen; it can be used with a
keyboard and a screen reader, and is still for people who ask for less
motion.

The folder is written whole or not at all (a temporary folder, renamed into
place); an existing folder is replaced only with --force.`,
		Example: `  exhale export for-ana -o ~/handouts/for-ana
  exhale export body-scan -o body-scan --set name=Ana --length 15m`,
		Args: exactArgs(1, "one session: a name or a path to a .yaml file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExportFolder(cmd.Context(), env, args[0], &o)
		},
	}
	o.timingOptions.AddFlags(cmd.Flags())
	o.soundOptions.AddFlags(cmd, &o.timingOptions)
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "the folder to write (required)")
	cmd.Flags().BoolVar(&o.Force, "force", false, "replace the folder if it is there")
	cmd.MarkFlagsMutuallyExclusive("length", "pace")
	return cmd
}

var langRe = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

func runExportFolder(ctx context.Context, env *Env, arg string, o *handoutOptions) error {
	if o.Output == "" {
		return usageError("export needs -o DIR, the folder to write")
	}
	dest, err := filepath.Abs(filepath.Clean(o.Output))
	if err != nil {
		return err
	}
	if st, err := os.Stat(dest); err == nil {
		if !st.IsDir() {
			return &ExitError{Code: ExitUsage, Err: fmt.Errorf("%s is a file, not a folder", o.Output)}
		}
		if !o.Force {
			return &ExitError{Code: ExitUsage, Err: fmt.Errorf("the folder %s is already there", o.Output), Hint: "add --force to replace it, or choose another folder"}
		}
		if err := replaceable(dest); err != nil {
			return &ExitError{Code: ExitUsage, Err: err, Hint: "choose a new folder: --force replaces only a hand-out folder exhale wrote"}
		}
	}
	parent := filepath.Dir(dest)
	if st, err := os.Stat(parent); err != nil || !st.IsDir() {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("the folder %s does not exist", filepath.Dir(filepath.Clean(o.Output))), Hint: "make it first, or give another -o"}
	}
	_, lameErr := exec.LookPath("lame")
	compact := lameErr == nil
	if !compact {
		o.Rate = 22050 // the fallback: a mono 22.05 kHz WAV
	}
	l, err := load(env, arg, &o.timingOptions)
	if err != nil {
		return err
	}
	defer l.close()
	if err := checkSets(env, l.session, o.Strict); err != nil {
		return err
	}
	vol, err := o.volumeDB(l.cfg)
	if err != nil {
		return err
	}
	r, err := render.New(l.schedule, l.entry.FS, l.renderOptions(vol))
	if err != nil {
		return err
	}

	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".partial-")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", parent, unwrapPath(err))
	}
	defer os.RemoveAll(tmp) // gone once renamed into place
	// Ctrl-C, SIGTERM or SIGHUP stop the render and lame, and the
	// temporary folder goes with everything in it.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	interrupted := func(err error) error {
		if ctx.Err() != nil {
			return &ExitError{Code: ExitInterrupted, Err: errors.New("interrupted: nothing was written")}
		}
		return err
	}
	audio := "session.mp3"
	wavPath := filepath.Join(tmp, "session.wav")
	wav, err := os.Create(wavPath)
	if err != nil {
		return err
	}
	bar := newProgress(env.Stderr, "rendering", r.Samples())
	err = r.WriteWAV(ctxWriterAt{ctx, wav}, runtime.NumCPU(), bar.set)
	bar.done()
	if cerr := wav.Close(); err == nil {
		err = cerr
	}
	var clipErr *render.ClipError
	switch {
	case ctx.Err() != nil:
		return interrupted(err)
	case errors.As(err, &clipErr):
		return err
	case err != nil:
		return fmt.Errorf("rendering: %w", unwrapPath(err))
	}
	if compact {
		c, cancel := context.WithTimeout(ctx, 10*time.Minute)
		defer cancel()
		out, err := exec.CommandContext(c, "lame", "--quiet", "--preset", "cbr", "128", wavPath, filepath.Join(tmp, audio)).CombinedOutput()
		if err != nil {
			return interrupted(fmt.Errorf("lame could not make the MP3: %v %s", err, strings.TrimSpace(string(out))))
		}
		os.Remove(wavPath)
	} else {
		audio = "session.wav"
		if err := toMono(wavPath); err != nil {
			return fmt.Errorf("writing the audio: %w", err)
		}
	}

	cues := captions.FromSchedule(l.schedule)
	var vtt bytes.Buffer
	if err := captions.Write(&vtt, captions.VTT, cues); err != nil {
		return err
	}
	script, err := fs.ReadFile(l.entry.FS, l.entry.File)
	if err != nil {
		return err
	}
	script = stripBOM(script)
	// The script's own files go with it (included parts, audio files),
	// where it names them; what was given with --set is written at its
	// top, so that the script plays as the audio sounds.
	if err := copyFiles(l, tmp); err != nil {
		return err
	}
	if sets := setsLine(l); sets != "" {
		script = append([]byte("# Exported with "+sets+": play it with the same to hear it as the audio does.\n"), script...)
	}
	page, err := handoutHTML(l, cues, audio)
	if err != nil {
		return err
	}
	for name, b := range map[string][]byte{"session.vtt": vtt.Bytes(), "session.yaml": script, "index.html": page, handoutMark: []byte(handoutMarkText)} {
		if err := writeSynced(filepath.Join(tmp, name), b); err != nil {
			return err
		}
	}
	if err := safefile.Sync(filepath.Join(tmp, audio)); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return interrupted(nil)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := replaceDir(tmp, dest); err != nil {
		return fmt.Errorf("putting %s in place: %w", dest, unwrapPath(err))
	}
	fmt.Fprintf(env.Stdout, "wrote %s: index.html, %s, session.vtt, session.yaml (%s)\n", o.Output, audio,
		lasts(l.schedule))
	if !compact {
		fmt.Fprintln(env.Stderr, "exhale: hint: lame is not installed, so the audio is a WAV (about 2.6 MB a minute); `sudo apt-get install lame` and export again for an MP3 under 1 MB a minute")
	}
	return nil
}

// lasts says how long the session is: "the session lasts 6m8s".
func lasts(s *timeline.Schedule) string {
	return "the session lasts " + script.FormatDuration(s.Duration(s.Samples).Round(time.Second))
}

// stripBOM drops a UTF-8 byte-order mark.
func stripBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\ufeff")) }

// setsLine is the --set values as a command line would give them.
func setsLine(l *loaded) string {
	var parts []string
	for _, v := range l.session.Vars {
		if v.Source == "--set" {
			parts = append(parts, "--set "+v.Name+"="+strings.ReplaceAll(v.Value, "\n", " "))
		}
	}
	return strings.Join(parts, " ")
}

// copyFiles copies the files a session names (included scripts and audio
// files) from its folder into dir, at the same places.
func copyFiles(l *loaded, dir string) error {
	seen := map[string]bool{}
	paths := append([]string(nil), l.session.Includes...)
	for _, m := range l.session.Media {
		paths = append(paths, m.Path)
	}
	base := path.Dir(l.entry.File)
	for _, p := range paths {
		if seen[p] {
			continue
		}
		seen[p] = true
		b, err := fs.ReadFile(l.entry.FS, p)
		if err != nil {
			return fmt.Errorf("copying %s: %w", p, unwrapPath(err))
		}
		rel := strings.TrimPrefix(p, base+"/")
		if base == "." {
			rel = p
		}
		dst := filepath.Join(dir, filepath.FromSlash(rel))
		if !strings.HasPrefix(dst, dir+string(filepath.Separator)) || handoutFiles[rel] {
			continue // (paths stay inside the script's folder; never over the hand-out's own files)
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := writeSynced(dst, b); err != nil {
			return err
		}
	}
	return nil
}

// handoutMark marks a folder exhale export wrote (which --force may
// replace whole, with the files it copied beside the script).
const (
	handoutMark     = ".exhale-handout"
	handoutMarkText = "written by exhale export: exhale export --force replaces this folder\n"
)

// handoutFiles are the files a hand-out folder holds.
var handoutFiles = map[string]bool{"index.html": true, "session.mp3": true, "session.wav": true, "session.vtt": true, "session.yaml": true}

// replaceable reports whether --force may replace the folder dest: it
// must hold a hand-out's files and nothing else, and must not be the
// folder exhale runs in or one above it.
func replaceable(dest string) error {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(dest, wd); err == nil && !strings.HasPrefix(rel, "..") {
			return fmt.Errorf("%s is the folder exhale runs in, or holds it: it will not be replaced", dest)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dest, handoutMark)); err == nil && string(b) == handoutMarkText {
		return nil // exhale wrote it
	}
	ents, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if !handoutFiles[e.Name()] || !e.Type().IsRegular() {
			return fmt.Errorf("%s holds %s, which is not part of a hand-out: it will not be replaced", dest, e.Name())
		}
	}
	return nil
}

// ctxWriterAt fails its writes once ctx is done, which stops a render.
type ctxWriterAt struct {
	ctx context.Context
	w   io.WriterAt
}

func (c ctxWriterAt) WriteAt(p []byte, off int64) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.WriteAt(p, off)
}

func writeSynced(path string, b []byte) error {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	return safefile.Sync(path)
}

// replaceDir puts the folder tmp at dest, replacing what is there.
func replaceDir(tmp, dest string) error {
	if _, err := os.Stat(dest); err != nil {
		return os.Rename(tmp, dest)
	}
	old := tmp + ".old"
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Rename(old, dest)
		return err
	}
	return os.RemoveAll(old)
}

// toMono rewrites a 16-bit stereo WAV as mono, in place (through a
// temporary file beside it).
func toMono(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if len(b) < 44 {
		return errors.New("the rendered WAV is too short")
	}
	rate := binary.LittleEndian.Uint32(b[24:])
	pcm := b[44:]
	frames := len(pcm) / 4
	out := make([]byte, 44+2*frames)
	copy(out, b[:44])
	binary.LittleEndian.PutUint32(out[4:], uint32(36+2*frames))
	binary.LittleEndian.PutUint16(out[22:], 1)      // channels
	binary.LittleEndian.PutUint32(out[28:], rate*2) // bytes a second
	binary.LittleEndian.PutUint16(out[32:], 2)      // bytes a frame
	binary.LittleEndian.PutUint32(out[40:], uint32(2*frames))
	for i := 0; i < frames; i++ {
		l := int32(int16(binary.LittleEndian.Uint16(pcm[4*i:])))
		r := int32(int16(binary.LittleEndian.Uint16(pcm[4*i+2:])))
		binary.LittleEndian.PutUint16(out[44+2*i:], uint16(int16((l+r)/2)))
	}
	return os.WriteFile(path, out, 0o644)
}

// handoutHTML makes the page: the session's captions and breathing phases
// are in it as JSON (a page opened from a file may not load the captions
// file), and nothing is loaded from anywhere else.
func handoutHTML(l *loaded, cues []captions.Cue, audio string) ([]byte, error) {
	type span struct {
		Start float64 `json:"start"`
		End   float64 `json:"end"`
		Text  string  `json:"text,omitempty"`
		Kind  string  `json:"kind,omitempty"`
	}
	data := struct {
		Duration float64 `json:"duration"`
		Captions []span  `json:"captions"`
		Phases   []span  `json:"phases"`
	}{Duration: l.schedule.Duration(l.schedule.Samples).Seconds(), Captions: []span{}, Phases: []span{}}
	for _, c := range cues {
		data.Captions = append(data.Captions, span{Start: c.Start.Seconds(), End: c.End.Seconds(), Text: c.Text})
	}
	sched := l.schedule
	for _, e := range sched.Events {
		switch e.Kind {
		case timeline.Inhale, timeline.Hold, timeline.Exhale, timeline.Rest:
			data.Phases = append(data.Phases, span{Start: sched.Duration(e.Start).Seconds(), End: sched.Duration(e.End).Seconds(), Kind: string(e.Kind)})
		}
	}
	js, err := json.Marshal(data) // escapes <, > and &: safe inside <script>
	if err != nil {
		return nil, err
	}
	lang := strings.ReplaceAll(l.session.Language, "_", "-")
	if !langRe.MatchString(lang) {
		lang = "en"
	}
	var b bytes.Buffer
	err = handoutTemplate.Execute(&b, map[string]string{
		"Lang": lang, "Title": html.EscapeString(l.session.Title), "Audio": audio, "Data": string(js),
	})
	return b.Bytes(), err
}
