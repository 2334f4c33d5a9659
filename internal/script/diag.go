package script

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Diagnostic is one problem found in a script, at a position.
type Diagnostic struct {
	Pos
	Msg    string
	Source string // the text of the line at Pos, for the caret display ("" if unknown)
}

func (d Diagnostic) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Col, d.Msg)
}

// Pretty renders the diagnostic as `FILE:LINE:COL: message`, followed by
// the source line and a caret under the column.
func (d Diagnostic) Pretty() string {
	var b strings.Builder
	b.WriteString(d.Error())
	if d.Source != "" {
		gutter := fmt.Sprintf("%5d | ", d.Line)
		b.WriteString("\n")
		b.WriteString(gutter)
		b.WriteString(d.Source)
		b.WriteString("\n")
		b.WriteString(strings.Repeat(" ", len(gutter)-2) + "| ")
		b.WriteString(caretPad(d.Source, d.Col))
		b.WriteString("^")
	}
	return b.String()
}

// caretPad returns the white space that puts a caret under the col-th
// character (1-based, counted in runes as YAML does) of line, keeping tabs
// so that the caret lines up in a terminal.
func caretPad(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	for ; i < col; i++ {
		b.WriteByte(' ')
	}
	return b.String()
}

// Errors is every problem found in one script (and the files it includes),
// in file and line order. It is the error Parse returns for an invalid
// script.
type Errors []Diagnostic

func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, d := range e {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// Pretty renders every diagnostic with its source line and caret.
func (e Errors) Pretty() string {
	parts := make([]string, len(e))
	for i, d := range e {
		parts[i] = d.Pretty()
	}
	return strings.Join(parts, "\n")
}

// sortDiags orders diagnostics by file order of appearance, then position,
// and drops exact repeats.
func sortDiags(ds []Diagnostic) []Diagnostic {
	order := map[string]int{}
	for _, d := range ds {
		if _, ok := order[d.File]; !ok {
			order[d.File] = len(order)
		}
	}
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return order[a.File] < order[b.File]
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d.Pos == ds[i-1].Pos && d.Msg == ds[i-1].Msg {
			continue
		}
		out = append(out, d)
	}
	return out
}

// sourceLine returns line n (1-based) of src, without its line ending, made
// printable: invalid UTF-8 and control characters other than tab are shown
// as U+FFFD so that a terminal is never confused by a binary file.
func sourceLine(src []byte, n int) string {
	if n < 1 {
		return ""
	}
	start := 0
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src[start:], '\n')
		if j < 0 {
			return ""
		}
		start += j + 1
	}
	end := bytes.IndexByte(src[start:], '\n')
	if end < 0 {
		end = len(src) - start
	}
	line := src[start : start+end]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	const maxShown = 200
	var b strings.Builder
	for len(line) > 0 && b.Len() < maxShown {
		r, size := utf8.DecodeRune(line)
		if (r < 0x20 && r != '\t') || r == 0x7f {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		line = line[size:]
	}
	return b.String()
}
