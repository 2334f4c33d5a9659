package present

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

func TestNoticeKeys(t *testing.T) {
	tests := []struct {
		key      tea.KeyPressMsg
		declined bool
	}{
		{keySpace, false},
		{tea.KeyPressMsg{Code: tea.KeyEnter}, false},
		{keyRune('y'), false},
		{keyRune('q'), true},
		{keyRune('Q'), true},
		{tea.KeyPressMsg{Code: tea.KeyEscape}, true},
		{keyCtrlC, true},
	}
	for _, tt := range tests {
		t.Run(tt.key.String(), func(t *testing.T) {
			m := &noticeModel{text: "Breath holds ahead.", pal: newPalette(false, true, colorprofile.TrueColor)}
			m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			_, cmd := m.Update(tt.key)
			if cmd == nil {
				t.Fatal("a key does not end the notice")
			}
			if _, ok := cmd().(tea.QuitMsg); !ok {
				t.Error("the command is not tea.Quit")
			}
			if m.declined != tt.declined {
				t.Errorf("declined = %v, want %v", m.declined, tt.declined)
			}
		})
	}
}

func TestNoticeView(t *testing.T) {
	const text = "This session includes breath holds of up to seven seconds. If you are pregnant or have a heart or lung condition, breathe naturally instead.\n\nYou may stop at any time."
	for _, noColor := range []bool{false, true} {
		m := &noticeModel{title: "Arrive", text: text, opts: Options{NoColor: noColor}, pal: newPalette(noColor, true, colorprofile.TrueColor)}
		m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		v := m.View()
		if !v.AltScreen {
			t.Error("the notice does not use the alternate screen")
		}
		plain := ansi.Strip(v.Content)
		rows := strings.Split(plain, "\n")
		if len(rows) != 30 {
			t.Errorf("notice has %d rows, want 30", len(rows))
		}
		for _, want := range []string{"Arrive", "breath holds", "You may stop at any time.", noticePrompt, "╭", "╯"} {
			if !strings.Contains(plain, want) {
				t.Errorf("notice lacks %q:\n%s", want, plain)
			}
		}
		for _, r := range rows {
			if ansi.StringWidth(r) > 100 {
				t.Errorf("row wider than the screen: %q", r)
			}
		}
		// The box is in the middle.
		top := find(rows, "╭")
		bottom := find(rows, "╰")
		if top < 0 || bottom < 0 || top-(30-1-bottom) > 1 || (30-1-bottom)-top > 1 {
			t.Errorf("box from row %d to %d of 30: not centred", top, bottom)
		}
		if codes := colourCodes(v.Content); noColor && len(codes) > 0 {
			t.Errorf("NoColor notice has colour codes %q", codes)
		} else if !noColor && len(codes) == 0 {
			t.Error("the coloured notice has no colour")
		}
	}
}

func TestNoticeSmallScreens(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {10, 5}, {30, 10}} {
		m := &noticeModel{title: "Arrive", text: "Breath holds ahead. " + strings.Repeat("word ", 40), pal: newPalette(false, true, colorprofile.TrueColor)}
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		_ = m.View() // must not panic
	}
}
