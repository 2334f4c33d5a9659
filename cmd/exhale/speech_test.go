package main

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exhale-audio/exhale/audio/decode"
	"github.com/exhale-audio/exhale/audio/loudness"
	"github.com/exhale-audio/exhale/audio/streamtest"
	"github.com/exhale-audio/exhale/internal/timeline"
)

// These tests render sessions whose lines are spoken by the real
// espeak-ng and Festival (.ci/run installs both), through the exhale
// binary, and read what it wrote.

const speechLine = "Let your shoulders soften, and let the breath be easy."

// cueSheet is what --cues writes, as far as these tests read it.
type cueSheet struct {
	Rate   int `json:"rate"`
	Events []struct {
		Kind  string `json:"kind"`
		ID    string `json:"id"`
		Start int64  `json:"start"`
		End   int64  `json:"end"`
	} `json:"events"`
}

// speechRun renders dir/s.yaml with exhale, its speech cache in dir/cache
// and a PATH that logs every espeak-ng call to dir/calls before running
// the real one. It returns the cue sheet and the rendered frames.
func speechRun(t *testing.T, dir string, args ...string) (cueSheet, [][2]float64) {
	t.Helper()
	bin := exhaleBinary(t)
	wrap := filepath.Join(dir, "bin")
	os.MkdirAll(wrap, 0o755)
	for _, prog := range []string{"espeak-ng", "text2wave"} {
		real, err := exec.LookPath(prog)
		if err != nil {
			t.Fatalf("%s is not installed: run scripts/install-deps test", prog)
		}
		// Written once: exhale knows an engine by its file, and asks a
		// changed one for its version again.
		path := filepath.Join(wrap, prog)
		if _, err := os.Stat(path); err == nil {
			continue
		}
		script := "#!/bin/sh\necho \"" + prog + " $*\" >> " + filepath.Join(dir, "calls") + "\nexec " + real + " \"$@\"\n"
		if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, append([]string{"render", filepath.Join(dir, "s.yaml"), "-o", filepath.Join(dir, "out.wav"), "--cues", filepath.Join(dir, "cues.json")}, args...)...)
	cmd.Env = append(os.Environ(), "PATH="+wrap+string(os.PathListSeparator)+os.Getenv("PATH"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("render: %v\n%s", err, out)
	}
	var cues cueSheet
	b, err := os.ReadFile(filepath.Join(dir, "cues.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &cues); err != nil {
		t.Fatal(err)
	}
	return cues, pcm16(t, filepath.Join(dir, "out.wav"))
}

// synthCalls counts the calls of espeak-ng and text2wave that made speech
// (not --version).
func synthCalls(t *testing.T, dir string) int {
	b, err := os.ReadFile(filepath.Join(dir, "calls"))
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "espeak-ng ") && strings.Contains(l, " -w ") || strings.HasPrefix(l, "text2wave -o ") {
			n++
		}
	}
	return n
}

