package voice

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Installed is a speech voice that can be named in voice.speech.
type Installed struct {
	Engine   string // espeak-ng or festival
	Name     string // what speech.voice takes
	Language string // language code
	Gender   string // M, F or ""
	Label    string // the engine's own name for it
}

// listTimeout bounds asking an engine for its voices.
const listTimeout = 20 * time.Second

// Voices lists the voices of the speech engines installed: espeak-ng's
// languages (a variant such as +f3 may follow any of them) and Festival's
// voices. It is an error only when neither engine is installed.
func Voices(ctx context.Context) ([]Installed, error) {
	var out []Installed
	var errs []error
	if _, err := exec.LookPath("espeak-ng"); err == nil {
		v, err := espeakVoices(ctx)
		if err != nil {
			errs = append(errs, err)
		}
		out = append(out, v...)
	}
	if _, err := exec.LookPath("festival"); err == nil {
		v, err := festivalVoices(ctx)
		if err != nil {
			errs = append(errs, err)
		}
		out = append(out, v...)
	}
	if len(out) == 0 {
		if len(errs) > 0 {
			return nil, errors.Join(errs...)
		}
		return nil, fmt.Errorf("%w: neither espeak-ng nor festival", ErrNoEngine)
	}
	return out, nil
}

func espeakVoices(ctx context.Context) ([]Installed, error) {
	ctx, cancel := context.WithTimeout(ctx, listTimeout)
	defer cancel()
	b, err := exec.CommandContext(ctx, "espeak-ng", "--voices").Output()
	if err != nil {
		return nil, fmt.Errorf("espeak-ng --voices: %v", err)
	}
	return parseEspeakVoices(string(b)), nil
}

// parseEspeakVoices reads the table of `espeak-ng --voices`:
// "Pty Language Age/Gender VoiceName File Other Languages".
func parseEspeakVoices(s string) []Installed {
	var out []Installed
	for i, line := range strings.Split(s, "\n") {
		f := strings.Fields(line)
		if i == 0 || len(f) < 5 {
			continue
		}
		gender := ""
		if _, g, ok := strings.Cut(f[2], "/"); ok && g != "-" {
			gender = g
		}
		out = append(out, Installed{Engine: "espeak-ng", Name: f[1], Language: f[1], Gender: gender, Label: strings.ReplaceAll(f[3], "_", " ")})
	}
	return out
}

func festivalVoices(ctx context.Context) ([]Installed, error) {
	ctx, cancel := context.WithTimeout(ctx, listTimeout)
	defer cancel()
	b, err := exec.CommandContext(ctx, "festival", "-b", "(print (voice.list))").Output()
	if err != nil {
		return nil, fmt.Errorf("festival: %v", err)
	}
	var out []Installed
	for _, name := range strings.Fields(strings.Trim(strings.TrimSpace(string(b)), "()")) {
		lang := ""
		if strings.HasPrefix(name, "cmu_us_") || strings.HasPrefix(name, "kal_") || strings.HasPrefix(name, "ked_") {
			lang = "en-us"
		}
		out = append(out, Installed{Engine: "festival", Name: name, Language: lang, Label: name})
	}
	return out, nil
}
