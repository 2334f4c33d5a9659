package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

type listOptions struct {
	JSON bool
}

func newListCommand(env *Env) *cobra.Command {
	var o listOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your sessions and the bundled ones",
		Long: `List shows your own sessions (in $XDG_CONFIG_HOME/exhale/sessions) and the
bundled ones: name, title, length and tags. A session of yours with the same
name as a bundled one is the one played.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(env, &o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the list as JSON")
	return cmd
}

// listed is one row of `exhale list --json`.
type listed struct {
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Length  string   `json:"length"`
	Seconds float64  `json:"seconds"`
	Tags    []string `json:"tags"`
	Origin  string   `json:"origin"`
	File    string   `json:"file"`
	Error   string   `json:"error,omitempty"`
}

func runList(env *Env, o *listOptions) error {
	entries, err := env.catalog().List()
	if err != nil {
		warn(env.Stderr, "%v", err)
	}
	rows := make([]listed, 0, len(entries))
	for _, e := range entries {
		row := listed{Name: e.Name, Origin: string(e.Origin), File: e.Display, Tags: []string{}}
		l, cerr := compileEntry(e, nil, timeline.Options{}, false, nil, nil)
		if cerr != nil {
			row.Error = "has problems: run `exhale check " + e.Name + "`"
			warn(env.Stderr, "%s has problems: run `exhale check %s`", e.Display, e.Name)
		} else {
			row.Title = l.session.Title
			d := l.schedule.Duration(l.schedule.Samples)
			row.Length = script.FormatDuration(d.Round(1e9))
			row.Seconds = d.Seconds()
			if l.session.Tags != nil {
				row.Tags = l.session.Tags
			}
		}
		e.Close()
		rows = append(rows, row)
	}
	if o.JSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTITLE\tLENGTH\tTAGS\tFROM")
	for _, r := range rows {
		title, length := r.Title, r.Length
		if r.Error != "" {
			title, length = "("+r.Error+")", "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, title, length, strings.Join(r.Tags, ", "), r.Origin)
	}
	return tw.Flush()
}
