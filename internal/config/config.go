// Package config reads the user's defaults from
// $XDG_CONFIG_HOME/exhale/config.yaml. A file with a mistake is reported
// with its line and column and never silently ignored; a file that does not
// exist gives the defaults.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Config is the user's defaults.
type Config struct {
	AskTension bool // ask for a tension rating before and after each session
	Journal    bool // keep the practice journal (default true)
	File       string
}

// Path is $XDG_CONFIG_HOME/exhale/config.yaml, or
// ~/.config/exhale/config.yaml ("" when neither is set).
func Path(getenv func(string) string) string {
	if d := getenv("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "exhale", "config.yaml")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".config", "exhale", "config.yaml")
	}
	return ""
}

// Load reads the config file at path.
func Load(path string) (Config, error) {
	c := Config{Journal: true, File: path}
	if path == "" {
		return c, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return c, fmt.Errorf("%s: not valid YAML: %v", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return c, nil // empty
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return c, fmt.Errorf("%s:%d:%d: the config is a map of settings, like `ask_tension: true`", path, m.Line, m.Column)
	}
	bools := map[string]*bool{"ask_tension": &c.AskTension, "journal": &c.Journal}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		dst, ok := bools[k.Value]
		if !ok {
			names := make([]string, 0, len(bools))
			for n := range bools {
				names = append(names, n)
			}
			sort.Strings(names)
			return c, fmt.Errorf("%s:%d:%d: unknown setting `%s` (known: %s)", path, k.Line, k.Column, k.Value, strings.Join(names, ", "))
		}
		if v.Kind != yaml.ScalarNode || v.Decode(dst) != nil || (v.Value != "true" && v.Value != "false") {
			return c, fmt.Errorf("%s:%d:%d: `%s` is true or false, not %q", path, v.Line, v.Column, k.Value, v.Value)
		}
	}
	return c, nil
}
