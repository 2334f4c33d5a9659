package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/captions"
	"github.com/exhale-audio/exhale/internal/config"
	"github.com/exhale-audio/exhale/internal/render"
	"github.com/exhale-audio/exhale/internal/safefile"
	"github.com/exhale-audio/exhale/internal/script"
)

// soundOptions are the flags that shape the sound, shared by the commands
// that make some.
type soundOptions struct {
	Volume string
}

// AddFlags registers --volume, and --background into timing (which applies
// it when the session is compiled).
func (o *soundOptions) AddFlags(cmd *cobra.Command, timing *timingOptions) {
	cmd.Flags().StringVar(&o.Volume, "volume", "", "master level in dB, e.g. -6dB (at most +6dB); default: the config's, or 0dB")
	cmd.Flags().StringVar(&timing.Background, "background", "", "background sound instead of the script's: brown-noise, pink-noise, ocean, binaural or none")
}

// volumeDB is the master level: --volume, else the config's, else 0 dB.
func (o *soundOptions) volumeDB(cfg config.Config) (float64, error) {
	if o.Volume == "" {
		if cfg.Volume == "" {
			return 0, nil
		}
		return script.ParseLevel(cfg.Volume) // checked when the config was read
	}
	v, err := script.ParseLevel(o.Volume)
	if err != nil {
		return 0, usageError("--volume: %v", err)
	}
	return v, nil
}

type renderOptions struct {
	timingOptions
	soundOptions
	Output   string
	Captions string
	Cues     string
}

func newRenderCommand(env *Env) *cobra.Command {
	var o renderOptions
	cmd := &cobra.Command{
		Use:   "render SESSION -o out.wav",
		Short: "Write a whole session to a WAV file, with captions and a cue sheet",
		Long: `Render mixes a whole session (voice, breathing guide, bells, clips and
background) into a 16-bit stereo WAV file, exactly as long as its cue sheet.
With --captions it also writes the captions (WebVTT or SubRip, by the file's
extension) and with --cues the cue sheet as JSON.

Every file is written to a temporary file beside it and renamed into place
when complete: a failure never leaves a half-written file.`,
		Args: exactArgs(1, "one session: a name or a path to a .yaml file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRender(env, args[0], &o)
		},
	}
	o.timingOptions.AddFlags(cmd.Flags())
	o.soundOptions.AddFlags(cmd, &o.timingOptions)
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "the WAV file to write (required)")
	cmd.Flags().StringVar(&o.Captions, "captions", "", "also write captions to this .vtt or .srt file")
	cmd.Flags().StringVar(&o.Cues, "cues", "", "also write the cue sheet to this .json file")
	cmd.MarkFlagsMutuallyExclusive("length", "pace")
	return cmd
}

func runRender(env *Env, arg string, o *renderOptions) error {
	if o.Output == "" {
		return usageError("render needs -o FILE.wav, the file to write")
	}
	if !strings.EqualFold(filepath.Ext(o.Output), ".wav") {
		return usageError("-o %s: render writes WAV files: end the name in .wav", o.Output)
	}
	var capFormat captions.Format
	if o.Captions != "" {
		f, err := captions.FormatOf(o.Captions)
		if err != nil {
			return usageError("--captions %v", err)
		}
		capFormat = f
	}
	l, err := load(env, arg, &o.timingOptions)
	if err != nil {
		return err
	}
	defer l.close()
	vol, err := o.volumeDB(l.cfg)
	if err != nil {
		return err
	}
	if err := checkSets(env, l.session, o.Strict); err != nil {
		return err
	}
	r, err := render.New(l.schedule, l.entry.FS, l.renderOptions(vol))
	if err != nil {
		return err
	}

	// Every output goes to a temporary file first; all are put in place
	// together at the end, or none is.
	var files []*safefile.File
	defer func() {
		for _, f := range files {
			f.Abort()
		}
	}()
	create := func(path string) (*safefile.File, error) {
		f, err := safefile.Create(path)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		return f, nil
	}
	wav, err := create(o.Output)
	if err != nil {
		return err
	}
	bar := newProgress(env.Stderr, "rendering", r.Samples())
	err = r.WriteWAV(wav.File, runtime.NumCPU(), bar.set)
	bar.done()
	var clipErr *render.ClipError
	switch {
	case errors.As(err, &clipErr):
		return err
	case err != nil:
		return fmt.Errorf("writing %s: %w", o.Output, unwrapPath(err))
	}
	if o.Captions != "" {
		f, err := create(o.Captions)
		if err != nil {
			return err
		}
		if err := captions.Write(f, capFormat, captions.FromSchedule(l.schedule)); err != nil {
			return fmt.Errorf("%s: %w", o.Captions, err)
		}
	}
	if o.Cues != "" {
		f, err := create(o.Cues)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		if err := enc.Encode(l.schedule.CueSheet()); err != nil {
			return fmt.Errorf("%s: %w", o.Cues, err)
		}
	}
	for _, f := range files {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	files = nil
	fmt.Fprintf(env.Stdout, "wrote %s: %s, %d frames at %d Hz\n", o.Output,
		script.FormatDuration(l.schedule.Duration(l.schedule.Samples).Round(time.Millisecond)), l.schedule.Samples, l.schedule.Rate)
	return nil
}

// unwrapPath drops the temporary file's name from an I/O error.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// progress draws a progress bar on a terminal, and nothing elsewhere.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	total int64
	shown int
	on    bool
}

func newProgress(w io.Writer, label string, total int64) *progress {
	p := &progress{w: w, label: label, total: max(total, 1), shown: -1}
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) set(done int64) {
	if !p.on {
		return
	}
	pct := int(done * 100 / p.total)
	p.mu.Lock()
	defer p.mu.Unlock()
	if pct == p.shown {
		return
	}
	p.shown = pct
	const width = 30
	fill := pct * width / 100
	fmt.Fprintf(p.w, "\r%s %3d%% %s%s", p.label, pct, strings.Repeat("█", fill), strings.Repeat("░", width-fill))
}

func (p *progress) done() {
	if p.on && p.shown >= 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", len(p.label)+40))
	}
}