// allCalls counts every logged call of espeak-ng and text2wave.
func allCalls(t *testing.T, dir string) int {
	b, err := os.ReadFile(filepath.Join(dir, "calls"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

func rmsOf(x [][2]float64) float64 {
	s := 0.0
	for _, f := range x {
		s += f[0]*f[0] + f[1]*f[1]
	}
	return math.Sqrt(s / float64(2*max(1, len(x))))
}

// cachedLength is the length, at rate, of the one synthesised line in the
// cache (from the WAV espeak-ng wrote, decoded here).
func cachedLengths(t *testing.T, cache string, rate int) []int64 {
	t.Helper()
	wavs, _ := filepath.Glob(filepath.Join(cache, "exhale", "speech", "*.wav"))
	var out []int64
	for _, w := range wavs {
		f, err := os.Open(w)
		if err != nil {
			t.Fatal(err)
		}
		info, err := decode.Probe(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, timeline.Resampled(info.Frames, info.SampleRate, rate))
	}
	return out
}

// TestSpeechInItsSlot: a synthesised line sounds inside its slot, which is
// exactly as long as the speech (resampled), with silence around it; a
// second render of the session makes no espeak-ng call.
func TestSpeechInItsSlot(t *testing.T) {
	for _, engine := range []string{"espeak-ng", "festival"} {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			yaml := "version: 1\ntitle: Speech\nvoice: {engine: speech, speech: {engine: " + engine + "}}\nsteps:\n  - pause: 2s\n  - say: " + speechLine + "\n    pause: 2s\n"
			os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(yaml), 0o644)
			cues, got := speechRun(t, dir)
			var say *struct {
				Kind  string `json:"kind"`
				ID    string `json:"id"`
				Start int64  `json:"start"`
				End   int64  `json:"end"`
			}
			for i := range cues.Events {
				if cues.Events[i].Kind == "say" {
					say = &cues.Events[i]
				}
			}
			if say == nil {
				t.Fatal("no say event in the cue sheet")
			}
			lens := cachedLengths(t, filepath.Join(dir, "cache"), cues.Rate)
			if len(lens) != 1 || say.End-say.Start != lens[0] {
				t.Errorf("the line's slot is %d frames; the synthesised line lasts %v", say.End-say.Start, lens)
			}
			inside := rmsOf(got[say.Start:say.End])
			before := rmsOf(got[:say.Start])
			after := rmsOf(got[say.End:])
			if inside < 0.02 || before > 1e-4 || after > 1e-4 {
				t.Errorf("RMS before %.5f, inside %.4f, after %.5f: want the speech inside its slot only", before, inside, after)
			}
			if n := synthCalls(t, dir); n != 1 {
				t.Errorf("the first render called %s %d times to speak, want 1", engine, n)
			}
			called := allCalls(t, dir)
			speechRun(t, dir)
			if n := allCalls(t, dir) - called; n != 0 {
				t.Errorf("the second render ran the engine %d times (to speak or to ask its version), want none", n)
			}
		})
	}
}

// TestSpeechMatchesRecording: the same line, synthesised and as a quiet
// recording at another rate (made here from espeak-ng's own output, 16 dB
// down, at 22.05 kHz stereo), plays at the same loudness within 1 dB.
func TestSpeechMatchesRecording(t *testing.T) {
	dir := t.TempDir()
	raw := filepath.Join(dir, "raw.wav")
	if out, err := exec.Command("espeak-ng", "-v", "en-gb", "-s", "150", "-w", raw, speechLine).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v\n%s", err, out)
	}
	f, err := os.Open(raw)
	if err != nil {
		t.Fatal(err)
	}
	src, info, err := decode.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	frames := make([][2]float64, info.Frames)
	n, _ := src.Stream(frames)
	f.Close()
	frames = frames[:n]
	quiet := math.Pow(10, -16.0/20)
	rec := streamtest.WAV16(info.SampleRate, 2, float64(len(frames))/float64(info.SampleRate), func(tm float64, _ int) float64 {
		return quiet * frames[min(len(frames)-1, int(tm*float64(info.SampleRate)))][0]
	})
	os.MkdirAll(filepath.Join(dir, "rec"), 0o755)
	os.WriteFile(filepath.Join(dir, "rec", "recorded.wav"), rec, 0o644)
	yaml := "version: 1\ntitle: Match\nvoice: {clips: rec}\nsteps:\n  - say: " + speechLine + "\n  - say: " + speechLine + "\n    id: recorded\n"
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(yaml), 0o644)
	cues, got := speechRun(t, dir)
	var levels []float64
	for _, e := range cues.Events {
		if e.Kind == "say" {
			levels = append(levels, loudness.Integrated(got[e.Start:e.End], cues.Rate))
		}
	}
	if len(levels) != 2 {
		t.Fatalf("%d spoken lines in the cue sheet, want 2", len(levels))
	}
	if d := math.Abs(levels[0] - levels[1]); d > 1 || math.Abs(levels[0]+20) > 1 {
		t.Errorf("speech %.2f LUFS, recording %.2f LUFS: want both at -20 within 1 dB", levels[0], levels[1])
	}
}

