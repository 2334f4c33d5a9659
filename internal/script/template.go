package script

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// varName is what a template variable may be called.
var varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// expand replaces {{name}} in s (read from node n) with template values,
// reporting unknown names and unclosed braces at their own position.
func (d *doc) expand(n *yaml.Node, s string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			d.errAt(d.find(n, rest[i:i+2]), "unclosed `{{`: write a template value as {{name}}")
			b.WriteString(rest[i:])
			break
		}
		token := rest[i : i+j+2]
		name := strings.TrimSpace(token[2 : len(token)-2])
		if v, ok := d.p.vars[name]; ok {
			b.WriteString(v)
			d.p.used[name] = true
		} else {
			known := d.p.varNames()
			msg := "unknown template value `" + name + "`"
			switch near := Suggest(name, known); {
			case !varName.MatchString(name):
				msg = "`" + token + "` is not a template value: write {{name}} with a name from `vars`"
			case near != "":
				msg += "; did you mean `" + near + "`?"
			default:
				msg += ": add it under `vars`, or give it with --set " + name + "=…"
			}
			d.errAt(d.find(n, token), "%s", msg)
			b.WriteString(token)
		}
		rest = rest[i+j+2:]
	}
	return b.String()
}

// find locates the first occurrence of token in the source at or after the
// start of node n, falling back to the node's own position.
func (d *doc) find(n *yaml.Node, token string) Pos {
	p := d.pos(n)
	lines := strings.Split(string(d.src), "\n")
	for li := p.Line - 1; li < len(lines) && li < p.Line+200; li++ {
		line := lines[li]
		from := 0
		if li == p.Line-1 {
			from = runeOffset(line, p.Col)
		}
		if from > len(line) {
			continue
		}
		if k := strings.Index(line[from:], token); k >= 0 {
			col := len([]rune(line[:from+k])) + 1
			return Pos{File: d.file, Line: li + 1, Col: col}
		}
	}
	return p
}

// runeOffset converts a 1-based rune column to a byte offset in line.
func runeOffset(line string, col int) int {
	i := 1
	for off := range line {
		if i == col {
			return off
		}
		i++
	}
	return len(line)
}
