package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// badScript is one kind of bad input, written into a fresh folder.
type badScript struct {
	name  string
	setup func(t testing.TB, dir string) // writes s.yaml and anything else
	want  string                         // a part of the message
}

func writeFile(t testing.TB, p string, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func scriptFile(body string) func(testing.TB, string) {
	return func(t testing.TB, dir string) { writeFile(t, filepath.Join(dir, "s.yaml"), body) }
}

const top = "version: 1\ntitle: T\n"

func aliasBomb() string {
	var b strings.Builder
	b.WriteString(top + "steps:\n  - &a0 {bell: {}}\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, "  - &a%d {repeat: 1, steps: [%s]}\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	return b.String()
}

var badScripts = []badScript{
	{"unknown key", scriptFile(top + "steps:\n  - say: hi\n    pase: 3s\n"), "did you mean `pause`?"},
	{"wrong type", scriptFile(top + "steps:\n  - pause: [1, 2]\n"), "`pause` takes a duration"},
	{"negative length", scriptFile(top + "steps:\n  - pause: -3s\n"), "cannot be negative"},
	{"zero length", scriptFile(top + "steps:\n  - breathe: {inhale: 0s, exhale: 4s}\n"), "`inhale` must be longer than zero"},
	{"at before the previous step ends", scriptFile(top + "steps:\n  - pause: 1m\n  - at: 30s\n    bell: {}\n"), "starts before the previous step ends"},
	{"unknown preset", scriptFile(top + "steps:\n  - breathe: {pattern: square}\n"), "unknown breathing pattern"},
	{"malformed pattern", scriptFile(top + "steps:\n  - breathe: 4-seven-8\n"), "is not a number of seconds"},
	{"unknown template value", scriptFile(top + "steps:\n  - say: Hello {{name}}\n"), "unknown template value `name`"},
	{"absolute path", scriptFile(top + "steps:\n  - play: /dev/zero\n"), "is an absolute path"},
	{"dotdot", scriptFile(top + "steps:\n  - include: ../../etc/passwd\n"), "leads outside the script's folder"},
	{"symlink out", func(t testing.TB, dir string) {
		out := t.TempDir()
		writeFile(t, filepath.Join(out, "x.wav"), "RIFF")
		if err := os.Symlink(filepath.Join(out, "x.wav"), filepath.Join(dir, "x.wav")); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "s.yaml"), top+"steps:\n  - play: x.wav\n")
	}, "through a symbolic link"},
	{"not a regular file", func(t testing.TB, dir string) {
		if err := syscall.Mkfifo(filepath.Join(dir, "fifo.wav"), 0o644); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "s.yaml"), top+"steps:\n  - play: fifo.wav\n")
	}, "is not a regular file"},
	{"include cycle", func(t testing.TB, dir string) {
		writeFile(t, filepath.Join(dir, "s.yaml"), top+"steps:\n  - include: a.yaml\n")
		writeFile(t, filepath.Join(dir, "a.yaml"), "steps:\n  - include: s.yaml\n")
	}, "include cycle"},
	{"include depth", func(t testing.TB, dir string) {
		writeFile(t, filepath.Join(dir, "s.yaml"), top+"steps:\n  - include: i1.yaml\n")
		for i := 1; i <= 9; i++ {
			writeFile(t, filepath.Join(dir, fmt.Sprintf("i%d.yaml", i)), fmt.Sprintf("steps:\n  - include: i%d.yaml\n", i+1))
		}
		writeFile(t, filepath.Join(dir, "i10.yaml"), "steps: [bell]\n")
	}, "deeper than 8"},
	{"unsupported version", scriptFile("version: 7\ntitle: T\nsteps: [bell]\n"), "unsupported version 7"},
	{"empty steps", scriptFile(top + "steps: []\n"), "`steps` is empty"},
	{"missing steps", scriptFile(top), "missing `steps`"},
	{"two actions", scriptFile(top + "steps:\n  - say: hi\n    play: x.mp3\n"), "a step has one action"},
	{"duplicate keys", scriptFile(top + "title: U\nsteps: [bell]\n"), "duplicate key `title`"},
	{"tabs", scriptFile(top + "steps:\n\t- bell\n"), "a tab is used for indentation"},
	{"non-UTF-8", scriptFile(top + "steps:\n  - say: \xc3\x28\n"), "not UTF-8"},
	{"binary", scriptFile("\x7fELF\x02\x01\x01\x00\x00\x00"), "not a text file"},
	{"empty file", scriptFile(""), "the file is empty"},
	{"alias bomb", scriptFile(aliasBomb()), "too large once its YAML aliases are expanded"},
	{"absurd count", scriptFile(top + "steps:\n  - breathe: {pattern: box, cycles: 99999999999}\n"), "`cycles` must be from 1 to 1000"},
	{"absurd repeat", scriptFile(top + "steps:\n  - repeat: 99999999999999999999\n    steps: [bell]\n"), "`repeat` must be from 1 to 1000"},
	{"over 12 hours", scriptFile(top + "steps:\n  - repeat: 25\n    steps:\n      - pause: 30m\n"), "longer than 12h"},
	{"over 12 hours at once", scriptFile(top + "steps:\n  - at: 13h\n    bell: {}\n"), "longer than a whole session may last"},
}

var positioned = regexp.MustCompile(`(?m)^\S*s\.yaml:\d+:\d+: |^\S*\.yaml:\d+:\d+: `)

// TestBadInput runs `exhale check` on every kind of bad input the format
// must refuse: each gets exit 2, a message with file, line and column, and
// no panic.
func TestBadInput(t *testing.T) {
	for _, b := range badScripts {
		t.Run(b.name, func(t *testing.T) {
			dir := t.TempDir()
			b.setup(t, dir)
			out, errs, code := execute(t, "check", filepath.Join(dir, "s.yaml"))
			if code != ExitUsage {
				t.Errorf("exit %d, want %d\n%s%s", code, ExitUsage, out, errs)
			}
			if !positioned.MatchString(errs) {
				t.Errorf("no FILE:LINE:COL message in:\n%s", errs)
			}
			if !strings.Contains(errs, b.want) {
				t.Errorf("want %q in:\n%s", b.want, errs)
			}
			if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
				t.Errorf("a stack trace reached the user:\n%s", errs)
			}
		})
	}
}

// BenchmarkBadInput measures how long `exhale check` takes to refuse each
// kind of bad input (the design asks for well under a second each).
func BenchmarkBadInput(b *testing.B) {
	for _, bs := range badScripts {
		b.Run(strings.ReplaceAll(bs.name, " ", "-"), func(b *testing.B) {
			dir := b.TempDir()
			bs.setup(b, dir)
			file := filepath.Join(dir, "s.yaml")
			for b.Loop() {
				if _, _, code := executeB(b, "check", file); code != ExitUsage {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
