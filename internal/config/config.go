// Package config reads the user's defaults from
// $XDG_CONFIG_HOME/exhale/config.yaml. A file with a mistake is reported
// with its line and column and never silently ignored; a file that does not
// exist gives the defaults.
//
// Precedence, everywhere: a flag on the command line, then this file, then
// the script, then exhale's default.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/exhale-audio/exhale/internal/script"
)

// Config is the user's defaults. Empty strings and zero rates mean "not
// set": the script's value, or exhale's default, applies.
type Config struct {
	Voice       string // where spoken lines come from: auto, clips, speech, none
	SpeechVoice string // the speech engine's voice, e.g. en-gb+f3
	SpeechRate  int    // words a minute, 80 to 450
	Volume      string // the master level, e.g. -6dB
	Background  string // a background sound name, e.g. ocean, or none
	AskTension  bool   // ask for a tension rating before and after each session
	Journal     bool   // keep the practice journal (default true)

	File string
	// Lines is where each setting was given in File (for `exhale config`).
	Lines map[string]int
}

// yamlLine finds the line in a YAML library error.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Keys are the settings the file may hold, in the order `exhale config`
// shows them.
var Keys = []string{"voice", "speech_voice", "speech_rate", "volume", "background", "ask_tension", "journal"}

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
	c := Config{Journal: true, File: path, Lines: map[string]int{}}
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
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return c, nil // empty
	} else if err != nil {
		line, msg := 1, strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			fmt.Sscan(m[1], &line)
			msg = m[2]
		}
		lines := strings.Split(string(b), "\n")
		col := 1
		if line-1 < len(lines) {
			text := lines[line-1]
			col = 1 + len([]rune(text)) - len([]rune(strings.TrimLeft(text, " ")))
		}
		return c, fmt.Errorf("%s:%d:%d: not valid YAML: %s", path, line, col, msg)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return c, fmt.Errorf("%s:%d:%d: the config is one YAML document: remove the second `---` and what follows", path, extra.Line, extra.Column)
	}
	if len(doc.Content) == 0 {
		return c, nil // empty
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return c, fmt.Errorf("%s:%d:%d: the config is a map of settings, like `ask_tension: true`", path, m.Line, m.Column)
	}
	at := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d:%d: %s", path, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if _, dup := c.Lines[k.Value]; dup {
			return c, at(k, "`%s` is set twice: keep one", k.Value)
		}
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			return c, at(v, "`%s` takes a single value", k.Value)
		}
		val := strings.TrimSpace(v.Value)
		switch k.Value {
		case "ask_tension", "journal":
			if val != "true" && val != "false" {
				return c, at(v, "`%s` is true or false, not %q", k.Value, v.Value)
			}
			if k.Value == "journal" {
				c.Journal = val == "true"
			} else {
				c.AskTension = val == "true"
			}
		case "voice":
			switch val {
			case "auto", "clips", "speech", "none":
			default:
				return c, at(v, "`voice` is auto, clips, speech or none, not %q", v.Value)
			}
			c.Voice = val
		case "speech_voice":
			if val == "" {
				return c, at(v, "`speech_voice` needs a voice name (`exhale voices` lists them)")
			}
			c.SpeechVoice = val
		case "speech_rate":
			var r int
			if err := v.Decode(&r); err != nil || r < 80 || r > 450 {
				return c, at(v, "`speech_rate` is words a minute, from 80 to 450, not %q", v.Value)
			}
			c.SpeechRate = r
		case "volume":
			if _, err := script.ParseLevel(val); err != nil {
				return c, at(v, "`volume`: %v", err)
			}
			c.Volume = val
		case "background":
			if _, err := script.BackgroundSound(val); err != nil {
				return c, at(v, "`background`: %v", err)
			}
			c.Background = val
		default:
			known := append([]string(nil), Keys...)
			sort.Strings(known)
			msg := fmt.Sprintf("unknown setting `%s` (known: %s)", k.Value, strings.Join(known, ", "))
			if near := script.Suggest(k.Value, Keys); near != "" {
				msg = fmt.Sprintf("unknown setting `%s`; did you mean `%s`?", k.Value, near)
			}
			return c, at(k, "%s", msg)
		}
		c.Lines[k.Value] = k.Line
	}
	return c, nil
}
