package script_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/exhale-audio/exhale/internal/script"
)

// head is the start of a valid script, for tests that vary its steps.
const head = "version: 1\ntitle: T\n"

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

// diagStrings renders diagnostics as "FILE:LINE:COL: message".
func diagStrings(t *testing.T, err error) []string {
	t.Helper()
	var diags script.Errors
	if !errors.As(err, &diags) {
		t.Fatalf("want script.Errors, got %T: %v", err, err)
	}
	out := make([]string, len(diags))
	for i, d := range diags {
		out[i] = d.Error()
	}
	return out
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // s.yaml is parsed
		want  []string          // each "LINE:COL: substring" must match one diagnostic, in order
	}{
		{"unknown top key", map[string]string{"s.yaml": head + "titel: x\nsteps: [bell]\n"},
			[]string{"3:1: unknown key `titel`; did you mean `title`?"}},
		{"unknown step key", map[string]string{"s.yaml": head + "steps:\n  - say: hi\n    pase: 8s\n"},
			[]string{"5:5: unknown key `pase`; did you mean `pause`?"}},
		{"wrong type say", map[string]string{"s.yaml": head + "steps:\n  - say: {a: 1}\n"},
			[]string{"4:10: `say` takes text, not a map"}},
		{"wrong type steps", map[string]string{"s.yaml": head + "steps: hello\n"},
			[]string{"3:8: `steps` takes a list of steps"}},
		{"negative pause", map[string]string{"s.yaml": head + "steps:\n  - pause: -5s\n"},
			[]string{"4:12: `pause` cannot be negative"}},
		{"zero pause", map[string]string{"s.yaml": head + "steps:\n  - pause: 0\n"},
			[]string{"4:12: `pause` must be longer than zero"}},
		{"bad duration", map[string]string{"s.yaml": head + "steps:\n  - pause: soon\n"},
			[]string{"4:12: `pause`: \"soon\" is not a duration"}},
		{"zero for", map[string]string{"s.yaml": head + "steps:\n  - breathe: {pattern: box, for: 0s}\n"},
			[]string{"4:34: `for` must be longer than zero"}},
		{"unknown preset", map[string]string{"s.yaml": head + "steps:\n  - breathe: {pattern: boxx}\n"},
			[]string{"4:24: unknown breathing pattern \"boxx\"; did you mean `box`?"}},
		{"malformed pattern", map[string]string{"s.yaml": head + "steps:\n  - breathe: 4-x-8\n"},
			[]string{"4:14: `breathe`: breathing pattern \"4-x-8\": \"x\" is not a number"}},
		{"pattern too fast", map[string]string{"s.yaml": head + "steps:\n  - breathe: 0.2-0.2\n"},
			[]string{"4:14: `breathe`: breathing pattern \"0.2-0.2\": a cycle lasts at least 1s"}},
		{"pattern no exhale", map[string]string{"s.yaml": head + "steps:\n  - breathe: 4-4-0-4\n"},
			[]string{"needs an in-breath and an out-breath"}},
		{"sigh cannot ramp", map[string]string{"s.yaml": head + "steps:\n  - breathe: {pattern: sigh, to: 4-0-8-0}\n"},
			[]string{"4:34: `to` moves between in-hold-out-rest patterns"}},
		{"absurd cycles", map[string]string{"s.yaml": head + "steps:\n  - breathe: {pattern: box, cycles: 99999999999}\n"},
			[]string{"4:37: `cycles` must be from 1 to 1000"}},
		{"cycles and for", map[string]string{"s.yaml": head + "steps:\n  - breathe: {pattern: box, cycles: 3, for: 2m}\n"},
			[]string{"give either `cycles` or `for`"}},
		{"unknown variable", map[string]string{"s.yaml": head + "vars: {name: friend}\nsteps:\n  - say: Hello {{nmae}}, welcome\n"},
			[]string{"5:16: unknown template value `nmae`; did you mean `name`?"}},
		{"unknown variable no vars", map[string]string{"s.yaml": head + "steps:\n  - say: \"Hello {{who}}\"\n"},
			[]string{"4:17: unknown template value `who`: add it under `vars`"}},
		{"unclosed template", map[string]string{"s.yaml": head + "steps:\n  - say: Hello {{name\n"},
			[]string{"4:16: unclosed `{{`"}},
		{"absolute path", map[string]string{"s.yaml": head + "steps:\n  - play: /etc/passwd\n"},
			[]string{"4:11: `play`: \"/etc/passwd\" is an absolute path"}},
		{"dotdot path", map[string]string{"s.yaml": head + "steps:\n  - play: ../x.mp3\n"},
			[]string{"4:11: `play`: \"../x.mp3\" leads outside the script's folder"}},
		{"sneaky dotdot", map[string]string{"s.yaml": head + "steps:\n  - play: a/../../x.mp3\n"},
			[]string{"leads outside the script's folder"}},
		{"missing file", map[string]string{"s.yaml": head + "steps:\n  - play: sounds/x.mp3\n"},
			[]string{"4:11: `play`: file \"sounds/x.mp3\" not found"}},
		{"folder not file", map[string]string{"s.yaml": head + "steps:\n  - play: sounds\n", "sounds/a.mp3": "x"},
			[]string{"4:11: `play`: \"sounds\" is a folder, not a file"}},
		{"include cycle", map[string]string{
			"s.yaml": head + "steps:\n  - include: a.yaml\n",
			"a.yaml": "steps:\n  - include: b.yaml\n",
			"b.yaml": "steps:\n  - include: a.yaml\n"},
			[]string{"b.yaml:2:14: include cycle: s.yaml → a.yaml → b.yaml → a.yaml"}},
		{"include self", map[string]string{"s.yaml": head + "steps:\n  - include: s.yaml\n"},
			[]string{"4:14: include cycle: s.yaml → s.yaml"}},
		{"include depth", deepIncludes(10), []string{"includes nest deeper than 8 files"}},
		{"include error shown in its file", map[string]string{
			"s.yaml":       head + "steps:\n  - include: parts/g.yaml\n",
			"parts/g.yaml": "steps:\n  - say: hi\n    volum: -3dB\n"},
			[]string{"parts/g.yaml:3:5: unknown key `volum`; did you mean `volume`?"}},
		{"include needs steps", map[string]string{"s.yaml": head + "steps:\n  - include: g.yaml\n", "g.yaml": "title: x\n"},
			[]string{"g.yaml:1:1: an included file needs `steps:`"}},
		{"include paths are relative to the included file", map[string]string{
			"s.yaml":       head + "steps:\n  - include: parts/g.yaml\n",
			"parts/g.yaml": "steps:\n  - play: ../../x.mp3\n"},
			[]string{"parts/g.yaml:2:11: `play`: \"../../x.mp3\" leads outside"}},
		{"unsupported version", map[string]string{"s.yaml": "version: 2\ntitle: T\nsteps: [bell]\n"},
			[]string{"1:10: unsupported version 2: this exhale reads version 1 scripts"}},
		{"missing version", map[string]string{"s.yaml": "title: T\nsteps: [bell]\n"},
			[]string{"1:1: missing `version: 1`"}},
		{"missing title and steps", map[string]string{"s.yaml": "version: 1\n"},
			[]string{"1:1: missing `title`", "1:1: missing `steps`"}},
		{"empty steps", map[string]string{"s.yaml": head + "steps: []\n"},
			[]string{"3:8: `steps` is empty"}},
		{"two actions", map[string]string{"s.yaml": head + "steps:\n  - say: hi\n    bell: {}\n"},
			[]string{"5:5: a step has one action, but this one has `say` and `bell`"}},
		{"no action", map[string]string{"s.yaml": head + "steps:\n  - id: x\n"},
			[]string{"4:5: this step has no action"}},
		{"duplicate keys", map[string]string{"s.yaml": head + "steps:\n  - say: hi\n    pause: 3s\n    pause: 4s\n"},
			[]string{"6:5: duplicate key `pause` (already set at line 5)"}},
		{"duplicate top keys", map[string]string{"s.yaml": head + "title: U\nsteps: [bell]\n"},
			[]string{"3:1: duplicate key `title` (already set at line 2)"}},
		{"tabs", map[string]string{"s.yaml": head + "steps:\n\t- bell\n"},
			[]string{"4:1: a tab is used for indentation"}},
		{"binary", map[string]string{"s.yaml": "version: 1\x00\x01\x02"},
			[]string{"1:11: this is not a text file"}},
		{"non utf8", map[string]string{"s.yaml": head + "steps:\n  - say: caf\xe9\n"},
			[]string{"4:13: the file is not UTF-8 text here"}},
		{"utf16", map[string]string{"s.yaml": "\xff\xfev\x00"},
			[]string{"1:1: the file is saved as UTF-16"}},
		{"empty file", map[string]string{"s.yaml": ""}, []string{"1:1: the file is empty"}},
		{"only comments", map[string]string{"s.yaml": "# nothing\n"}, []string{"1:1: the file is empty"}},
		{"not a map", map[string]string{"s.yaml": "- a\n- b\n"}, []string{"1:1: a script is a map"}},
		{"yaml syntax", map[string]string{"s.yaml": head + "steps:\n  - say: \"unclosed\n"},
			[]string{"not valid YAML"}},
		{"two documents", map[string]string{"s.yaml": head + "steps: [bell]\n---\nversion: 1\n"},
			[]string{"a script is one YAML document"}},
		{"at before previous end is a timeline error, not a parse error", map[string]string{"s.yaml": head + "steps:\n  - at: -1s\n    bell: {}\n"},
			[]string{"4:9: `at` cannot be negative"}},
		{"too long pause", map[string]string{"s.yaml": head + "steps:\n  - pause: 13h\n"},
			[]string{"4:12: `pause` is 13h, longer than a whole session may last (12h)"}},
		{"too loud", map[string]string{"s.yaml": head + "steps:\n  - bell: {}\n    volume: +9dB\n"},
			[]string{"5:13: `volume`: level +9dB is too loud: at most +6dB"}},
		{"bad level", map[string]string{"s.yaml": head + "background: {sound: ocean, volume: loud}\nsteps: [bell]\n"},
			[]string{"3:36: `volume`: \"loud\" is not a level"}},
		{"unknown background", map[string]string{"s.yaml": head + "background: brown\nsteps: [bell]\n"},
			[]string{"3:13: unknown background sound \"brown\"; did you mean `brown-noise`?"}},
		{"unknown bell", map[string]string{"s.yaml": head + "bell: gong\nsteps: [bell]\n"},
			[]string{"3:7: unknown bell sound \"gong\": use one of bowl, chime"}},
		{"strikes range", map[string]string{"s.yaml": head + "steps:\n  - bell: {strikes: 12}\n"},
			[]string{"4:21: `strikes` must be from 1 to 9"}},
		{"repeat range", map[string]string{"s.yaml": head + "steps:\n  - repeat: 0\n    steps: [bell]\n"},
			[]string{"4:13: `repeat` must be from 1 to 1000"}},
		{"repeat needs steps", map[string]string{"s.yaml": head + "steps:\n  - repeat: 2\n"},
			[]string{"4:5: `repeat` needs `steps:`"}},
		{"repeat explosion", map[string]string{"s.yaml": head + "steps:\n  - repeat: 1000\n    steps:\n      - repeat: 1000\n        steps: [bell]\n"},
			[]string{"3:1: the session unrolls to more than 200000 steps"}},
		{"clip only on say", map[string]string{"s.yaml": head + "steps:\n  - bell: {}\n    clip: a.wav\n", "a.wav": "x"},
			[]string{"5:5: `clip` belongs to `say` steps"}},
		{"caption on pause", map[string]string{"s.yaml": head + "steps:\n  - pause: 3s\n    caption: x\n"},
			[]string{"5:5: `caption` has no meaning on a `pause` step"}},
		{"at in closing", map[string]string{"s.yaml": head + "steps: [bell]\nclosing:\n  - at: 3s\n    bell: {}\n"},
			[]string{"5:5: `at` has no meaning in `closing`"}},
		{"duplicate id", map[string]string{"s.yaml": head + "steps:\n  - id: a\n    bell: {}\n  - id: a\n    bell: {}\n"},
			[]string{"6:9: `id` \"a\" is already used at s.yaml:4"}},
		{"bad id", map[string]string{"s.yaml": head + "steps:\n  - id: 5m\n    bell: {}\n"},
			[]string{"4:9: `id` \"5m\" must start with a letter"}},
		{"bare word step", map[string]string{"s.yaml": head + "steps:\n  - pause\n"},
			[]string{"4:5: `pause` needs a value, like `pause: 10s`"}},
		{"command engine needs command", map[string]string{"s.yaml": head + "voice: {speech: {engine: command}}\nsteps: [bell]\n"},
			[]string{"3:17: `engine: command` needs `command:`"}},
		{"command placeholders", map[string]string{"s.yaml": head + "voice: {speech: {engine: command, command: [tts, \"{text_file}\"]}}\nsteps: [bell]\n"},
			[]string{"`command` must contain {out}"}},
		{"clips folder missing", map[string]string{"s.yaml": head + "voice: {engine: clips, clips: rec}\nsteps: [bell]\n"},
			[]string{"3:31: `clips`: folder \"rec\" not found"}},
		{"merge keys", map[string]string{"s.yaml": head + "x: &a {say: hi}\nsteps:\n  - <<: *a\n"},
			[]string{"3:1: unknown key `x`", "5:5: YAML merge keys"}},
		{"several problems reported together", map[string]string{"s.yaml": "version: 3\ntitle: T\nsteps:\n  - pase: 3s\n  - say: {}\n  - breathe: foo\n"},
			[]string{"1:10: unsupported version 3", "4:5: unknown key `pase`", "5:10: `say` takes text", "6:14: `breathe`: unknown breathing pattern"}},
		{"binaural options only with binaural", map[string]string{"s.yaml": head + "background: {sound: ocean, beat: 6}\nsteps: [bell]\n"},
			[]string{"3:28: `beat` is used only with `sound: binaural`"}},
		{"language", map[string]string{"s.yaml": head + "language: english please\nsteps: [bell]\n"},
			[]string{"3:11: `language` \"english please\" is not a language code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := script.Parse(mapFS(tt.files), "s.yaml", script.Options{})
			if err == nil {
				t.Fatal("want an error, got none")
			}
			got := diagStrings(t, err)
			i := 0
			for _, w := range tt.want {
				for i < len(got) && !strings.Contains(got[i], w) {
					i++
				}
				if i == len(got) {
					t.Fatalf("no diagnostic (in order) contains %q; got:\n%s", w, strings.Join(got, "\n"))
				}
				i++
			}
		})
	}
}

