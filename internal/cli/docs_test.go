package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/exhale-audio/exhale/sessions"
)

var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestFormatExamples checks every YAML example of the format reference
// with `exhale check`, beside the files they name (testdata/docs). An
// example that is not a whole script (no `version:`) is a step, wrapped in
// a minimal script first.
func TestFormatExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := yamlBlock.FindAllSubmatch(doc, -1)
	if len(blocks) < 8 {
		t.Fatalf("found %d YAML examples in docs/format.md, want at least 8", len(blocks))
	}
	for i, m := range blocks {
		body := string(m[1])
		if !strings.HasPrefix(body, "version:") {
			body = "version: 1\ntitle: Example\nsteps:\n  - " + strings.ReplaceAll(strings.TrimSpace(body), "\n", "\n    ") + "\n"
		}
		t.Run(strings.SplitN(strings.TrimPrefix(string(m[1]), "version: 1\ntitle: "), "\n", 2)[0], func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, "testdata/docs", dir)
			file := filepath.Join(dir, "example.yaml")
			if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errs, code := execute(t, "check", file)
			if code != 0 {
				t.Errorf("example %d does not pass check (exit %d):\n%s\n%s%s", i+1, code, body, out, errs)
			}
		})
	}
}

// execute runs exhale in-process with a private environment.
func execute(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return executeB(t, args...)
}

func executeB(t testing.TB, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errs bytes.Buffer
	home := t.TempDir()
	env := &Env{
		Stdin:  strings.NewReader(""),
		Stdout: &out,
		Stderr: &errs,
		Getenv: func(k string) string {
			if k == "XDG_CONFIG_HOME" {
				return filepath.Join(home, "config")
			}
			return ""
		},
		Bundled: sessions.FS(),
		Version: "test",
	}
	err := Execute(context.Background(), args, env)
	code = ExitOK
	if err != nil {
		code = ExitFailure
		if ee, ok := err.(*ExitError); ok {
			code = ee.Code
		}
	}
	return out.String(), errs.String(), code
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
