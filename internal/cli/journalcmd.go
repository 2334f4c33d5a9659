package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/journal"
	"github.com/exhale-audio/exhale/internal/safefile"
)

// now is the clock of the journal commands (EXHALE_NOW, an RFC 3339 time,
// fixes it: for tests and for looking back).
func (e *Env) now() time.Time {
	if v := e.Getenv("EXHALE_NOW"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			if tz := e.Getenv("TZ"); tz != "" {
				if loc, err := time.LoadLocation(tz); err == nil {
					return t.In(loc)
				}
			}
			return t
		}
	}
	return time.Now()
}

// readJournal reads the journal, warning of damaged lines by number.
func readJournal(env *Env) ([]journal.Record, string, error) {
	path, err := journal.DefaultPath(env.Getenv)
	if err != nil {
		return nil, "", &ExitError{Code: ExitFailure, Err: fmt.Errorf("no journal: %v", err), Hint: "set XDG_DATA_HOME or HOME"}
	}
	recs, bad, err := journal.Journal{Path: path}.Read()
	if err != nil {
		return nil, path, fmt.Errorf("reading the journal %s: %w", path, unwrapPath(err))
	}
	for _, d := range bad {
		warn(env.Stderr, "%s:%d: a damaged record was skipped (the others are read)", path, d.Line)
	}
	return recs, path, nil
}