// deepIncludes makes s.yaml include i1.yaml, which includes i2.yaml, … n deep.
func deepIncludes(n int) map[string]string {
	files := map[string]string{"s.yaml": head + "steps:\n  - include: i1.yaml\n"}
	for i := 1; i < n; i++ {
		files[fmt.Sprintf("i%d.yaml", i)] = fmt.Sprintf("steps:\n  - include: i%d.yaml\n", i+1)
	}
	files[fmt.Sprintf("i%d.yaml", n)] = "steps: [bell]\n"
	return files
}

func TestDiagnosticPretty(t *testing.T) {
	_, err := script.Parse(mapFS(map[string]string{"s.yaml": head + "steps:\n  - say: hi\n    pase: 8s\n"}), "s.yaml", script.Options{Display: "work/s.yaml"})
	var diags script.Errors
	if !errors.As(err, &diags) {
		t.Fatalf("want script.Errors, got %v", err)
	}
	want := "work/s.yaml:5:5: unknown key `pase`; did you mean `pause`?\n    5 |     pase: 8s\n      |     ^"
	if got := diags.Pretty(); got != want {
		t.Errorf("Pretty:\n%s\nwant:\n%s", got, want)
	}
}

func TestAliasBomb(t *testing.T) {
	// Each level is a repeat whose ten steps alias the level below: eleven
	// levels would walk to 10^11 steps if aliases were expanded blindly.
	var b strings.Builder
	b.WriteString(head + "steps:\n  - &a0 {bell: {}}\n")
	for i := 1; i <= 11; i++ {
		fmt.Fprintf(&b, "  - &a%d {repeat: 1, steps: [", i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]}\n")
	}
	_, err := script.Parse(mapFS(map[string]string{"s.yaml": b.String()}), "s.yaml", script.Options{})
	got := strings.Join(diagStrings(t, err), "\n")
	if !strings.Contains(got, "too large once its YAML aliases are expanded") {
		t.Errorf("alias bomb: got %s", got)
	}
}

