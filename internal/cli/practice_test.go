package cli

import (
	"io"
	"strings"
	"testing"
)

// TestReadLine: lines end at \n, \r (Enter on a raw terminal) or \r\n,
// and the input's end.
func TestReadLine(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"6\n3\nnote\n", []string{"6", "3", "note"}},
		{"6\r3\rnote\r", []string{"6", "3", "note"}},
		{"6\r\n3\r\n\r\nlast", []string{"6", "3", "", "last"}},
	} {
		p := &practice{env: &Env{Stdin: strings.NewReader(c.in)}, prompt: io.Discard}
		for i, want := range c.want {
			got, ok := p.readLine(nil)
			if !ok && want != "" || got != want {
				t.Errorf("%q, line %d: %q, %v; want %q", c.in, i+1, got, ok, want)
			}
		}
		if _, ok := p.readLine(nil); ok {
			t.Errorf("%q: a line after the end", c.in)
		}
	}
}
