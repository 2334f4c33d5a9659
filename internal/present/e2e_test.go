package present

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestEndToEnd runs the demo program (testdata/demo: FullScreen over a
// pretend player) in a real terminal, tmux, and drives it with keys.
func TestEndToEnd(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatalf("the end-to-end test needs tmux: %v", err)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the end-to-end test builds its demo with the go command: %v", err)
	}
	dir := t.TempDir()
	demo := filepath.Join(dir, "demo")
	if out, err := exec.Command(goCmd, "build", "-o", demo, "./testdata/demo").CombinedOutput(); err != nil {
		t.Fatalf("building the demo: %v\n%s", err, out)
	}

	t.Run("pause and quit", func(t *testing.T) {
		t.Parallel()
		term := startTmux(t, tmux, demo, "")
		term.waitFor("Welcome. Let yourself arrive", "left")
		if s := term.capture(); strings.Contains(s, "before-demo") {
			t.Errorf("the view is not on the alternate screen:\n%s", s)
		}
		term.keys("Space")
		term.waitFor("paused · space to continue")
		term.keys("q")
		s := term.waitFor("demo-exit-0", "tty: ")
		for _, want := range []string{"before-demo", "calls: pause stop", "tty: icanon echo"} {
			if !strings.Contains(s, want) {
				t.Errorf("after the demo, the terminal lacks %q:\n%s", want, s)
			}
		}
		if strings.Contains(s, "Welcome. Let yourself arrive") || strings.Contains(s, "left") {
			t.Errorf("the view is still on screen after the exit:\n%s", s)
		}
	})

	t.Run("resize", func(t *testing.T) {
		t.Parallel()
		term := startTmux(t, tmux, demo, "")
		term.waitFor("Welcome. Let yourself arrive", "left")
		term.run("resize-window", "-x", "60", "-y", "20")
		// The frame is laid out again for 60×20: the progress line (a
		// shorter bar) is centred in 60 columns on the second row from
		// the bottom, and no row of the 100-column frame is left over.
		deadline := time.Now().Add(8 * time.Second)
		for {
			rows := strings.Split(strings.TrimRight(term.capture(), "\n"), "\n")
			ok, why := resized(rows, 60, 20)
			if ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("after a resize to 60×20: %s\n%s", why, strings.Join(rows, "\n"))
			}
			time.Sleep(50 * time.Millisecond)
		}
		term.keys("q")
		term.waitFor("demo-exit-0")
	})

	t.Run("ctrl-c twice", func(t *testing.T) {
		t.Parallel()
		term := startTmux(t, tmux, demo, "")
		term.waitFor("Welcome. Let yourself arrive")
		term.keys("C-c")
		term.waitFor("ending gently… · ctrl+c again to stop now")
		term.keys("C-c")
		s := term.waitFor("demo-exit-0", "tty: ")
		for _, want := range []string{"before-demo", "calls: stop abort", "tty: icanon echo"} {
			if !strings.Contains(s, want) {
				t.Errorf("after the demo, the terminal lacks %q:\n%s", want, s)
			}
		}
	})

	t.Run("panic restores the terminal", func(t *testing.T) {
		t.Parallel()
		term := startTmux(t, tmux, demo, "-panic-after 500ms")
		s := term.waitFor("demo-exit-1", "tty: ")
		for _, want := range []string{"before-demo", "present: the screen failed: demo: pretend bug", "tty: icanon echo"} {
			if !strings.Contains(s, want) {
				t.Errorf("after the panic, the terminal lacks %q:\n%s", want, s)
			}
		}
	})

	t.Run("plain lines with raw keys", func(t *testing.T) {
		t.Parallel()
		term := startTmux(t, tmux, demo, "-plain -rawkeys")
		term.waitFor("[00:00] Welcome. Let yourself arrive")
		term.keys("Space")
		term.waitFor("(paused)")
		term.keys("q")
		s := term.waitFor("demo-exit-0", "tty: ")
		// Raw mode turns off output processing: every line must still
		// start at the left edge.
		for _, want := range []string{"\n[00:00] Welcome.", "\n[00:00] (paused)\n", "\n[00:00] (ending gently)\n", "\ncalls: pause stop\n", "tty: icanon echo"} {
			if !strings.Contains(s, want) {
				t.Errorf("the window lacks %q:\n%s", want, s)
			}
		}
		if strings.Contains(s, "\x1b") {
			t.Error("escape codes in plain mode")
		}
	})

	t.Run("no color", func(t *testing.T) {
		t.Parallel()
		term := startTmux(t, tmux, demo, "-nocolor")
		term.waitFor("Welcome. Let yourself arrive", "left")
		styled := term.captureStyled()
		if codes := colourCodes(styled); len(codes) > 0 {
			t.Errorf("NO_COLOR screen has colour codes %q", codes)
		}
		if !strings.Contains(styled, "\x1b[1m") {
			t.Error("the caption is not bold (the capture may have lost its attributes)")
		}
		term.keys("q")
		term.waitFor("demo-exit-0")
	})
}

