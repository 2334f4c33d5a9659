package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/remind"
	"github.com/exhale-audio/exhale/sessions"
)

type remindOptions struct {
	Days    string
	Session string
	List    bool
	Off     bool
	Systemd bool
	Cron    bool
}

func newRemindCommand(env *Env) *cobra.Command {
	var o remindOptions
	cmd := &cobra.Command{
		Use:   "remind [HH:MM]",
		Short: "A gentle reminder to practise: a desktop notification at a time of day",
		Long: `Remind sets a reminder: at the time given, on the days given, a desktop
notification (notify-send) invites you to practise, suggesting a session.
It never plays anything by itself.

Where systemd runs, the reminder is a systemd user timer and service in
$XDG_CONFIG_HOME/systemd/user (exhale-remind-HHMM), enabled at once;
elsewhere exhale prints the crontab line to add with crontab -e.`,
		Example: `  exhale remind 07:30 --days mon-fri
  exhale remind 21:00 --days daily --session sleep
  exhale remind --list
  exhale remind --off 07:30`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRemind(cmd.Context(), env, args, &o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Days, "days", "daily", "the days: daily, weekdays, weekends, mon-fri, mon,wed,fri …")
	f.StringVar(&o.Session, "session", sessions.Default, "the session the reminder suggests")
	f.BoolVar(&o.List, "list", false, "list the reminders set")
	f.BoolVar(&o.Off, "off", false, "remove the reminder at HH:MM, or all of them")
	f.BoolVar(&o.Systemd, "systemd", false, "write systemd user units, even where systemd does not seem to run")
	f.BoolVar(&o.Cron, "cron", false, "print a crontab line instead of using systemd")
	cmd.MarkFlagsMutuallyExclusive("list", "off")
	cmd.MarkFlagsMutuallyExclusive("systemd", "cron")
	return cmd
}

// unitDir is where systemd looks for the user's units.
func (e *Env) unitDir() (string, error) {
	if d := e.Getenv("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "systemd", "user"), nil
	}
	if home := e.Getenv("HOME"); home != "" {
		return filepath.Join(home, ".config", "systemd", "user"), nil
	}
	return "", errors.New("neither XDG_CONFIG_HOME nor HOME is set")
}

// systemdRuns reports whether systemd is the init system here.
func systemdRuns() bool {
	if _, err := os.Stat("/run/systemd/system"); err != nil {
		return false
	}
	_, err := exec.LookPath("systemctl")
	return err == nil
}

func runRemind(ctx context.Context, env *Env, args []string, o *remindOptions) error {
	dir, err := env.unitDir()
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: err}
	}
	switch {
	case o.List:
		if len(args) > 0 {
			return usageError("--list takes no time")
		}
		return listReminders(env, dir)
	case o.Off:
		return removeReminders(ctx, env, dir, args)
	case len(args) == 0:
		return usageError("give the time of the reminder, like `exhale remind 07:30`, or --list or --off")
	}
	r, err := remind.Parse(args[0], o.Days, o.Session)
	if err != nil {
		return usageError("%v", err)
	}
	if _, err := env.catalog().Find(r.Session); err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("--session: %w", err)}
	}
	useSystemd := o.Systemd || (!o.Cron && systemdRuns())
	if !useSystemd {
		fmt.Fprintf(env.Stdout, "%s\n", r.Crontab())
		fmt.Fprintln(env.Stderr, "exhale: hint: systemd is not running here: add the line above with `crontab -e` (it needs a desktop session for the notification)")
		return nil
	}
	for name, body := range map[string]string{r.Name() + ".timer": r.Timer(), r.Name() + ".service": r.Service()} {
		if err := writeUnit(filepath.Join(dir, name), body); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "reminder set: %s\n  %s\n  %s\n", r.Describe(), filepath.Join(dir, r.Name()+".timer"), filepath.Join(dir, r.Name()+".service"))
	if err := systemctl(ctx, "daemon-reload"); err == nil {
		err = systemctl(ctx, "enable", "--now", r.Name()+".timer")
		if err == nil {
			fmt.Fprintln(env.Stdout, "  enabled: it runs from now on")
			return nil
		}
	}
	fmt.Fprintf(env.Stderr, "exhale: hint: systemd could not be asked to start it here: run `systemctl --user daemon-reload && systemctl --user enable --now %s.timer` in your desktop session\n", r.Name())
	return nil
}

func writeUnit(path, body string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeFileAtomic(path, []byte(body))
}

func systemctl(ctx context.Context, args ...string) error {
	if _, err := exec.LookPath("systemctl"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, "systemctl", append([]string{"--user"}, args...)...).Run()
}

// reminders lists the reminder timers in dir, by time.
func reminders(dir string) ([]string, error) {
	m, err := filepath.Glob(filepath.Join(dir, "exhale-remind-*.timer"))
	sort.Strings(m)
	return m, err
}

func listReminders(env *Env, dir string) error {
	timers, err := reminders(dir)
	if err != nil {
		return err
	}
	if len(timers) == 0 {
		fmt.Fprintln(env.Stdout, "no reminders set (a crontab line, if you added one, is in `crontab -l`)")
		return nil
	}
	for _, t := range timers {
		b, err := os.ReadFile(t)
		if err != nil {
			return err
		}
		desc := filepath.Base(t)
		for _, line := range strings.Split(string(b), "\n") {
			if d, ok := strings.CutPrefix(line, "Description=exhale: a reminder to practise ("); ok {
				desc = strings.TrimSuffix(d, ")")
			}
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\n", strings.TrimSuffix(filepath.Base(t), ".timer"), desc)
	}
	return nil
}

func removeReminders(ctx context.Context, env *Env, dir string, args []string) error {
	timers, err := reminders(dir)
	if err != nil {
		return err
	}
	if len(args) == 1 {
		r, err := remind.Parse(args[0], "", sessions.Default)
		if err != nil {
			return usageError("%v", err)
		}
		want := filepath.Join(dir, r.Name()+".timer")
		timers = timers[:0:0]
		if _, err := os.Stat(want); err == nil {
			timers = append(timers, want)
		} else {
			return &ExitError{Code: ExitUsage, Err: fmt.Errorf("no reminder at %s", r.Clock()), Hint: "`exhale remind --list` shows the reminders set"}
		}
	}
	for _, t := range timers {
		name := strings.TrimSuffix(filepath.Base(t), ".timer")
		systemctl(ctx, "disable", "--now", name+".timer") // where systemd runs
		for _, f := range []string{t, filepath.Join(dir, name+".service")} {
			if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
				return fmt.Errorf("removing %s: %w", f, unwrapPath(err))
			}
		}
		fmt.Fprintf(env.Stdout, "removed %s\n", name)
	}
	if len(timers) == 0 {
		fmt.Fprintln(env.Stdout, "no reminders to remove (a crontab line, if you added one, is removed with `crontab -e`)")
	}
	return nil
}
