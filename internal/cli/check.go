package cli

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/media"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

type checkOptions struct {
	Set    []string
	Strict bool
}

// The pacing limits every bundled session keeps; --strict holds any script
// to them.
const (
	maxDensity     = 45.0 // spoken words a minute of session
	minSilentShare = 0.55 // of the session's length free of speech
)

func newCheckCommand(env *Env) *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:   "check FILE...",
		Short: "Validate session scripts and report their pacing",
		Long: `Check reads each script with its includes, decodes every audio file it names,
and compiles its timeline. Every problem of a file is reported together, as
FILE:LINE:COLUMN: message, with the line and a caret. For a valid file it
prints its pacing: its length, its spoken lines and words, its speech
density (spoken words a minute of session), the share of it free of
speech, the longest stretch without any cue, and its densest minute.
Spoken lines are measured by their words at the voice's rate (check makes
no speech).

With --strict, the limits every bundled session keeps are errors: at most
45 spoken words a minute, and at least 55% of the session free of speech.

Check exits 2 if any file has a problem, 0 otherwise. A FILE may also be the
name of one of your sessions or a bundled one.`,
		Args: minArgs(1, "one or more script files"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(env, args, &o)
		},
	}
	cmd.Flags().StringArrayVar(&o.Set, "set", nil, "set a template value, KEY=VALUE (repeatable)")
	cmd.Flags().BoolVar(&o.Strict, "strict", false, "treat pacing beyond the bundled sessions' limits as an error")
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
		if err := checkOne(env, arg, set, o.Strict); err != nil {
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

func checkOne(env *Env, arg string, set map[string]string, strict bool) error {
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
	var problems []string
	if strict && p.density > maxDensity {
		problems = append(problems, fmt.Sprintf("%.1f spoken words a minute is more than %g", p.density, maxDensity))
	}
	if strict && p.silent < minSilentShare {
		problems = append(problems, fmt.Sprintf("%.0f%% of it free of speech is less than %.0f%%", p.silent*100, minSilentShare*100))
	}
	status := "ok"
	if len(problems) > 0 {
		status = "too dense"
	}
	fmt.Fprintf(env.Stdout, "%s: %s: %s, %d spoken %s, %d %s, %.1f words a minute%s\n",
		entry.Display, status, script.FormatDuration(l.schedule.Duration(l.schedule.Samples).Round(1e8)),
		p.lines, plural(p.lines, "line", "lines"), p.words, plural(p.words, "word", "words"), p.density, est)
	sched := l.schedule
	fmt.Fprintf(env.Stdout, "  %.0f%% without speech, longest stretch without a cue %s, densest minute %d %s (from %s)\n",
		p.silent*100, script.FormatDuration(sched.Duration(p.longestQuiet).Round(1e8)), p.densestWords,
		plural(p.densestWords, "word", "words"), clockMS(sched.Duration(p.densestAt)))
	if len(problems) > 0 {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("%s: pacing (--strict): %s", entry.Display, strings.Join(problems, "; ")),
			Hint: "give the lines more room (longer pauses, `--pace`) or say less"}
	}
	return nil
}

// pace is a session's pacing.
type pace struct {
	lines, words int
	density      float64 // words per minute of session
	silent       float64 // share of the session with no speech
	longestQuiet int64   // samples: the longest stretch with no cue sounding or starting
	densestWords int     // the most words spoken in any one minute
	densestAt    int64   // where that minute starts
}

func pacing(s *timeline.Schedule) pace {
	var p pace
	type span struct {
		start, end int64
		words      int
	}
	var speech, cues []span
	for _, e := range s.Events {
		switch e.Kind {
		case timeline.Say:
			w := media.Words(e.Text)
			p.lines++
			p.words += w
			speech = append(speech, span{e.Start, e.End, w})
			cues = append(cues, span{e.Start, e.End, 0})
		case timeline.Bell, timeline.Play, timeline.Breathe:
			cues = append(cues, span{e.Start, e.End, 0})
		}
	}
	if s.Samples <= 0 {
		return p
	}
	minutes := float64(s.Samples) / float64(s.Rate) / 60
	p.density = float64(p.words) / minutes

	// Speech time, counting overlapping lines once.
	sort.Slice(speech, func(i, j int) bool { return speech[i].start < speech[j].start })
	var spoken, reach int64
	for _, sp := range speech {
		start := max(sp.start, reach)
		if sp.end > start {
			spoken += sp.end - start
		}
		reach = max(reach, sp.end)
	}
	p.silent = 1 - float64(spoken)/float64(s.Samples)

	// The longest stretch in which no cue sounds.
	sort.Slice(cues, func(i, j int) bool { return cues[i].start < cues[j].start })
	reach = 0
	for _, c := range cues {
		p.longestQuiet = max(p.longestQuiet, c.start-reach)
		reach = max(reach, c.end)
	}
	p.longestQuiet = max(p.longestQuiet, s.Samples-reach)

	// The densest minute: each line's words spread over its length, a
	// minute's window moved a second at a time.
	sec := int64(s.Rate)
	window := 60 * sec
	for at := int64(0); at == 0 || at+window <= s.Samples; at += sec {
		w := 0.0
		for _, sp := range speech {
			lo, hi := max(sp.start, at), min(sp.end, at+window)
			if hi > lo && sp.end > sp.start {
				w += float64(sp.words) * float64(hi-lo) / float64(sp.end-sp.start)
			}
		}
		if n := int(math.Round(w)); n > p.densestWords {
			p.densestWords, p.densestAt = n, at
		}
	}
	return p
}

// clockMS writes d as m:ss.
func clockMS(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
