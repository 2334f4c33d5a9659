package main

import (
	"encoding/json"
	"fmt"
	"html"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The hand-out folder of `exhale export`, opened from file:// in a real
// headless Chromium (.ci/run installs Debian's chromium and lame).

// chromium runs the headless browser with args, within a minute.
func chromium(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: run scripts/install-deps test")
	}
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=8000"}
	cmd := exec.Command("timeout", append([]string{"60", bin}, append(base, args...)...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v", args, err)
	}
	return string(out)
}

// pageState is what the page writes on its body as it plays.
func pageState(t *testing.T, dom string) (duration float64, caption, orb string) {
	t.Helper()
	body := regexp.MustCompile(`<body[^>]*>`).FindString(dom)
	attr := func(name string) string {
		m := regexp.MustCompile(name + `="([^"]*)"`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return html.UnescapeString(m[1])
	}
	d, err := strconv.ParseFloat(attr("data-duration"), 64)
	if err != nil {
		t.Fatalf("the page never learnt the audio's length: %s (error: %q)", body, attr("data-error"))
	}
	orb = regexp.MustCompile(`id="orb" style="transform: (scale\([0-9.]+\))`).FindStringSubmatch(dom)[1]
	return d, attr("data-caption"), orb
}

func TestHandoutInChromium(t *testing.T) {
	bin := exhaleBinary(t)
	dir := t.TempDir()
	// A title and a line that try to break out of the page's markup.
	script := `version: 1
title: "For Ana </script><!-- & <b>"
language: en_GB
steps:
  - say: Welcome, Ana. You can stop at any time.
    pause: 3s
  - breathe: {pattern: 4-6, cycles: 2, count: 0}
  - say: "Resting now </script> <!-- just as you are."
    pause: 4s
`
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(script), 0o644)
	out := filepath.Join(dir, "handout")
	run := func(env []string, args ...string) string {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), env...)
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, b)
		}
		return string(b)
	}
	run(nil, "export", filepath.Join(dir, "s.yaml"), "-o", out)
	var cues struct {
		Rate    int   `json:"rate"`
		Samples int64 `json:"samples"`
		Events  []struct {
			Kind    string `json:"kind"`
			Start   int64  `json:"start"`
			End     int64  `json:"end"`
			Caption string `json:"caption"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(run(nil, "show", "--json", filepath.Join(dir, "s.yaml"))), &cues); err != nil {
		t.Fatal(err)
	}
	length := float64(cues.Samples) / float64(cues.Rate)

	for _, name := range []string{"index.html", "session.mp3", "session.vtt", "session.yaml"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	if st, err := os.Stat(filepath.Join(out, "session.mp3")); err == nil {
		if perMinute := float64(st.Size()) / (length / 60); perMinute > 1.0e6 {
			t.Errorf("the MP3 takes %.0f bytes a minute, more than 1 MB", perMinute)
		}
	}
	page, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, want := range []string{`role="status"`, `aria-live="polite"`, `<button id="play" type="button" lang="en">Play</button>`, `<html lang="en-GB">`,
		"prefers-reduced-motion", `<title>For Ana &lt;/script&gt;&lt;!-- &amp; &lt;b&gt;</title>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if regexp.MustCompile(`(src|href)="(https?:)?//`).Match(page) {
		t.Error("the page loads something from the network")
	}

	url := "file://" + filepath.Join(out, "index.html")
	// Each caption shows when the audio is sought into it.
	for _, e := range cues.Events {
		if e.Kind != "say" {
			continue
		}
		at := float64(e.Start+e.End) / 2 / float64(cues.Rate)
		d, caption, _ := pageState(t, chromium(t, "--dump-dom", fmt.Sprintf("%s#t=%.2f", url, at)))
		if math.Abs(d-length) > 0.1 {
			t.Errorf("the audio lasts %.3f s in the page, the session %.3f s", d, length)
		}
		if caption != e.Caption {
			t.Errorf("at %.2f s the page shows %q, want %q", at, caption, e.Caption)
		}
	}
	// The breathing shape grows through an in-breath; with less motion
	// asked for, it stands still at a size for the phase.
	var inhale float64
	for _, e := range cues.Events {
		if e.Kind == "inhale" {
			inhale = (float64(e.Start) + 0.25*float64(e.End-e.Start)) / float64(cues.Rate)
			break
		}
	}
	_, _, moving := pageState(t, chromium(t, "--dump-dom", fmt.Sprintf("%s#t=%.2f", url, inhale)))
	_, _, still := pageState(t, chromium(t, "--force-prefers-reduced-motion", "--dump-dom", fmt.Sprintf("%s#t=%.2f", url, inhale)))
	scale := func(s string) float64 {
		f, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(s, "scale("), ")"), 64)
		return f
	}
	if m, st := scale(moving), scale(still); m <= 0.36 || m >= 0.99 || m == 0.8 || st != 0.8 {
		t.Errorf("a quarter into the in-breath the shape is %s (and %s with less motion), want between 0.35 and 1 (and 0.8)", moving, still)
	}

	// A screenshot, for a person to look at (kept, not committed).
	shots := os.Getenv("EXHALE_ARTIFACTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "exhale-artifacts")
	}
	os.MkdirAll(shots, 0o755)
	shot := filepath.Join(shots, "handout-phone.png")
	chromium(t, "--window-size=390,844", "--screenshot="+shot, fmt.Sprintf("%s#t=%.2f", url, inhale))
	if st, err := os.Stat(shot); err != nil || st.Size() < 1000 {
		t.Errorf("no screenshot: %v", err)
	}
	t.Logf("screenshot of the hand-out page on a phone's screen: %s", shot)

	// Without lame: a mono 22.05 kHz WAV, which the page plays as well.
	noLame := filepath.Join(dir, "nolame")
	os.MkdirAll(noLame, 0o755)
	for _, prog := range []string{"espeak-ng", "text2wave", "festival"} {
		if p, err := exec.LookPath(prog); err == nil {
			os.Symlink(p, filepath.Join(noLame, prog))
		}
	}
	msg := run([]string{"PATH=" + noLame}, "export", filepath.Join(dir, "s.yaml"), "-o", filepath.Join(dir, "wav"))
	if !strings.Contains(msg, "lame is not installed") {
		t.Errorf("no notice about lame:\n%s", msg)
	}
	wav, err := os.ReadFile(filepath.Join(dir, "wav", "session.wav"))
	if err != nil || len(wav) < 44 || wav[22] != 1 || int(wav[24])|int(wav[25])<<8 != 22050 {
		t.Fatalf("the fallback audio is not a mono 22.05 kHz WAV (%v)", err)
	}
	d, _, _ := pageState(t, chromium(t, "--dump-dom", "file://"+filepath.Join(dir, "wav", "index.html")+"#t=1"))
	if math.Abs(d-length) > 0.1 {
		t.Errorf("the WAV lasts %.3f s in the page, the session %.3f s", d, length)
	}
}
