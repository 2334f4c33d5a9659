package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/sessions"
)

// The bundled library: every session the issue asks for, each passing
// `check --strict`, rendering whole with real speech, and keeping the
// language rules that can be checked on its cue sheet.

// library is every bundled session with the length it should have, in
// minutes.
var library = map[string][2]float64{
	"arrive":         {4, 7},
	"body-scan":      {17, 23},
	"pelvic-release": {10, 14},
	"before-session": {6.5, 9.5},
	"after-session":  {5, 7.5},
	"sleep":          {13, 17},
	"box":            {5, 10},
	"4-7-8":          {5, 10},
	"coherent":       {5, 10},
	"long-exhale":    {5, 10},
}

// Words that have no place in the bundled guidance (plain anatomical
// words such as "pelvis" and "pelvic floor" are fine).
var explicit = regexp.MustCompile(`(?i)\b(sex\w*|erotic\w*|orgasm\w*|arous\w*|naked|nude|genital\w*|vagina\w*|penis|anus|anal|climax\w*|pleasure|desire|touch yourself)\b`)

// Invitational phrasing: every guided session uses some.
var invitational = regexp.MustCompile(`(?i)you might|if it feels right|if you like|perhaps|nothing to achieve|there is no need`)

// Every session but sleep ends by returning (coming back, opening the
// eyes) and grounding (the ground, the feet, the body's weight), within
// its last three spoken lines.
var (
	returning = regexp.MustCompile(`(?i)come back|coming back|return|eyes open|open your eyes`)
	grounding = regexp.MustCompile(`(?i)ground|feet|weight of|the floor`)
)

type libraryCues struct {
	Rate    int   `json:"rate"`
	Samples int64 `json:"samples"`
	Events  []struct {
		Kind    string `json:"kind"`
		Start   int64  `json:"start"`
		End     int64  `json:"end"`
		Caption string `json:"caption"`
	} `json:"events"`
}

func TestLibrary(t *testing.T) {
	bin := exhaleBinary(t)
	cache := t.TempDir()
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache, "XDG_CONFIG_HOME="+t.TempDir())
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	names, _ := fs.Glob(sessions.FS(), "*.yaml")
	if len(names) != len(library) {
		t.Errorf("%d bundled sessions %q, want the %d of the library", len(names), names, len(library))
	}
	list, err := run("list")
	if err != nil {
		t.Fatalf("list: %v\n%s", err, list)
	}
	for name := range library {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` `).MatchString(list) {
			t.Errorf("`exhale list` does not show %s:\n%s", name, list)
		}
	}
	for name, span := range library {
		t.Run(name, func(t *testing.T) {
			if out, err := run("check", "--strict", name); err != nil {
				t.Errorf("check --strict: %v\n%s", err, out)
			}
			dir := t.TempDir()
			cuesPath := filepath.Join(dir, "cues.json")
			// (At 22.05 kHz: what is checked is the timeline and that it
			// renders, and this halves the test's time.)
			if out, err := run("render", name, "--rate", "22050", "-o", filepath.Join(dir, "s.wav"), "--cues", cuesPath); err != nil {
				t.Fatalf("render: %v\n%s", err, out)
			}
			b, err := os.ReadFile(cuesPath)
			if err != nil {
				t.Fatal(err)
			}
			var cues libraryCues
			if err := json.Unmarshal(b, &cues); err != nil {
				t.Fatal(err)
			}
			s, err := script.Parse(sessions.FS(), name+".yaml", script.Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkLanguage(t, name, s, cues, span)
		})
	}
}

func checkLanguage(t *testing.T, name string, s *script.Session, cues libraryCues, span [2]float64) {
	rate := float64(cues.Rate)
	minutes := float64(cues.Samples) / rate / 60
	if minutes < span[0] || minutes > span[1] {
		t.Errorf("lasts %.1f minutes, want %g to %g", minutes, span[0], span[1])
	}
	var (
		words, spoken  float64
		stopAt         = -1.0
		last           []string // the spoken lines, in order
		holds, bells   int
		lastBellAt     int64
		all            strings.Builder
		invitationSeen bool
	)
	for _, e := range cues.Events {
		switch e.Kind {
		case "say":
			words += float64(len(strings.Fields(e.Caption)))
			spoken += float64(e.End - e.Start)
			if stopAt < 0 && regexp.MustCompile(`(?i)stop\b.*\bany time`).MatchString(e.Caption) {
				stopAt = float64(e.Start) / rate
			}
			last = append(last, e.Caption)
			all.WriteString(e.Caption + "\n")
			invitationSeen = invitationSeen || invitational.MatchString(e.Caption)
		case "hold", "rest":
			holds++
		case "bell":
			bells++
			lastBellAt = e.Start
		}
	}
	if stopAt < 0 || stopAt > 90 {
		t.Errorf("the listener is told they may stop at any time at %.0f s, want within the first 90 s", stopAt)
	}
	t.Logf("%.1f minutes, %.1f spoken words a minute, %.0f%% free of speech (real speech)", minutes, words/minutes, (1-spoken/float64(cues.Samples))*100)
	if d := words / minutes; d > 45 {
		t.Errorf("%.1f spoken words a minute, want at most 45", d)
	}
	if free := 1 - spoken/float64(cues.Samples); free < 0.55 {
		t.Errorf("%.0f%% free of speech, want at least 55%%", free*100)
	}
	if m := explicit.FindString(all.String() + s.Title + s.Description + s.Notice); m != "" {
		t.Errorf("uses %q", m)
	}
	if !invitationSeen {
		t.Error("no invitational phrasing (you might, if it feels right, perhaps…)")
	}
	if holds > 0 && s.Notice == "" {
		t.Error("breath holds and no notice")
	}
	if name == "sleep" {
		if bells > 0 {
			t.Errorf("sleep rings %d bells (the last at %s): it should end without one", bells, time.Duration(float64(lastBellAt)/rate*float64(time.Second)))
		}
		return
	}
	end := strings.Join(last[max(0, len(last)-3):], " / ")
	if !returning.MatchString(end) || !grounding.MatchString(end) {
		t.Errorf("the last spoken lines do not return and ground: %q", end)
	}
	if len(s.Closing) == 0 {
		t.Error("no closing steps for a gentle stop")
	}
}
