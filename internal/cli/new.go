package cli

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/catalog"
	"github.com/exhale-audio/exhale/internal/script"
)

//go:embed starter/starter.yaml
var starter []byte

type newOptions struct {
	From   string
	Output string
	Force  bool
}

func newNewCommand(env *Env) *cobra.Command {
	var o newOptions
	cmd := &cobra.Command{
		Use:   "new NAME",
		Short: "Start a new session script: from a commented starter, or from another session",
		Long: `New writes a new session script into your session folder
($XDG_CONFIG_HOME/exhale/sessions/NAME.yaml), or to -o PATH: a commented
starter that shows the format's features, or, with --from, a copy of a
bundled or your own session to adapt. It never overwrites a file without
--force. Then: exhale check NAME, exhale show NAME, exhale play NAME.`,
		Example: `  exhale new for-ana --from before-session
  exhale new evening -o ~/scripts/evening.yaml`,
		Args: exactArgs(1, "the new session's name, like for-ana"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runNew(env, args[0], &o)
		},
	}
	cmd.Flags().StringVar(&o.From, "from", "", "copy this session (a bundled one, one of yours, or a path)")
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write the script here instead of your session folder")
	cmd.Flags().BoolVar(&o.Force, "force", false, "replace a file that is already there")
	return cmd
}

func runNew(env *Env, name string, o *newOptions) error {
	if !catalog.ValidName(name) {
		return usageError("%q cannot be a session name: use letters, digits, '-', '_' and '.'", name)
	}
	body := starter
	if o.From != "" {
		e, err := env.catalog().Find(o.From)
		if err != nil {
			return &ExitError{Code: ExitUsage, Err: fmt.Errorf("--from: %w", err)}
		}
		defer e.Close()
		b, err := fs.ReadFile(e.FS, e.File)
		if err != nil {
			return fmt.Errorf("reading %s: %w", e.Display, unwrapPath(err))
		}
		b = bytes.TrimPrefix(b, []byte("\ufeff"))
		body = append([]byte(fmt.Sprintf("# Made from `%s` by `exhale new %s --from %s`.\n", e.Display, name, o.From)), b...)
		// The files it names are not copied: say which.
		if s, err := script.Parse(e.FS, e.File, script.Options{Display: e.Display}); err == nil {
			files := append([]string(nil), s.Includes...)
			for _, m := range s.Media {
				files = append(files, m.Path)
			}
			if len(files) > 0 {
				defer warn(env.Stderr, "%s names files beside it (%s): copy them beside the new script too, at the same places", e.Display, strings.Join(files, ", "))
			}
		}
	}
	path := o.Output
	if path == "" {
		dir := env.configDir()
		if dir == "" {
			return &ExitError{Code: ExitFailure, Err: errors.New("no session folder: neither XDG_CONFIG_HOME nor HOME is set"), Hint: "give a path with -o"}
		}
		path = filepath.Join(dir, "sessions", name+".yaml")
		if err := os.MkdirAll(dir, 0o755); err == nil {
			ensureSchema(dir)
		}
	}
	if _, err := os.Stat(path); err == nil && !o.Force {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("%s is already there", path), Hint: "add --force to replace it, or choose another name"}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("making %s: %w", filepath.Dir(path), unwrapPath(err))
	}
	if err := writeFileAtomic(path, body); err != nil {
		return err
	}
	play := name
	if o.Output != "" {
		play = path
		if !strings.ContainsRune(play, '/') {
			play = "./" + play
		}
	}
	fmt.Fprintf(env.Stdout, "wrote %s\nnext: exhale check %s, exhale show %s, exhale play %s\n", path, play, play, play)
	return nil
}
