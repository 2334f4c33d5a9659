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
		{"unknown", "journal: true\nask_tensoin: true\n", Config{}, ":2:1: unknown setting `ask_tensoin`; did you mean `ask_tension`?"},
		{"far from any", "journal: true\ncolour: blue\n", Config{}, ":2:1: unknown setting `colour` (known: ask_tension, background, journal, speech_rate, speech_voice, voice, volume)"},
		{"all", "voice: speech\nspeech_voice: en-gb+f3\nspeech_rate: 120\nvolume: -6dB\nbackground: ocean\n", Config{Journal: true, Voice: "speech", SpeechVoice: "en-gb+f3", SpeechRate: 120, Volume: "-6dB", Background: "ocean"}, ""},
		{"a slow rate", "speech_rate: 50\n", Config{}, ":1:14: `speech_rate` is words a minute, from 80 to 450"},
		{"a loud volume", "volume: +20dB\n", Config{}, ":1:9: `volume`: level +20dB is too loud"},
		{"a near background", "background: brown\n", Config{}, ":1:13: `background`: unknown background \"brown\"; did you mean brown-noise?"},
		{"a voice typo", "voice: speach\n", Config{}, ":1:8: `voice` is auto, clips, speech or none"},
		{"twice", "journal: true\njournal: false\n", Config{}, ":2:1: `journal` is set twice"},
		{"not a bool", "journal: maybe\n", Config{}, ":1:10: `journal` is true or false, not \"maybe\""},
		{"not a map", "- journal\n", Config{}, ":1:1: the config is a map of settings"},
		{"bad yaml", "journal: true\n  volume: [\n", Config{}, ":2:3: not valid YAML: "},
		{"two documents", "journal: true\n---\nvoice: robot\n", Config{}, ":2:1: the config is one YAML document"},
		{"a null voice", "speech_voice: ~\n", Config{}, ":1:15: `speech_voice` takes a single value"},
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
			if err != nil || got.AskTension != c.want.AskTension || got.Journal != c.want.Journal || got.Voice != c.want.Voice ||
				got.SpeechVoice != c.want.SpeechVoice || got.SpeechRate != c.want.SpeechRate || got.Volume != c.want.Volume || got.Background != c.want.Background {
				t.Errorf("got %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
}
