package cli

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/exhale-audio/exhale/internal/config"
)

func newConfigCommand(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Show your settings and where each comes from",
		Long: `Config shows the settings exhale uses and where each comes from: your
config file ($XDG_CONFIG_HOME/exhale/config.yaml) or exhale's default. The
file is YAML, for example:

    voice: auto              # auto, clips, speech or none
    speech_voice: en-gb+f3   # exhale voices lists them
    speech_rate: 120         # words a minute, 80 to 450
    volume: -4dB
    background: ocean        # brown-noise, pink-noise, ocean, binaural, none
    ask_tension: true        # ask 0-10 before and after each session
    journal: true            # keep the practice journal

A flag on the command line comes first, then this file, then the script,
then exhale's default.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path := config.Path(env.Getenv)
			cfg, err := config.Load(path)
			if err != nil {
				return &ExitError{Code: ExitUsage, Err: err, Hint: "correct the file, or move it away to use the defaults"}
			}
			state := "not there: every setting is its default"
			if len(cfg.Lines) > 0 {
				state = "read"
			} else if path == "" {
				path, state = "(none)", "neither XDG_CONFIG_HOME nor HOME is set"
			}
			fmt.Fprintf(env.Stdout, "config file: %s (%s)\n\n", path, state)
			values := map[string]string{
				"voice":        orDefault(cfg.Voice, "the script's (auto by default)"),
				"speech_voice": orDefault(cfg.SpeechVoice, "the script's (en-us+f3 by default)"),
				"speech_rate":  orDefault(rate(cfg.SpeechRate), "the script's (130 by default)"),
				"volume":       orDefault(cfg.Volume, "0dB"),
				"background":   orDefault(cfg.Background, "the script's"),
				"ask_tension":  strconv.FormatBool(cfg.AskTension),
				"journal":      strconv.FormatBool(cfg.Journal),
			}
			w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "SETTING\tVALUE\tFROM")
			for _, k := range config.Keys {
				from := "default"
				if line, ok := cfg.Lines[k]; ok {
					from = fmt.Sprintf("config file, line %d", line)
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", k, values[k], from)
			}
			return w.Flush()
		},
	}
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func rate(r int) string {
	if r == 0 {
		return ""
	}
	return strconv.Itoa(r)
}
