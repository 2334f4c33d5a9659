package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/catalog"
	"github.com/exhale-audio/exhale/internal/script"
)

// quickOptions are the flags breathe and timer share: where the session
// goes (played, rendered or printed) and its background.
type quickOptions struct {
	play       playOptions
	Output     string
	Print      bool
	Background string
}

func (o *quickOptions) AddFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&o.Output, "output", "o", "", "write the session to this WAV file instead of playing it")
	f.BoolVar(&o.Print, "print", false, "print the session as a YAML script (to save and edit) instead of playing it")
	f.StringVar(&o.Background, "background", "none", "background sound: brown-noise, pink-noise, ocean, binaural or none")
	f.StringVar(&o.play.Volume, "volume", "", "master level in dB, e.g. -6dB (at most +6dB); default: the config's, or 0dB")
	f.BoolVar(&o.play.Plain, "plain", false, "print one line per cue instead of the full-screen view")
	f.BoolVar(&o.play.Yes, "yes", false, "in plain mode, start at once after a notice")
	o.play.addJournalFlags(cmd)
	o.play.Pace, o.play.Rate = 1, 48000
}

// run plays, renders or prints the script yaml, made by command.
func (o *quickOptions) run(cmd *cobra.Command, env *Env, name, yaml string) error {
	if o.Print {
		_, err := io.WriteString(env.Stdout, yaml)
		return err
	}
	o.play.askTensionSet = cmd.Flags().Changed("ask-tension")
	if cmd.Flags().Changed("background") {
		o.play.Background = o.Background // a flag comes before the config
	}
	entry := catalog.NewGenerated(name, []byte(yaml))
	if o.Output != "" {
		ro := renderOptions{Output: o.Output}
		ro.soundOptions = o.play.soundOptions
		ro.timingOptions = o.play.timingOptions
		ro.entry = &entry
		return runRender(env, entry.Display, &ro)
	}
	o.play.entry = &entry
	return runPlay(cmd.Context(), env, entry.Display, &o.play)
}

// flagsLine writes the flags that are set, in name order, as " --name
// value" (skipping flag skip when it holds its default def).
func flagsLine(flags map[string]string, skip, def string) string {
	names := make([]string, 0, len(flags))
	for n, v := range flags {
		if v != "" && !(n == skip && v == def) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, " --%s %s", n, flags[n])
	}
	return b.String()
}

// yamlString quotes s for a YAML script.
func yamlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

type breatheOptions struct {
	quickOptions
	For    string
	Cycles int
	To     string
	Count  int
}

func newBreatheCommand(env *Env) *cobra.Command {
	var o breatheOptions
	cmd := &cobra.Command{
		Use:   "breathe PATTERN",
		Short: "Breathe with a pattern for a while: a session made on the spot",
		Long: `Breathe plays a breathing session made on the spot: a bell, the breath
guide for PATTERN (a preset such as box, 4-7-8, coherent, relax or sigh, or
seconds such as 4-6 or 4-7-8-0), then a bell. The soft breath sound swells as
you breathe in and ebbs as you breathe out, and the phase words are spoken
for the first cycles. A pattern with a hold shows a short notice first.

It is an ordinary session inside: -o writes it to a WAV file instead, and
--print writes its YAML script, to save and change.`,
		Example: `  exhale breathe coherent --for 5m
  exhale breathe 4-4 --to 4-8 --cycles 30
  exhale breathe box --for 3m --print > my-box.yaml`,
		Args: exactArgs(1, "a breathing pattern: a preset (box, 4-7-8, coherent, relax, sigh) or seconds like 4-6"),
		RunE: func(cmd *cobra.Command, args []string) error {
			yaml, err := breatheScript(args[0], &o)
			if err != nil {
				return err
			}
			return o.run(cmd, env, "breathe", yaml)
		},
	}
	o.quickOptions.AddFlags(cmd)
	cmd.Flags().StringVar(&o.For, "for", "", "breathe for this long, in whole cycles (e.g. 5m); the default is 5m")
	cmd.Flags().IntVar(&o.Cycles, "cycles", 0, "breathe this many cycles")
	cmd.Flags().StringVar(&o.To, "to", "", "move slowly to this pattern across the cycles (e.g. 4-8)")
	cmd.Flags().IntVar(&o.Count, "count", 3, "speak the phase words for this many cycles first (0: never)")
	cmd.MarkFlagsMutuallyExclusive("for", "cycles")
	return cmd
}