func TestAliasesWork(t *testing.T) {
	src := head + "steps:\n  - &calm {say: Breathe out slowly., pause: 5s}\n  - *calm\n"
	s, err := script.Parse(mapFS(map[string]string{"s.yaml": src}), "s.yaml", script.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Steps) != 2 || s.Steps[1].Text != "Breathe out slowly." {
		t.Errorf("steps = %+v", s.Steps)
	}
}

func TestLargeFile(t *testing.T) {
	big := head + "steps: [bell]\n# " + strings.Repeat("x", script.MaxFileSize) + "\n"
	_, err := script.Parse(mapFS(map[string]string{"s.yaml": big}), "s.yaml", script.Options{})
	if err == nil || !strings.Contains(err.Error(), "larger than 1024 KiB") {
		t.Errorf("got %v", err)
	}
}

func TestParseValid(t *testing.T) {
	src := `version: 1
title: "Soften, {{name}}"
description: A test.
tags: [a, b]
language: en-gb
voice:
  engine: auto
  speech: {engine: espeak-ng, voice: en-us+f3, rate: 120, pitch: 30}
background: {sound: binaural, beat: 4, volume: -30dB, duck: -8dB}
bell: chime
gap: 3s
vars:
  name: friend
notice: Breath holds can make you dizzy; skip them if they do.
steps:
  - bell
  - say: Welcome, {{ name }}.
    pause: 8
  - breathe:
      pattern: box
      hold: 2s
      for: 1m
      count: 2
      tone: false
      to: 4-0-8-0
  - repeat: 2
    id: soften
    steps:
      - say: Soften.
  - at: 5m
    bell: {strikes: 3, volume: -12dB, sound: bowl}
  - pause: 2.5s
closing:
  - say: Thank you.
`
	s, err := script.Parse(mapFS(map[string]string{"s.yaml": src}), "s.yaml", script.Options{Set: map[string]string{"name": "Ana", "extra": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"title", s.Title, "Soften, Ana"},
		{"language", s.Language, "en-gb"},
		{"speech rate", s.Voice.Speech.Rate, 120},
		{"background", s.Background.Sound.Name, "binaural"},
		{"carrier default", s.Background.Carrier, float64(script.DefaultCarrierHz)},
		{"beat", s.Background.Beat, 4.0},
		{"duck", s.Background.Duck, 8.0},
		{"bell", s.Bell.Name, "chime"},
		{"gap", s.Gap, 3 * time.Second},
		{"steps", len(s.Steps), 6},
		{"bare bell", s.Steps[0].Kind, script.Bell},
		{"say text", s.Steps[1].Text, "Welcome, Ana."},
		{"say pause", *s.Steps[1].After, 8 * time.Second},
		{"breath pattern", script.FormatPattern(s.Steps[2].Breath.Pattern), "4-2-4-4"},
		{"breath to", script.FormatPattern(s.Steps[2].Breath.To), "4-0-8-0"},
		{"breath for", s.Steps[2].Breath.For, time.Minute},
		{"breath tone", s.Steps[2].Breath.Tone, false},
		{"repeat", s.Steps[3].Count, 2},
		{"repeat id", s.Steps[3].ID, "soften"},
		{"at", *s.Steps[4].At, 5 * time.Minute},
		{"strikes", s.Steps[4].Ring.Strikes, 3},
		{"bell volume", *s.Steps[4].Volume, -12.0},
		{"pause", s.Steps[5].Duration, 2500 * time.Millisecond},
		{"closing", s.Closing[0].Text, "Thank you."},
		{"name declared", s.Declared("name"), true},
		{"extra not declared", s.Declared("extra"), false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

// TestPathsOnDisk exercises the path rules against a real folder opened
// with os.Root, as the CLI does: symbolic links inside the folder are fine,
// links out of it and non-regular files are refused.
func TestPathsOnDisk(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(p, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "sounds", "a.wav"), "x")
	write(filepath.Join(outside, "secret.wav"), "x")
	mustLink := func(target, link string) {
		t.Helper()
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	mustLink(filepath.Join(outside, "secret.wav"), filepath.Join(dir, "out.wav"))
	mustLink("sounds/a.wav", filepath.Join(dir, "in.wav"))
	mustLink(outside, filepath.Join(dir, "outdir"))
	if err := mkfifo(filepath.Join(dir, "pipe.wav")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		play string
		want string // "" for valid
	}{
		{"sounds/a.wav", ""},
		{"in.wav", ""},
		{"./sounds/../sounds/a.wav", ""},
		{"out.wav", "leads outside the script's folder through a symbolic link"},
		{"outdir/secret.wav", "leads outside the script's folder through a symbolic link"},
		{"pipe.wav", "is not a regular file"},
		{"sounds", "is a folder, not a file"},
	}
	for _, tt := range tests {
		t.Run(tt.play, func(t *testing.T) {
			write(filepath.Join(dir, "s.yaml"), head+"steps:\n  - play: "+tt.play+"\n")
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			_, err = script.Parse(root.FS(), "s.yaml", script.Options{})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("want valid, got %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("want %q, got %v", tt.want, err)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{"500ms", 500 * time.Millisecond, false},
		{"8s", 8 * time.Second, false},
		{"2m30s", 150 * time.Second, false},
		{"1h", time.Hour, false},
		{"5.5", 5500 * time.Millisecond, false},
		{"8 s", 8 * time.Second, false},
		{"  3 ", 3 * time.Second, false},
		{"-2s", -2 * time.Second, false},
		{"", 0, true},
		{"soon", 0, true},
		{"1e300", 0, true},
		{"NaN", 0, true},
		{"9999999999h", 0, true},
	}
	for _, tt := range tests {
		got, err := script.ParseDuration(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  bool
	}{
		{"-26dB", -26, false},
		{"-6 dB", -6, false},
		{"0dB", 0, false},
		{"+6dB", 6, false},
		{"-12", -12, false},
		{"-3.5db", -3.5, false},
		{"+6.1dB", 0, true},
		{"-200dB", 0, true},
		{"loud", 0, true},
		{"dB", 0, true},
	}
	for _, tt := range tests {
		got, err := script.ParseLevel(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParsePattern(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  string
	}{
		{"box", "4-4-4-4", ""},
		{"4-7-8", "4-7-8-0", ""},
		{"coherent", "5.5-0-5.5-0", ""},
		{"relax", "4-0-6-0", ""},
		{"sigh", "2-1-6", ""},
		{"Box", "4-4-4-4", ""},
		{"4-6", "4-0-6-0", ""},
		{"3.5-0-7-1.5", "3.5-0-7-1.5", ""},
		{"4", "", "unknown breathing pattern"},
		{"4-4-4-4-4", "", "unknown breathing pattern"},
		{"4--8", "", "is not a number"},
		{"4-61-8", "", "a phase lasts at most 1m"},
		{"-4-8", "", "is not a number"},
		{"cohrent", "", "did you mean `coherent`?"},
	}
	for _, tt := range tests {
		p, err := script.ParsePattern(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParsePattern(%q): want error %q, got %v", tt.in, tt.err, err)
		case tt.err == "" && err != nil:
			t.Errorf("ParsePattern(%q): %v", tt.in, err)
		case tt.err == "" && script.FormatPattern(p) != tt.want:
			t.Errorf("ParsePattern(%q) = %s, want %s", tt.in, script.FormatPattern(p), tt.want)
		}
	}
	if p, _ := script.ParsePattern("sigh"); p[0].Phase != script.Inhale || p[1].Phase != script.Inhale || p[2].Phase != script.Exhale {
		t.Errorf("sigh phases = %v", p)
	}
}

func TestSuggest(t *testing.T) {
	words := []string{"pause", "say", "breathe", "caption", "volume"}
	tests := []struct{ in, want string }{
		{"pase", "pause"},
		{"paus", "pause"},
		{"captoin", "caption"},
		{"breath", "breathe"},
		{"xyz", ""},
		{"volumeeee", "volume"},
	}
	for _, tt := range tests {
		if got := script.Suggest(tt.in, words); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{7 * time.Second, "7s"},
		{64 * time.Second, "1m4s"},
		{150500 * time.Millisecond, "2m30.5s"},
		{time.Hour + 2*time.Minute, "1h2m"},
		{17923 * time.Millisecond, "17.923s"},
		{1050 * time.Millisecond, "1.05s"},
	}
	for _, tt := range tests {
		if got := script.FormatDuration(tt.in); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
