package present

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// FullScreen runs the full-screen playback view until the controller is
// done or ctx is cancelled. in is the keyboard (normally a terminal: it is
// put in raw mode while the view runs; nil reads no keys) and out the
// terminal. Keys: space pauses or resumes, → or n skips ahead, ← or b goes
// back, + or = and - change the volume by VolumeStep, q stops gently; the
// first Ctrl-C stops gently too, and a Ctrl-C once a stop is under way
// stops at once. While the view runs it also catches SIGINT (the first
// stops gently, the next at once) and SIGTERM (stops at once), so that the
// terminal is restored whatever ends the program; a caller's own
// signal.Notify still gets them too.
//
// FullScreen always restores the terminal (raw mode off, alternate screen
// left, cursor shown), also when ctx is cancelled and when the view panics;
// a panic is returned as an error. It returns nil when playback ended,
// ctx.Err() when ctx was cancelled, and ErrAbandoned when the controller did
// not finish soon after Abort. On an error, the player may still be playing:
// the caller decides whether to stop it.
func FullScreen(ctx context.Context, in io.Reader, out io.Writer, c Controller, opts Options) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	quit := make(chan struct{})
	defer close(quit)
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	m := newModel(c, opts, time.Now(), quit)
	m.watch = watchContext(ctx, quit)
	prof := colorprofile.Detect(out, os.Environ())
	if opts.NoColor {
		prof = min(prof, colorprofile.ASCII)
	}
	m.setProfile(prof)
	// The screen paints itself (see painter), on every exit path leaving
	// the alternate screen: this defer runs before the recover above.
	m.paint = &painter{out: out}
	m.paint.start()
	defer m.paint.stop()
	if _, ok := terminal(in); ok && !opts.NoColor {
		// The answer (the background's colour, for the palette) comes in
		// with the keys. Asked here rather than through Bubble Tea, whose
		// queries wait for its renderer's next tick, which a screen that
		// paints for itself slows to one a second.
		io.WriteString(out, ansi.RequestBackgroundColor)
	}
	filter := func(_ tea.Model, msg tea.Msg) tea.Msg {
		switch msg.(type) {
		case tea.InterruptMsg: // SIGINT (not Ctrl-C: the keyboard is raw)
			return interruptMsg{}
		case tea.QuitMsg: // ours, or SIGTERM
			if !m.quitting {
				return abortMsg{}
			}
		}
		return msg
	}
	runErr := runProgram(in, out, m, prof, false, filter)
	switch {
	case m.err != nil:
		return m.err
	case ctx.Err() != nil:
		return ctx.Err()
	case runErr != nil:
		return runErr
	case m.abandoned:
		return ErrAbandoned
	}
	return nil
}

// cancelMsg tells a screen that its context was cancelled.
type cancelMsg struct{}

// watchContext is a command that returns cancelMsg when ctx is cancelled,
// or nothing once quit is closed. The screens quit on it the ordinary way:
// Bubble Tea's own context handling would kill the program instead, which
// restores the terminal too but leaves its keyboard reader running for a
// while after Run returns.
func watchContext(ctx context.Context, quit <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-ctx.Done():
			return cancelMsg{}
		case <-quit:
			return nil
		}
	}
}

// runProgram runs a Bubble Tea program on in and out, for a terminal of
// colour profile prof. With render false, Bubble Tea draws nothing (the
// model paints for itself) and, that way, neither puts the keyboard in raw
// mode nor follows the terminal's size: runProgram does both itself.
func runProgram(in io.Reader, out io.Writer, m tea.Model, prof colorprofile.Profile, render bool, filter func(tea.Model, tea.Msg) tea.Msg) error {
	w, h := 80, 24 // the size when out is not a terminal
	outTTY, isOutTTY := terminal(out)
	if isOutTTY {
		if tw, th, err := term.GetSize(outTTY.Fd()); err == nil && tw > 0 && th > 0 {
			w, h = tw, th
		}
	}
	fps := rendererFPS
	if !render {
		fps = 1 // the renderer's ticker only sends queued queries then
	}
	popts := []tea.ProgramOption{
		tea.WithInput(in),
		tea.WithOutput(out),
		tea.WithFPS(fps),
		tea.WithFilter(filter),
		tea.WithWindowSize(w, h), // a terminal's own size wins where Bubble Tea renders
		tea.WithColorProfile(prof),
	}
	if !render {
		popts = append(popts, tea.WithoutRenderer())
		if f, ok := terminal(in); ok {
			state, err := term.MakeRaw(f.Fd())
			if err != nil {
				return fmt.Errorf("present: the keyboard: %w", err)
			}
			defer term.Restore(f.Fd(), state)
		}
	}
	prog := tea.NewProgram(m, popts...)
	if !render && isOutTTY {
		stop := followSize(outTTY, prog)
		defer stop()
	}
	// With no context given to Bubble Tea, an error here is a real failure
	// (a panic in one of its goroutines, the terminal failing).
	if _, err := prog.Run(); err != nil {
		return fmt.Errorf("present: %w", err)
	}
	return nil
}

// terminal returns rw as a terminal, if it is one.
func terminal(rw any) (term.File, bool) {
	f, ok := rw.(term.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return nil, false
	}
	return f, true
}

// followSize sends the program the terminal's size each time it changes
// (SIGWINCH), until stop is called.
func followSize(f term.File, prog *tea.Program) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGWINCH)
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case <-sig:
				if w, h, err := term.GetSize(f.Fd()); err == nil && w > 0 && h > 0 {
					prog.Send(tea.WindowSizeMsg{Width: w, Height: h})
				}
			case <-quit:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(quit)
	}
}
