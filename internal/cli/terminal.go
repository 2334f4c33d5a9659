package cli

import (
	"os"

	"github.com/charmbracelet/x/term"
)

// isTerminal reports whether v (a reader or writer) is a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// rawMode puts a terminal in raw mode (keys arrive one by one, unechoed)
// and returns how to restore it.
func rawMode(f *os.File) (func(), error) {
	state, err := term.MakeRaw(f.Fd())
	if err != nil {
		return nil, err
	}
	return func() { term.Restore(f.Fd(), state) }, nil
}
