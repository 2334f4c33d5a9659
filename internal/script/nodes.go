package script

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// doc is one YAML file being read: where its diagnostics go and where its
// relative paths start.
type doc struct {
	p    *parser
	file string // display name
	src  []byte
	dir  string // the file's folder inside the script's fs.FS ("." at the top)
}

func (d *doc) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: d.file, Line: 1, Col: 1}
	}
	return Pos{File: d.file, Line: max(n.Line, 1), Col: max(n.Column, 1)}
}

func (d *doc) errAt(pos Pos, format string, args ...any) {
	d.p.diags = append(d.p.diags, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...), Source: sourceLine(d.src, pos.Line)})
}

func (d *doc) errf(n *yaml.Node, format string, args ...any) {
	d.errAt(d.pos(n), format, args...)
}

// resolve follows an alias, charging the parser's budget with the size of
// what the alias expands to. That bounds a YAML alias bomb in time and
// memory: the bomb is refused at the first alias whose expansion is too
// large, before anything is walked.
func (d *doc) resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		if d.stop() {
			return n.Alias
		}
		d.p.aliased += d.p.expandedSize(n.Alias, 0)
		if d.p.aliased > maxAliased {
			d.errf(n, "this file is too large once its YAML aliases are expanded (more than %d values): write the steps out, or use `repeat`", maxAliased)
		}
		n = n.Alias
	}
	return n
}

// stop reports whether walking should end early (the alias budget is spent).
func (d *doc) stop() bool { return d.p.aliased > maxAliased }

// expandedSize counts the values under n with every alias expanded,
// stopping as soon as the count passes the budget. Sizes are remembered per
// node, so the count costs one visit per distinct node.
func (p *parser) expandedSize(n *yaml.Node, depth int) int64 {
	if n == nil {
		return 0
	}
	if v, ok := p.sizes[n]; ok {
		return v
	}
	if depth > 1000 {
		return maxAliased + 1 // an alias that contains itself
	}
	p.sizes[n] = maxAliased + 1 // while counting: a cycle counts as too large
	size := int64(1)
	if n.Kind == yaml.AliasNode {
		size = p.expandedSize(n.Alias, depth+1)
	}
	for _, c := range n.Content {
		size += p.expandedSize(c, depth+1)
		if size > maxAliased {
			size = maxAliased + 1
			break
		}
	}
	p.sizes[n] = size
	return size
}

// field is one key and its value in a mapping.
type field struct {
	key *yaml.Node
	val *yaml.Node
}

// fields reads a mapping whose keys must be among known, reporting
// duplicate and unknown keys. what names the mapping in messages ("a step",
// "`breathe`").
func (d *doc) fields(n *yaml.Node, what string, known []string) (map[string]field, []string) {
	out := map[string]field{}
	var order []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.resolve(n.Content[i]), n.Content[i+1]
		if d.stop() {
			break
		}
		if k.Kind != yaml.ScalarNode {
			d.errf(k, "a key in %s must be a plain word", what)
			continue
		}
		name := k.Value
		if name == "<<" {
			d.errf(k, "YAML merge keys (`<<`) are not supported in scripts: write the keys out")
			continue
		}
		if prev, dup := out[name]; dup {
			d.errf(k, "duplicate key `%s` (already set at line %d): keep one", name, prev.key.Line)
			continue
		}
		if !contains(known, name) {
			if near := Suggest(name, known); near != "" {
				d.errf(k, "unknown key `%s`; did you mean `%s`?", name, near)
			} else {
				d.errf(k, "unknown key `%s` in %s: known keys are %s", name, what, strings.Join(known, ", "))
			}
			continue
		}
		out[name] = field{k, v}
		order = append(order, name)
	}
	return out, order
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// kindName describes a node's type for "takes X, not Y" messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!bool":
			return "true/false"
		case "!!int", "!!float":
			return "a number"
		}
		return "text"
	}
	return "something else"
}

// text reads a scalar as text. Numbers are kept as written; null and
// non-scalars are errors.
func (d *doc) text(n *yaml.Node, key string) (string, bool) {
	n = d.resolve(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		d.errf(n, "`%s` takes text, not %s", key, kindName(n))
		return "", false
	}
	return n.Value, true
}

