package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/media"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

type checkOptions struct {
	Set []string
}

func newCheckCommand(env *Env) *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:   "check FILE...",
		Short: "Validate session scripts and report their pacing",
		Long: `Check reads each script with its includes, decodes every audio file it names,
and compiles its timeline. Every problem of a file is reported together, as
FILE:LINE:COLUMN: message, with the line and a caret. For a valid file it
prints its length, its spoken lines and words, and its speech density.

Check exits 2 if any file has a problem, 0 otherwise. A FILE may also be the
name of one of your sessions or a bundled one.`,
		Args: minArgs(1, "one or more script files"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(env, args, &o)
		},
	}
	cmd.Flags().StringArrayVar(&o.Set, "set", nil, "set a template value, KEY=VALUE (repeatable)")
	return cmd
}

func runCheck(env *Env, args []string, o *checkOptions) error {
	t := timingOptions{Pace: 1, Rate: timeline.DefaultRate, Set: o.Set}
	set, err := t.sets()
	if err != nil {
		return err
	}
	failed := 0
	for _, arg := range args {
		if err := checkOne(env, arg, set); err != nil {
			failed++
			report(env.Stderr, err)
		}
	}
	if failed > 0 {
		noun := "script has"
		if len(args) > 1 {
			noun = fmt.Sprintf("of %d scripts have", len(args))
			if failed == 1 {
				noun = fmt.Sprintf("of %d scripts has", len(args))
			}
		}
		msg := fmt.Errorf("%d %s problems", failed, noun)
		fmt.Fprintf(env.Stderr, "exhale: error: %v\n", msg)
		return &ExitError{Code: ExitUsage, Err: msg, Shown: true}
	}
	return nil
}

func checkOne(env *Env, arg string, set map[string]string) error {
	entry, err := env.catalog().Find(arg)
	if err != nil {
		return err
	}
	defer entry.Close()
	l, err := compileEntry(entry, set, timeline.Options{}, true, nil, nil)
	if err != nil {
		var ee *ExitError
		if errors.As(err, &ee) {
			return ee.Err
		}
		return err
	}
	p := pacing(l.schedule)
	est := ""
	if l.schedule.Estimated {
		est = " (speech lengths estimated)"
	}
	fmt.Fprintf(env.Stdout, "%s: ok: %s, %d spoken %s, %d words, %.1f words a minute%s\n",
		entry.Display, script.FormatDuration(l.schedule.Duration(l.schedule.Samples).Round(1e8)),
		p.lines, plural(p.lines, "line", "lines"), p.words, p.density, est)
	return nil
}

// pace is a session's speech density.
type pace struct {
	lines, words int
	density      float64 // words per minute of session
}

func pacing(s *timeline.Schedule) pace {
	var p pace
	for _, e := range s.Events {
		if e.Kind == timeline.Say {
			p.lines++
			p.words += media.Words(e.Text)
		}
	}
	if s.Samples > 0 {
		p.density = float64(p.words) / (float64(s.Samples) / float64(s.Rate) / 60)
	}
	return p
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
