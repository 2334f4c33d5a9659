package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

type showOptions struct {
	timingOptions
	JSON bool
}

func (o *showOptions) AddFlags(cmd *cobra.Command) {
	o.timingOptions.AddFlags(cmd.Flags())
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the cue sheet as JSON")
	cmd.Flags().StringVar(&o.Background, "background", "", "background sound instead of the script's: brown-noise, pink-noise, ocean, binaural or none")
	cmd.MarkFlagsMutuallyExclusive("length", "pace")
}

func newShowCommand(env *Env) *cobra.Command {
	var o showOptions
	cmd := &cobra.Command{
		Use:   "show SESSION",
		Short: "Show a session's compiled timeline: each step's start, length, kind and caption",
		Long: `Show compiles a session and prints its timeline: each event's start, length,
kind and caption. With --json it prints the cue sheet, with every position as
an exact sample count at --rate.

SESSION is a path (it contains / or ends in .yaml), or the name of one of your
sessions or a bundled one.`,
		Args: exactArgs(1, "one session: a name or a path to a .yaml file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runShow(env, args[0], &o)
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runShow(env *Env, arg string, o *showOptions) error {
	l, err := load(env, arg, &o.timingOptions)
	if err != nil {
		return err
	}
	defer l.close()
	if err := checkSets(env, l.session, o.Strict); err != nil {
		return err
	}
	if o.JSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(l.schedule.CueSheet())
	}
	return writeTable(env.Stdout, l.session, l.schedule)
}

// checkSets tells about --set values the script has no use for: a
// warning (the value may be for a later edit), or with strict an error.
func checkSets(env *Env, s *script.Session, strict bool) error {
	for _, v := range s.Vars {
		if v.Declared || v.Used {
			continue // (a script may use a value given only with --set)
		}
		if strict {
			return &ExitError{Code: ExitUsage, Err: fmt.Errorf("--set %s: the script has no template value called %q", v.Name, v.Name),
				Hint: "check the name against the script's `vars`, or leave out --strict"}
		}
		warn(env.Stderr, "--set %s: the script has no template value called %q", v.Name, v.Name)
	}
	return nil
}

func writeTable(w io.Writer, s *script.Session, sched *timeline.Schedule) error {
	rate := sched.Rate
	fmt.Fprintf(w, "%s — %s (%d samples at %d Hz)\n", s.Title, script.FormatDuration(sched.Duration(sched.Samples).Round(1e6)), sched.Samples, rate)
	if sched.Estimated {
		fmt.Fprintf(w, "spoken lines: lengths are estimated from their words at %d words a minute (captions only: no speech)\n", s.Voice.Speech.Rate)
	}
	if len(s.Vars) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "values:")
		for _, v := range s.Vars {
			from := "from the script"
			switch {
			case v.Source == "--set" && v.Declared:
				from = "from --set (the script says " + strconv.Quote(v.Default) + ")"
			case v.Source == "--set" && v.Used:
				from = "from --set"
			case v.Source == "--set":
				from = "from --set (the script does not use it)"
			}
			fmt.Fprintf(tw, "  {{%s}}\t%s\t%s\n", v.Name, strconv.Quote(v.Value), from)
		}
		tw.Flush()
	}
	if bg := s.Background; !bg.Sound.IsNone() {
		name := bg.Sound.Name
		if name == "" {
			name = bg.Sound.Path
		}
		fmt.Fprintf(w, "background: %s at %gdB, %gdB lower under the voice\n", name, bg.Volume, bg.Duck)
	}
	if sched.Pace != 1 {
		fmt.Fprintf(w, "pace: every pause and gap × %g\n", sched.Pace)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "START\tLENGTH\tKIND\tID\tCAPTION")
	for _, e := range sched.Events {
		kind := string(e.Kind)
		if e.Parent >= 0 {
			kind = "  " + kind
		}
		caption := e.Caption
		switch e.Kind {
		case timeline.Breathe:
			if caption == "" {
				caption = fmt.Sprintf("(%s, %d cycles)", e.Pattern, e.CycleSize)
			}
		case timeline.Bell:
			if caption == "" {
				caption = fmt.Sprintf("(%s ×%d)", e.Sound, e.Strikes)
			}
		case timeline.Play:
			if caption == "" {
				caption = "(" + e.File + ")"
			}
		case timeline.Inhale, timeline.Hold, timeline.Exhale, timeline.Rest:
			if e.Counted {
				caption += " (spoken)"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", clock(e.Start, rate), seconds(e.End-e.Start, rate), kind, e.ID, oneLine(caption))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(sched.Closing) > 0 {
		fmt.Fprintf(w, "\nafter a gentle stop (closing, %s):\n", script.FormatDuration(sched.Duration(sched.ClosingSamples).Round(1e6)))
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, e := range sched.Closing {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", clock(e.Start, rate), seconds(e.End-e.Start, rate), e.Kind, e.ID, oneLine(e.Caption))
		}
		return tw.Flush()
	}
	return nil
}

func seconds(samples int64, rate int) string {
	return fmt.Sprintf("%.2fs", float64(samples)/float64(rate))
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