func newJournalCommand(env *Env) *cobra.Command {
	var last int
	cmd := &cobra.Command{
		Use:   "journal",
		Short: "Your practice: the sessions you played, how they ended, tension before and after",
		Long: `Journal lists the sessions you have played, most recent last: the date,
the session, the minutes heard, how it ended (completed, stopped gently, or
interrupted) and the tension you noticed before and after, if you rated it
(play --ask-tension, or ask_tension: true in the config).

The journal is $XDG_DATA_HOME/exhale/journal.jsonl, one line per session;
play --no-journal, or journal: false in the config, keeps a session out.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			recs, path, err := readJournal(env)
			if err != nil {
				return err
			}
			if len(recs) == 0 {
				fmt.Fprintf(env.Stdout, "no sessions yet: the journal (%s) fills as you play\n", path)
				return nil
			}
			if last > 0 && len(recs) > last {
				recs = recs[len(recs)-last:]
			}
			loc := env.now().Location()
			w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "DATE\tSESSION\tMIN\tOUTCOME\tTENSION")
			for _, r := range recs {
				fmt.Fprintf(w, "%s\t%s\t%.0f\t%s\t%s\n", r.Start.In(loc).Format("Mon 2 Jan 2006 15:04"), r.Session, r.Heard/60, r.Outcome, tension(r))
			}
			return w.Flush()
		},
	}
	cmd.Flags().IntVarP(&last, "last", "n", 20, "show the last N sessions (0: all)")
	cmd.AddCommand(newJournalStatsCommand(env), newJournalExportCommand(env))
	return cmd
}

func tension(r journal.Record) string {
	f := func(p *int) string {
		if p == nil {
			return "–"
		}
		return strconv.Itoa(*p)
	}
	if r.TensionBefore == nil && r.TensionAfter == nil {
		return ""
	}
	return f(r.TensionBefore) + " → " + f(r.TensionAfter)
}

func newJournalStatsCommand(env *Env) *cobra.Command {
	var weeks int
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Totals, streaks, the sessions practised most, tension change and a calendar",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if weeks < 1 || weeks > 52 {
				return usageError("--weeks %d is out of range: use 1 to 52", weeks)
			}
			recs, _, err := readJournal(env)
			if err != nil {
				return err
			}
			writeStats(env.Stdout, journal.Summarize(recs, env.now(), weeks))
			return nil
		},
	}
	cmd.Flags().IntVar(&weeks, "weeks", 8, "weeks in the calendar")
	return cmd
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

func writeStats(w io.Writer, s journal.Stats) {
	fmt.Fprintf(w, "this week   %s, %s\n", sessionsCount(s.WeekSessions), minutes(s.WeekMinutes))
	fmt.Fprintf(w, "all time    %s, %s\n", sessionsCount(s.Sessions), minutes(s.Minutes))
	fmt.Fprintf(w, "streak      %s now, %s at most\n", days(s.CurrentStreak), days(s.LongestStreak))
	if s.Rated > 0 {
		fmt.Fprintf(w, "tension     %+.1f on average, before to after (%s rated)\n", s.TensionChange, sessionsCount(s.Rated))
	}
	if len(s.BySession) > 0 {
		fmt.Fprintln(w, "\npractised most")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for i, c := range s.BySession {
			if i == 5 {
				break
			}
			t := ""
			if c.Rated > 0 {
				t = fmt.Sprintf("tension %+.1f", c.TensionChange)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%.0f min\t%s\n", c.Session, sessionsCount(c.Sessions), c.Minutes, t)
		}
		tw.Flush()
	}
	if len(s.Calendar) == 0 {
		return
	}
	fmt.Fprintf(w, "\nthe last %d weeks, from %s (░ under 10 min, ▒ under 20, ▓ under 30, █ 30 or more)\n", len(s.Calendar), s.CalendarStart.Format("Mon 2 Jan"))
	names := []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	for k := range 7 {
		var b strings.Builder
		b.WriteString("  " + names[k] + " ")
		for _, week := range s.Calendar {
			b.WriteString(shade(week[k]))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// shade is a calendar cell for a day's minutes (two columns wide).
func shade(min float64) string {
	switch {
	case min < 0:
		return "  "
	case min == 0:
		return "· "
	case min < 10:
		return "░░"
	case min < 20:
		return "▒▒"
	case min < 30:
		return "▓▓"
	}
	return "██"
}

// cell keeps a spreadsheet from reading text as a formula: text that
// starts with = + - @, a tab or a carriage return gets a ' in front.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func minutes(m float64) string {
	if n := math.Round(m); n == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%.0f minutes", m)
}

func sessionsCount(n int) string {
	if n == 1 {
		return "1 session"
	}
	return fmt.Sprintf("%d sessions", n)
}

type exportOptions struct {
	CSV, JSON bool
	Since     string
	Output    string
}

func newJournalExportCommand(env *Env) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export --csv|--json",
		Short: "Write the journal as CSV or JSON, to send to your therapist",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(env, &o)
		},
	}
	cmd.Flags().BoolVar(&o.CSV, "csv", false, "write CSV (a spreadsheet opens it)")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "write JSON")
	cmd.Flags().StringVar(&o.Since, "since", "", "only sessions from this date on (YYYY-MM-DD, your local time)")
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write to this file instead of standard output")
	cmd.MarkFlagsMutuallyExclusive("csv", "json")
	cmd.MarkFlagsOneRequired("csv", "json")
	return cmd
}

func runExport(env *Env, o *exportOptions) error {
	now := env.now()
	var since time.Time
	if o.Since != "" {
		d, err := time.ParseInLocation("2006-01-02", o.Since, now.Location())
		if err != nil {
			return usageError("--since %q: give a date like 2026-11-01", o.Since)
		}
		since = d
	}
	recs, _, err := readJournal(env)
	if err != nil {
		return err
	}
	var out []journal.Record
	for _, r := range recs {
		if !r.Start.Before(since) {
			out = append(out, r)
		}
	}
	write := func(w io.Writer) error {
		if o.JSON {
			if out == nil {
				out = []journal.Record{}
			}
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		cw := csv.NewWriter(w)
		cw.Write([]string{"start", "session", "title", "version", "minutes_heard", "completed_percent", "outcome", "tension_before", "tension_after", "note"})
		opt := func(p *int) string {
			if p == nil {
				return ""
			}
			return strconv.Itoa(*p)
		}
		for _, r := range out {
			cw.Write([]string{r.Start.Format(time.RFC3339), cell(r.Session), cell(r.Title), r.Version,
				strconv.FormatFloat(r.Heard/60, 'f', 1, 64), strconv.FormatFloat(r.Completed*100, 'f', 0, 64),
				string(r.Outcome), opt(r.TensionBefore), opt(r.TensionAfter), cell(r.Note)})
		}
		cw.Flush()
		return cw.Error()
	}
	if o.Output == "" {
		return write(env.Stdout)
	}
	f, err := safefile.CreateMode(o.Output, 0o600)
	if err != nil {
		return fmt.Errorf("writing %s: %w", o.Output, unwrapPath(err))
	}
	defer f.Abort()
	if err := write(f.File); err != nil {
		return fmt.Errorf("writing %s: %w", o.Output, unwrapPath(err))
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("writing %s: %w", o.Output, unwrapPath(err))
	}
	fmt.Fprintf(env.Stderr, "wrote %s: %s\n", o.Output, sessionsCount(len(out)))
	return nil
}
