package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/timeline"
	"github.com/exhale-audio/exhale/sessions"
)

// NewRootCommand builds the exhale command and its subcommands.
func NewRootCommand(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "exhale",
		Short: "A calm, slow guided relaxation player",
		Long: `exhale plays slow-paced body-awareness and breathing guidance, with timed
spoken and visual cues, from YAML session scripts. It works offline and keeps
everything on your own machine.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          noArgs,
		Version:       env.Version,
		RunE: func(cmd *cobra.Command, args []string) error {
			var o playOptions
			o.Pace, o.Rate = 1, timeline.DefaultRate
			return runPlay(cmd.Context(), env, sessions.Default, &o)
		},
	}
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetIn(env.Stdin)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError("%v", err)
	})
	root.SetVersionTemplate("exhale {{.Version}}\n")
	root.AddCommand(
		newCheckCommand(env),
		newListCommand(env),
		newShowCommand(env),
		newRenderCommand(env),
		newExportCommand(env),
		newPlayCommand(env),
		newBreatheCommand(env),
		newTimerCommand(env),
		newJournalCommand(env),
		newRemindCommand(env),
		newNewCommand(env),
		newSchemaCommand(env),
		newConfigCommand(env),
		newClipsCommand(env),
		newVoicesCommand(env),
		newCacheCommand(env),
		newVersionCommand(env),
	)
	return root
}

// Execute runs exhale with args, reports any error to the user by the
// rules of messages.go, and returns it for the caller to turn into an exit
// code.
func Execute(ctx context.Context, args []string, env *Env) error {
	root := NewRootCommand(env)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return nil
	}
	var ee *ExitError
	if !errors.As(err, &ee) && isCobraUsage(err) {
		err = &ExitError{Code: ExitUsage, Err: err, Help: true}
	}
	report(env.Stderr, err)
	if errors.As(err, &ee) && ee.Help && !ee.Shown && cmd != nil {
		fmt.Fprintf(env.Stderr, "exhale: hint: see `%s --help`\n", cmd.CommandPath())
	}
	return err
}

// isCobraUsage recognises the errors cobra makes before a command runs.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown command", "unknown flag", "unknown shorthand", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "required flag", "if any flags in the group"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError("unknown command %q for %q", args[0], cmd.CommandPath())
	}
	return nil
}

func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError("%s takes %s", cmd.CommandPath(), what)
		}
		return nil
	}
}

func minArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError("%s takes %s", cmd.CommandPath(), what)
		}
		return nil
	}
}

func newVersionCommand(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print exhale's version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(env.Stdout, "exhale %s\n", env.Version)
			return err
		},
	}
}
