package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/safefile"
	"github.com/exhale-audio/exhale/internal/script"
)

func newSchemaCommand(env *Env) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the script format, for an editor's completion and checks",
		Long: `Schema prints a JSON Schema (draft 2020-12) of the script format. An editor
with the YAML language server (VS Code's YAML extension, Neovim, Helix…)
then offers completion and flags unknown keys, given this first line in a
script:

    # yaml-language-server: $schema=/path/to/schema.json

exhale new writes the schema beside your session folder, at
$XDG_CONFIG_HOME/exhale/schema.json, and its starter points at it.
exhale check remains the judge: some rules need the whole session.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				_, err := env.Stdout.Write(script.Schema())
				return err
			}
			return writeFileAtomic(out, script.Schema())
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the schema to this file")
	return cmd
}

// writeFileAtomic writes b to path through a temporary file.
func writeFileAtomic(path string, b []byte) error {
	f, err := safefile.Create(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	defer f.Abort()
	if _, err := f.File.Write(b); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	return nil
}

// ensureSchema writes the schema beside the session folder when it is not
// there (or is another version), for the starter's first line.
func ensureSchema(dir string) {
	path := filepath.Join(dir, "schema.json")
	if b, err := os.ReadFile(path); err == nil && string(b) == string(script.Schema()) {
		return
	}
	writeFileAtomic(path, script.Schema()) // best effort: only an editor's help
}