// breatheScript writes the session `exhale breathe` plays.
func breatheScript(pattern string, o *breatheOptions) (string, error) {
	phases, err := script.ParsePattern(pattern)
	if err != nil {
		return "", usageError("%v", err)
	}
	if o.To != "" {
		if _, err := script.ParsePattern(o.To); err != nil {
			return "", usageError("--to: %v", err)
		}
	}
	length := ""
	switch {
	case o.Cycles != 0:
		if o.Cycles < 1 || o.Cycles > 1000 {
			return "", usageError("--cycles %d is out of range: use 1 to 1000", o.Cycles)
		}
		length = fmt.Sprintf("cycles: %d", o.Cycles)
	default:
		d := 5 * time.Minute
		if o.For != "" {
			if d, err = script.ParseDuration(o.For); err != nil || d <= 0 {
				return "", usageError("--for %q: give a length like 5m or 90s", o.For)
			}
		}
		length = "for: " + script.FormatDuration(d)
	}
	if o.Count < 0 || o.Count > 1000 {
		return "", usageError("--count %d is out of range: use 0 to 1000", o.Count)
	}
	if _, err := script.BackgroundSound(o.Background); err != nil {
		return "", usageError("--background: %v", err)
	}
	holds := false
	for _, p := range phases {
		if (p.Phase == script.Hold || p.Phase == script.Rest) && p.Length > 0 {
			holds = true
		}
	}
	cmdline := "exhale breathe " + pattern + flagsLine(map[string]string{"for": o.For, "to": o.To, "background": o.Background}, "background", "none")
	if o.Cycles != 0 {
		cmdline += fmt.Sprintf(" --cycles %d", o.Cycles)
	}
	if o.Count != 3 {
		cmdline += fmt.Sprintf(" --count %d", o.Count)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Made by `%s`: edit it and play it with `exhale play FILE`.\n", cmdline)
	fmt.Fprintf(&b, "version: 1\ntitle: %s\n", yamlString("Breathing "+pattern))
	if holds {
		b.WriteString("notice: >-\n  This practice holds the breath for a few seconds at a time. If you are\n" +
			"  pregnant, have a heart or lung condition, or feel dizzy or short of breath,\n" +
			"  breathe without the holds. You can stop at any time.\n")
	}
	fmt.Fprintf(&b, "background: %s\nbell: bowl\nsteps:\n  - bell: {}\n", o.Background)
	fmt.Fprintf(&b, "  - breathe:\n      pattern: %s\n      %s\n", yamlString(pattern), length)
	if o.To != "" {
		fmt.Fprintf(&b, "      to: %s\n", yamlString(o.To))
	}
	fmt.Fprintf(&b, "      count: %d\n      tone: true\n  - bell: {}\n", o.Count)
	return b.String(), nil
}

type timerOptions struct {
	quickOptions
	Every string
	Bells string
}

func newTimerCommand(env *Env) *cobra.Command {
	var o timerOptions
	cmd := &cobra.Command{
		Use:   "timer LENGTH",
		Short: "A silent sitting timer with bells",
		Long: `Timer plays a silent session of LENGTH (e.g. 20m): one strike of the bell at
the start, one at each interval (--every) or at each time you list
(--bells), and three strikes at the end. Bells ring at exactly those times.

It is an ordinary session inside: -o writes it to a WAV file instead, and
--print writes its YAML script, to save and change.`,
		Example: `  exhale timer 20m
  exhale timer 30m --every 10m --background ocean
  exhale timer 45m --bells 15m,40m`,
		Args: exactArgs(1, "how long to sit, like 20m"),
		RunE: func(cmd *cobra.Command, args []string) error {
			yaml, err := timerScript(args[0], &o)
			if err != nil {
				return err
			}
			return o.run(cmd, env, "timer", yaml)
		},
	}
	o.quickOptions.AddFlags(cmd)
	cmd.Flags().StringVar(&o.Every, "every", "", "also ring once at every interval of this length (e.g. 5m)")
	cmd.Flags().StringVar(&o.Bells, "bells", "", "also ring once at these times, separated by commas (e.g. 10m,25m)")
	cmd.MarkFlagsMutuallyExclusive("every", "bells")
	return cmd
}

// minTimer is the shortest timer: the end bell must not follow the start
// bell too closely.
const minTimer = 10 * time.Second

// timerScript writes the session `exhale timer` plays.
func timerScript(length string, o *timerOptions) (string, error) {
	total, err := script.ParseDuration(length)
	if err != nil || total < minTimer {
		return "", usageError("timer length %q: give a length of at least %s, like 20m", length, script.FormatDuration(minTimer))
	}
	if total > 24*time.Hour {
		return "", usageError("timer length %s: at most 24h", script.FormatDuration(total))
	}
	var bells []time.Duration
	switch {
	case o.Every != "":
		every, err := script.ParseDuration(o.Every)
		if err != nil || every < minTimer {
			return "", usageError("--every %q: give an interval of at least %s, like 5m", o.Every, script.FormatDuration(minTimer))
		}
		for at := every; at < total; at += every {
			bells = append(bells, at)
		}
	case o.Bells != "":
		prev := time.Duration(0)
		for _, f := range strings.Split(o.Bells, ",") {
			at, err := script.ParseDuration(strings.TrimSpace(f))
			if err != nil {
				return "", usageError("--bells %q: %q is not a time like 10m", o.Bells, f)
			}
			switch {
			case at == 0:
				continue // the start bell rings anyway
			case at >= total:
				return "", usageError("--bells: %s is not before the end (%s): the end bell rings then anyway", script.FormatDuration(at), script.FormatDuration(total))
			case at <= prev:
				return "", usageError("--bells: list the times in order, each after the one before")
			}
			bells = append(bells, at)
			prev = at
		}
	}
	if _, err := script.BackgroundSound(o.Background); err != nil {
		return "", usageError("--background: %v", err)
	}
	var b strings.Builder
	cmdline := "exhale timer " + length + flagsLine(map[string]string{"every": o.Every, "bells": o.Bells, "background": o.Background}, "background", "none")
	fmt.Fprintf(&b, "# Made by `%s`: edit it and play it with `exhale play FILE`.\n", cmdline)
	fmt.Fprintf(&b, "version: 1\ntitle: %s\n", yamlString("Timer "+script.FormatDuration(total)))
	fmt.Fprintf(&b, "background: %s\nbell: bowl\nsteps:\n  - bell: {strikes: 1, overlap: true}\n", o.Background)
	for _, at := range bells {
		fmt.Fprintf(&b, "  - at: %s\n    bell: {strikes: 1, overlap: true}\n", script.FormatDuration(at))
	}
	fmt.Fprintf(&b, "  - at: %s\n    bell: {strikes: 3}\n", script.FormatDuration(total))
	return b.String(), nil
}
