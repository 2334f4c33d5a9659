package present

import (
	"context"
	"fmt"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
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
	runErr := runProgram(in, out, m, opts, filter)
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

// runProgram runs a Bubble Tea program on in and out.
func runProgram(in io.Reader, out io.Writer, m tea.Model, opts Options, filter func(tea.Model, tea.Msg) tea.Msg) error {
	popts := []tea.ProgramOption{
		tea.WithInput(in),
		tea.WithOutput(out),
		tea.WithFPS(rendererFPS),
		tea.WithFilter(filter),
		// The size when out is not a terminal (a terminal's own size wins).
		tea.WithWindowSize(80, 24),
	}
	if opts.NoColor {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	// With no context given to Bubble Tea, an error here is a real failure
	// (a panic in one of its goroutines, the terminal failing).
	if _, err := tea.NewProgram(m, popts...).Run(); err != nil {
		return fmt.Errorf("present: %w", err)
	}
	return nil
}
