package present

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// noticePrompt is what the notice asks of the listener.
const noticePrompt = "press any key to begin · q to leave"

// NoticeFullScreen shows a script's notice before playback, in a calm box
// on the alternate screen, and waits. Any key begins (nil); q, Esc or
// Ctrl-C leave (ErrDeclined); a cancelled ctx returns ctx.Err(). in and out
// are as for FullScreen, and the terminal is restored the same way.
func NoticeFullScreen(ctx context.Context, in io.Reader, out io.Writer, title, notice string, opts Options) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	quit := make(chan struct{})
	defer close(quit)
	m := &noticeModel{title: clean(title, false), text: clean(notice, true), opts: opts, dark: true,
		watch: watchContext(ctx, quit)}
	m.pal = newPalette(opts.NoColor, true, colorprofile.TrueColor)
	filter := func(_ tea.Model, msg tea.Msg) tea.Msg {
		switch msg.(type) {
		case tea.InterruptMsg: // SIGINT while the input is not a terminal
			return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
		case tea.QuitMsg:
			if !m.answered {
				m.declined, m.answered = true, true // SIGTERM
			}
		}
		return msg
	}
	prof := colorprofile.Detect(out, os.Environ())
	if opts.NoColor {
		prof = min(prof, colorprofile.ASCII)
	}
	runErr := runProgram(in, out, m, prof, true, filter)
	switch {
	case m.err != nil:
		return m.err
	case ctx.Err() != nil:
		return ctx.Err()
	case runErr != nil:
		return runErr
	case m.declined:
		return ErrDeclined
	}
	return nil
}

// NoticePlain prints a script's notice and waits for wait (none when wait
// is zero or less, as with --yes), or until ctx is cancelled (ctx.Err()).
func NoticePlain(ctx context.Context, out io.Writer, notice string, wait time.Duration) error {
	text := clean(notice, true)
	if text != "" {
		eol := lineEnd(out)
		if _, err := io.WriteString(out, strings.ReplaceAll(text, "\n", eol)+eol); err != nil {
			return fmt.Errorf("present: %w", err)
		}
	}
	if wait <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// noticeModel is the notice screen.
type noticeModel struct {
	title, text   string
	opts          Options
	width, height int
	dark          bool
	pal           palette
	answered      bool
	declined      bool
	err           error
	watch         tea.Cmd // reports the cancellation of the context
}

func (m *noticeModel) Init() tea.Cmd {
	if m.opts.NoColor {
		return m.watch
	}
	return tea.Batch(m.watch, tea.RequestBackgroundColor)
}

func (m *noticeModel) Update(msg tea.Msg) (res tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			m.err, m.answered = panicError(r), true
			res, cmd = m, tea.Quit
		}
	}()
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.pal = newPalette(m.opts.NoColor, m.dark, colorprofile.TrueColor)
	case cancelMsg:
		m.answered = true
		return m, tea.Quit
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "Q", "esc", "ctrl+c":
			m.declined = true
		}
		m.answered = true
		return m, tea.Quit
	}
	return m, nil
}

func (m *noticeModel) View() (v tea.View) {
	v.AltScreen = true
	defer func() {
		if r := recover(); r != nil {
			m.err = panicError(r)
			v.Content = ""
		}
	}()
	if m.width <= 0 || m.height <= 0 {
		return v
	}
	v.Content = drawNotice(m.title, m.text, m.width, m.height, m.pal)
	return v
}

// drawNotice lays out the notice: a rounded box in the middle of the
// screen with the title, the text and the prompt.
func drawNotice(title, text string, w, h int, p palette) string {
	// The box takes 2 columns of border and 6 of padding.
	tw := max(1, min(captionWidth, w-8))
	body := wrap(text, tw)
	inner := ansi.StringWidth(noticePrompt)
	if inner > tw {
		inner = tw
	}
	for _, l := range body {
		inner = max(inner, ansi.StringWidth(l))
	}
	var lines []string
	if title != "" {
		lines = append(lines, centre(title, p.title, inner, inner), "")
	}
	lines = append(lines, body...)
	lines = append(lines, "", centre(noticePrompt, p.notice, inner, inner))
	box := lipgloss.NewStyle().
		Border(lipgloss.RoundedBorder()).
		Padding(1, 3)
	if w < inner+8 {
		box = box.Padding(0, max(0, (w-inner-2)/2))
	}
	if p.border != "" {
		box = box.BorderForeground(lipgloss.Color(p.border))
	}
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box.Render(strings.Join(lines, "\n")))
}
