package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/voice"
)

type clipsOptions struct {
	Missing bool
	Set     []string
}

func newClipsCommand(env *Env) *cobra.Command {
	var o clipsOptions
	cmd := &cobra.Command{
		Use:   "clips SESSION",
		Short: "List the recordings a session's spoken lines can use, and which are missing",
		Long: `Clips lists every spoken line of a session with the file exhale looks for
in the script's voice.clips folder: the line's id, or "line-" and a short
hash of its text, ending in .wav, .flac or .mp3. Record the lines in any
recorder, save them under these names, and with the voice engine auto (the
default) each line plays its recording where there is one and speech
where there is not. A step's own clip: plays whatever the engine.`,
		Args: exactArgs(1, "one session: a name or a path to a .yaml file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runClips(env, args[0], &o)
		},
	}
	cmd.Flags().BoolVar(&o.Missing, "missing", false, "list only the lines with no recording yet")
	cmd.Flags().StringArrayVar(&o.Set, "set", nil, "set a template value, KEY=VALUE (repeatable): the text, and so its hash, may use it")
	return cmd
}

func runClips(env *Env, arg string, o *clipsOptions) error {
	set, err := (&timingOptions{Set: o.Set}).sets()
	if err != nil {
		return err
	}
	entry, err := env.catalog().Find(arg)
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	defer entry.Close()
	s, err := script.Parse(entry.FS, entry.File, script.Options{Display: entry.Display, Set: set})
	if err != nil {
		return scriptError(err)
	}
	lines := append(voice.Lines(s), voice.PhaseLines(s)...)
	folder := s.Voice.Clips
	w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	shown, recorded, total := 0, 0, 0
	seen := map[string]bool{}
	fmt.Fprintln(w, "LINE\tNAME\tFILE\tSTATE\tTEXT")
	for _, l := range lines {
		name, file, state := voice.ClipName(l), "", ""
		switch {
		case l.Clip != "":
			name, file, state = "(own clip)", l.Clip, "recorded"
		case folder == "":
			file, state = name+".wav", "missing"
		default:
			if found := voice.FindClip(entry.FS, folder, l); found != "" {
				file, state = found, "recorded"
			} else {
				file, state = path.Join(folder, name)+".wav", "missing"
			}
		}
		key := file
		if !seen[key] {
			seen[key] = true
			total++
			if state == "recorded" {
				recorded++
			}
		}
		if o.Missing && state != "missing" {
			continue
		}
		shown++
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", l.Pos.Line, name, file, state, shortLine(l.Text, 60))
	}
	if shown > 0 {
		w.Flush()
	}
	switch {
	case len(lines) == 0:
		fmt.Fprintf(env.Stdout, "%s has no spoken lines\n", entry.Display)
	case folder == "":
		fmt.Fprintf(env.Stdout, "\n%d lines; the script names no clips folder: add `clips: FOLDER` under `voice:` and save the recordings there\n", total)
	default:
		fmt.Fprintf(env.Stdout, "\n%d of %d lines recorded in %s/ (.wav, .flac or .mp3)\n", recorded, total, folder)
	}
	return nil
}

// shortLine puts text on one line of at most n characters.
func shortLine(text string, n int) string {
	text = oneLine(text)
	if r := []rune(text); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return text
}

func newVoicesCommand(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "voices",
		Short: "List the speech voices installed",
		Long: `Voices lists the voices of the speech engines installed, for
voice.speech.voice in a script: espeak-ng's languages (add a variant such as
+f3, the default's, for another character) and Festival's voices.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVoices(cmd.Context(), env)
		},
	}
}

func runVoices(ctx context.Context, env *Env) error {
	vs, err := voice.Voices(ctx)
	if errors.Is(err, voice.ErrNoEngine) {
		return &ExitError{Code: ExitFailure, Err: errors.New("no speech engine is installed"),
			Hint: "install espeak-ng with `sudo apt-get install espeak-ng` (and, for a smoother English voice, festival festvox-us-slt-hts)"}
	}
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ENGINE\tVOICE\tGENDER\tNAME")
	for _, v := range vs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", v.Engine, v.Name, v.Gender, v.Label)
	}
	w.Flush()
	fmt.Fprintln(env.Stdout, "\nespeak-ng voices take a variant after +, e.g. en-us+f3 (the default), en-gb+m3; `espeak-ng --voices=variant` lists them")
	return nil
}

func newCacheCommand(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Show the speech cache: where it is and how big",
		Long: `Cache shows the folder where synthesised speech is kept ($XDG_CACHE_HOME/exhale/speech),
how many lines it holds and its size. A line is made once and kept: a second
play of a session starts without making speech. "exhale cache clear" empties it.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := speechCache(env)
			if err != nil {
				return err
			}
			u, err := c.Usage()
			if err != nil {
				return fmt.Errorf("reading the speech cache %s: %w", c.Dir, unwrapPath(err))
			}
			fmt.Fprintf(env.Stdout, "speech cache: %s\n%s, %s\n", c.Dir, lineCount(u.Lines), byteSize(u.Bytes))
			sounds := filepath.Join(filepath.Dir(c.Dir), "sounds")
			if n := dirSize(sounds); n > 0 {
				fmt.Fprintf(env.Stdout, "synthesised bells and loops: %s, %s\n", sounds, byteSize(n))
			}
			return nil
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "clear",
		Short: "Empty the speech cache",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := speechCache(env)
			if err != nil {
				return err
			}
			u, err := c.Clear()
			if err != nil {
				return fmt.Errorf("clearing the speech cache %s: %w", c.Dir, unwrapPath(err))
			}
			// The synthesised bells and loops kept beside it go too.
			if err := os.RemoveAll(filepath.Join(filepath.Dir(c.Dir), "sounds")); err != nil {
				return fmt.Errorf("clearing %s: %w", filepath.Join(filepath.Dir(c.Dir), "sounds"), unwrapPath(err))
			}
			fmt.Fprintf(env.Stdout, "removed %s (%s) from %s\n", lineCount(u.Lines), byteSize(u.Bytes), c.Dir)
			return nil
		},
	})
	return cmd
}

func speechCache(env *Env) (*voice.Cache, error) {
	dir, err := voice.DefaultCacheDir(env.Getenv)
	if err != nil {
		return nil, &ExitError{Code: ExitFailure, Err: fmt.Errorf("no speech cache folder: %v", err), Hint: "set XDG_CACHE_HOME or HOME"}
	}
	return &voice.Cache{Dir: dir}, nil
}

func lineCount(n int) string {
	if n == 1 {
		return "1 line"
	}
	return fmt.Sprintf("%d lines", n)
}

// byteSize writes n bytes for people: "0 B", "512 B", "3.1 MB".
func byteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n)/unit, 0
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %cB", v, "kMGT"[i])
}

// dirSize is the bytes of the files under dir (0 if there is none).
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
