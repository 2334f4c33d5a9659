package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, body string
		want       Config
		err        string
	}{
		{"missing", "", Config{Journal: true}, ""},
		{"empty", "\n", Config{Journal: true}, ""},
		{"both", "ask_tension: true\njournal: false\n", Config{AskTension: true}, ""},
		{"unknown", "journal: true\nask_tensoin: true\n", Config{}, ":2:1: unknown setting `ask_tensoin` (known: ask_tension, journal)"},
		{"not a bool", "journal: maybe\n", Config{}, ":1:10: `journal` is true or false, not \"maybe\""},
		{"not a map", "- journal\n", Config{}, ":1:1: the config is a map of settings"},
		{"bad yaml", "journal: [\n", Config{}, "not valid YAML"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".yaml")
			if c.name != "missing" {
				os.WriteFile(path, []byte(c.body), 0o644)
			}
			got, err := Load(path)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), path) {
					t.Errorf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || got.AskTension != c.want.AskTension || got.Journal != c.want.Journal {
				t.Errorf("got %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
}