// resized reports whether rows (a capture of a w×h window) hold a frame
// laid out for w×h, and if not, why.
func resized(rows []string, w, h int) (bool, string) {
	if len(rows) > h {
		return false, fmt.Sprintf("%d rows", len(rows))
	}
	progress := -1
	for i, r := range rows {
		if width := ansi.StringWidth(r); width > w {
			return false, fmt.Sprintf("row %d is %d columns wide", i, width)
		}
		if strings.Contains(r, " left") {
			progress = i
		}
	}
	if progress != h-2 {
		return false, fmt.Sprintf("the progress line is on row %d, want %d", progress, h-2)
	}
	r := rows[progress]
	lead := len(r) - len(strings.TrimLeft(r, " "))
	if right := w - ansi.StringWidth(r); lead < 1 || right-lead < 0 || right-lead > 1 {
		return false, fmt.Sprintf("the progress line is not centred in %d columns: %q", w, r)
	}
	return true, ""
}

// tmuxTerm is a demo running in a private tmux server.
type tmuxTerm struct {
	t          *testing.T
	tmux, sock string
}

// startTmux runs the demo with args in a 100×30 tmux window. Before it
// the window shows "before-demo"; after it, its exit status and whether
// the terminal is back in cooked mode with echo.
func startTmux(t *testing.T, tmux, demo, args string) *tmuxTerm {
	t.Helper()
	dir := t.TempDir()
	env := ""
	if args == "-nocolor" {
		env, args = "NO_COLOR=1 ", ""
	}
	script := fmt.Sprintf(`echo before-demo
%s%s %s
echo demo-exit-$?
echo "tty: $(stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' ')"
sleep 60
`, env, demo, args)
	path := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	term := &tmuxTerm{t: t, tmux: tmux, sock: filepath.Join(dir, "sock")}
	term.run("new-session", "-d", "-x", "100", "-y", "30", "sh "+path)
	t.Cleanup(func() { _ = exec.Command(tmux, "-S", term.sock, "kill-server").Run() })
	return term
}

func (term *tmuxTerm) run(args ...string) string {
	term.t.Helper()
	out, err := exec.Command(term.tmux, append([]string{"-S", term.sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (term *tmuxTerm) capture() string       { return term.run("capture-pane", "-p") }
func (term *tmuxTerm) captureStyled() string { return term.run("capture-pane", "-p", "-e") }
func (term *tmuxTerm) keys(keys ...string)   { term.run(append([]string{"send-keys"}, keys...)...) }

// waitFor waits until the window shows every one of texts, and returns it.
func (term *tmuxTerm) waitFor(texts ...string) string {
	term.t.Helper()
	deadline := time.Now().Add(8 * time.Second)
	for {
		s := term.capture()
		all := true
		for _, text := range texts {
			all = all && strings.Contains(s, text)
		}
		if all {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the window never showed %q:\n%s", texts, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