// nonEmpty reads text that must not be blank.
func (d *doc) nonEmpty(n *yaml.Node, key string) (string, bool) {
	s, ok := d.text(n, key)
	if ok && strings.TrimSpace(s) == "" {
		d.errf(n, "`%s` is empty", key)
		return "", false
	}
	return s, ok
}

// duration reads a duration value. Zero is allowed only when zeroOK.
func (d *doc) duration(n *yaml.Node, key string, zeroOK bool) (time.Duration, bool) {
	n = d.resolve(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" || n.ShortTag() == "!!bool" {
		d.errf(n, "`%s` takes a duration like 8s or 2m30s, not %s", key, kindName(n))
		return 0, false
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		d.errf(n, "`%s`: %v", key, err)
		return 0, false
	}
	switch {
	case v < 0:
		d.errf(n, "`%s` cannot be negative (%s)", key, n.Value)
		return 0, false
	case v == 0 && !zeroOK:
		d.errf(n, "`%s` must be longer than zero", key)
		return 0, false
	case v > MaxSession:
		d.errf(n, "`%s` is %s, longer than a whole session may last (%s)", key, FormatDuration(v), FormatDuration(MaxSession))
		return 0, false
	}
	return v, true
}

// integer reads a whole number in [lo, hi].
func (d *doc) integer(n *yaml.Node, key string, lo, hi int) (int, bool) {
	n = d.resolve(n)
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!str" && n.ShortTag() != "!!float") {
		d.errf(n, "`%s` takes a whole number, not %s", key, kindName(n))
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(n.Value), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
		if ferr != nil || f != math.Trunc(f) || math.IsInf(f, 0) {
			if ferr == nil || strings.Contains(err.Error(), "range") {
				d.errf(n, "`%s` must be a whole number from %d to %d", key, lo, hi)
			} else {
				d.errf(n, "`%s` takes a whole number, not %q", key, n.Value)
			}
			return 0, false
		}
		if f < float64(lo) || f > float64(hi) {
			d.errf(n, "`%s` must be from %d to %d, not %s", key, lo, hi, n.Value)
			return 0, false
		}
		v = int64(f)
	}
	if v < int64(lo) || v > int64(hi) {
		d.errf(n, "`%s` must be from %d to %d, not %s", key, lo, hi, n.Value)
		return 0, false
	}
	return int(v), true
}

// number reads a decimal number in [lo, hi].
func (d *doc) number(n *yaml.Node, key string, lo, hi float64) (float64, bool) {
	n = d.resolve(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" && n.ShortTag() != "!!bool" {
		f, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
		if err == nil && !math.IsNaN(f) && f >= lo && f <= hi {
			return f, true
		}
	}
	d.errf(n, "`%s` takes a number from %g to %g", key, lo, hi)
	return 0, false
}

// boolean reads true or false.
func (d *doc) boolean(n *yaml.Node, key string) (bool, bool) {
	n = d.resolve(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		b, err := strconv.ParseBool(n.Value)
		if err == nil {
			return b, true
		}
	}
	d.errf(n, "`%s` takes true or false, not %s", key, kindName(n))
	return false, false
}

// level reads a level in dB.
func (d *doc) level(n *yaml.Node, key string) (float64, bool) {
	n = d.resolve(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" || n.ShortTag() == "!!bool" {
		d.errf(n, "`%s` takes a level like -12dB, not %s", key, kindName(n))
		return 0, false
	}
	v, err := ParseLevel(n.Value)
	if err != nil {
		d.errf(n, "`%s`: %v", key, err)
		return 0, false
	}
	return v, true
}

// choice reads one word out of a fixed set.
func (d *doc) choice(n *yaml.Node, key string, options []string) (string, bool) {
	s, ok := d.text(n, key)
	if !ok {
		return "", false
	}
	if contains(options, s) {
		return s, true
	}
	if near := Suggest(s, options); near != "" {
		d.errf(n, "`%s` cannot be %q; did you mean `%s`?", key, s, near)
	} else {
		d.errf(n, "`%s` cannot be %q: use one of %s", key, s, strings.Join(options, ", "))
	}
	return "", false
}