// TestNoSpeechEngine: with no espeak-ng on the PATH, auto plays captions
// only and says once how to install speech; speech is an error (exit 2)
// at the first line that needs it, with that hint.
func TestNoSpeechEngine(t *testing.T) {
	bin := exhaleBinary(t)
	dir := t.TempDir()
	yaml := "version: 1\ntitle: T\nsteps:\n  - say: One.\n  - say: Two.\n"
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(yaml), 0o644)
	run := func(args ...string) (int, string) {
		cmd := exec.Command(bin, append([]string{"render", filepath.Join(dir, "s.yaml"), "-o", filepath.Join(dir, "out.wav")}, args...)...)
		cmd.Env = append(os.Environ(), "PATH="+filepath.Join(dir, "empty"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}
	code, out := run()
	want := "exhale: warning: espeak-ng is not installed: spoken lines without a recording are shown as captions only\n" +
		"exhale: hint: install it with `sudo apt-get install espeak-ng` (or play with --voice none for captions only)\n"
	if code != 0 || !strings.HasPrefix(out, want) || strings.Count(out, "warning") != 1 {
		t.Errorf("auto: exit %d, output:\n%s", code, out)
	}
	code, out = run("--voice", "speech")
	if code != 2 || !strings.HasPrefix(out, "exhale: error: ") || !strings.Contains(out, "s.yaml:4:5: the speech engine is not installed: espeak-ng\n") ||
		!strings.Contains(out, "exhale: hint: install it with `sudo apt-get install espeak-ng`") {
		t.Errorf("speech: exit %d, output:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.wav")); err != nil {
		t.Errorf("the first render wrote no file: %v", err)
	}
}

// TestInterruptWhileSpeaking: Ctrl-C while speech is being made ends
// exhale (exit 130) and leaves the cache with whole entries only: no work
// folder, no half-written file, and no output file.
func TestInterruptWhileSpeaking(t *testing.T) {
	bin := exhaleBinary(t)
	dir := t.TempDir()
	var yaml strings.Builder
	yaml.WriteString("version: 1\ntitle: Long\nsteps:\n")
	for i := range 40 {
		yaml.WriteString("  - say: This is line " + strings.Repeat("and more ", 3) + "number " + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".\n")
	}
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(yaml.String()), 0o644)
	cache := filepath.Join(dir, "cache")
	cmd := exec.Command(bin, "render", filepath.Join(dir, "s.yaml"), "-o", filepath.Join(dir, "out.wav"))
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	speech := filepath.Join(cache, "exhale", "speech")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(speech, "[0-9a-f]*.json")); len(m) > 0 {
			break // some lines are made, others are being made
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no speech was made within 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d (%v), want 130; stderr:\n%s", code, err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "exhale: error: interrupted while speech was being prepared") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	ents, _ := os.ReadDir(speech)
	pairs := map[string]int{}
	for _, e := range ents {
		name := e.Name()
		if name == ".engines" {
			continue // the engine's version, kept
		}
		if strings.HasPrefix(name, ".") || e.IsDir() {
			t.Errorf("left in the cache: %s", name)
			continue
		}
		pairs[strings.TrimSuffix(strings.TrimSuffix(name, ".wav"), ".json")]++
	}
	for name, n := range pairs {
		if n != 2 {
			t.Errorf("entry %s is not whole", name)
		}
	}
	if len(pairs) == 0 || len(pairs) >= 40 {
		t.Errorf("%d entries made: the interrupt came too late to test anything", len(pairs))
	}
	if _, err := os.Stat(filepath.Join(dir, "out.wav")); !os.IsNotExist(err) {
		t.Errorf("out.wav exists after the interrupt: %v", err)
	}
}

// TestPhaseWordsSpoken: counted breathing says its phase words ("breathe
// in", "breathe out") at the start of the counted phases only.
func TestPhaseWordsSpoken(t *testing.T) {
	dir := t.TempDir()
	yaml := "version: 1\ntitle: Count\nsteps:\n  - breathe: {pattern: 4-6, cycles: 3, count: 1, tone: false}\n"
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(yaml), 0o644)
	cues, got := speechRun(t, dir)
	var phases int
	for _, e := range cues.Events {
		if e.Kind != "inhale" && e.Kind != "exhale" {
			continue
		}
		first := rmsOf(got[e.Start:min(e.End, e.Start+int64(cues.Rate))])
		counted := phases < 2 // the first cycle's two phases
		if counted && first < 0.01 || !counted && first > 1e-4 {
			t.Errorf("%s at %d (counted %v): RMS %.5f in its first second", e.Kind, e.Start, counted, first)
		}
		phases++
	}
	if phases != 6 {
		t.Fatalf("%d phases in the cue sheet, want 6", phases)
	}
	if n := synthCalls(t, dir); n != 2 {
		t.Errorf("espeak-ng spoke %d times, want 2 (breathe in, breathe out)", n)
	}
}
