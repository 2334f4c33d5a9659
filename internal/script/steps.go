package script

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	actionKeys = []string{"say", "pause", "breathe", "bell", "play", "repeat", "include"}
	stepKeys   = []string{"say", "pause", "breathe", "bell", "play", "repeat", "include", "steps", "at", "caption", "volume", "clip", "id"}
	idPattern  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)
)

// stepList reads a list of steps. closing is true for the `closing` list,
// where `at` has no meaning.
func (d *doc) stepList(n *yaml.Node, key string, closing bool) []Step {
	n = d.resolve(n)
	if n.Kind != yaml.SequenceNode {
		d.errf(n, "`%s` takes a list of steps, each starting with `- `, not %s", key, kindName(n))
		return nil
	}
	if len(n.Content) == 0 && key != "closing" {
		d.errf(n, "`%s` is empty: add at least one step, like `- say: Welcome.`", key)
		return nil
	}
	var out []Step
	for _, item := range n.Content {
		if d.stop() {
			break
		}
		if st, ok := d.step(item, closing); ok {
			out = append(out, st)
		}
	}
	return out
}

// step reads one step.
func (d *doc) step(n *yaml.Node, closing bool) (Step, bool) {
	n = d.resolve(n)
	st := Step{Pos: d.pos(n)}
	if n.Kind == yaml.ScalarNode {
		word := strings.TrimSpace(n.Value)
		switch {
		case word == "bell":
			st.Kind, st.Ring = Bell, &Ring{Strikes: 1}
			d.p.events++
			return st, true
		case contains(actionKeys, word):
			d.errf(n, "`%s` needs a value, like `%s`", word, example(word))
		default:
			d.errf(n, "a step is a map with one action, like `- say: %s`; `- bell` is the only one-word step", truncate(word, 40))
		}
		return st, false
	}
	if n.Kind != yaml.MappingNode {
		d.errf(n, "a step is a map with one action (%s), not %s", strings.Join(actionKeys, ", "), kindName(n))
		return st, false
	}
	f, order := d.fields(n, "a step", stepKeys)
	var actions []string
	for _, k := range order {
		if k != "pause" && contains(actionKeys, k) {
			actions = append(actions, k)
		}
	}
	if len(actions) == 0 {
		if _, ok := f["pause"]; ok {
			actions = []string{"pause"}
		}
	}
	switch {
	case len(actions) == 0:
		if len(f) > 0 || len(n.Content) == 0 {
			d.errf(n, "this step has no action: give it one of %s", strings.Join(actionKeys, ", "))
		}
		return st, false
	case len(actions) > 1:
		d.errf(f[actions[1]].key, "a step has one action, but this one has `%s` and `%s`: split it into two steps", actions[0], actions[1])
		return st, false
	}
	st.Kind = Kind(actions[0])
	if len(order) > 0 {
		st.Pos = d.pos(f[order[0]].key)
	}
	ok := d.common(f, &st, closing)
	val := f[actions[0]].val
	switch st.Kind {
	case Say:
		if t, good := d.nonEmpty(val, "say"); good {
			st.Text = strings.TrimSpace(d.expand(val, t))
		} else {
			ok = false
		}
		d.p.events++
	case Pause:
		if v, good := d.duration(val, "pause", false); good {
			st.Duration = v
		} else {
			ok = false
		}
		d.p.events++
	case Breathe:
		st.Breath = d.breathe(val)
		ok = ok && st.Breath != nil
	case Bell:
		st.Ring = d.bell(val, &st)
		ok = ok && st.Ring != nil
		d.p.events++
	case Play:
		if p, good := d.localPath(val, "play", regularFile); good {
			st.File = p
			d.addMedia(val, p)
		} else {
			ok = false
		}
		d.p.events++
	case Repeat:
		ok = d.repeat(f, n, &st, closing) && ok
	case Include:
		ok = d.include(val, &st, closing) && ok
	}
	if s, has := f["steps"]; has && st.Kind != Repeat {
		d.errf(s.key, "`steps` belongs to `repeat`: a %s step has none", st.Kind)
		ok = false
	}
	return st, ok
}

// common reads the keys any step may carry, checking that each means
// something for this step's action.
func (d *doc) common(f map[string]field, st *Step, closing bool) bool {
	ok := true
	bad := func(key, why string) {
		d.errf(f[key].key, "`%s` %s", key, why)
		ok = false
	}
	if v, has := f["id"]; has {
		if s, good := d.nonEmpty(v.val, "id"); good {
			switch prev, dup := d.p.ids[s]; {
			case !idPattern.MatchString(s):
				d.errf(v.val, "`id` %q must start with a letter and hold only letters, digits, - and _", s)
				ok = false
			case dup && prev != d.pos(v.val):
				d.errf(v.val, "`id` %q is already used at %s:%d: ids must be unique", s, prev.File, prev.Line)
				ok = false
			default:
				d.p.ids[s] = d.pos(v.val)
				st.ID = s
			}
		} else {
			ok = false
		}
	}
	if v, has := f["at"]; has {
		if closing {
			bad("at", "has no meaning in `closing`, which plays after a stop")
		} else if t, good := d.duration(v.val, "at", true); good {
			st.At = &t
		} else {
			ok = false
		}
	}
	if v, has := f["pause"]; has && st.Kind != Pause {
		if t, good := d.duration(v.val, "pause", true); good {
			st.After = &t
		} else {
			ok = false
		}
	}
	if v, has := f["caption"]; has {
		switch st.Kind {
		case Pause, Repeat, Include:
			bad("caption", fmt.Sprintf("has no meaning on a `%s` step", st.Kind))
		default:
			if t, good := d.text(v.val, "caption"); good {
				st.Caption = strings.TrimSpace(d.expand(v.val, t))
			} else {
				ok = false
			}
		}
	}
	if v, has := f["volume"]; has {
		switch st.Kind {
		case Pause, Repeat, Include:
			bad("volume", fmt.Sprintf("has no meaning on a `%s` step", st.Kind))
		default:
			if l, good := d.level(v.val, "volume"); good {
				st.Volume = &l
			} else {
				ok = false
			}
		}
	}
	if v, has := f["clip"]; has {
		if st.Kind != Say {
			bad("clip", "belongs to `say` steps: it is the recording of the spoken line")
		} else if p, good := d.localPath(v.val, "clip", regularFile); good {
			st.Clip = p
			d.addMedia(v.val, p)
		} else {
			ok = false
		}
	}
	return ok
}

func (d *doc) bell(n *yaml.Node, st *Step) *Ring {
	n = d.resolve(n)
	r := &Ring{Strikes: 1}
	switch {
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null":
		return r
	case n.Kind == yaml.ScalarNode:
		snd, ok := d.sound(n, "bell", bellSounds)
		if !ok {
			return nil
		}
		r.Sound = snd
		return r
	case n.Kind != yaml.MappingNode:
		d.errf(n, "`bell` takes a map like {strikes: 3} or {}, not %s", kindName(n))
		return nil
	}
	f, _ := d.fields(n, "`bell`", []string{"sound", "strikes", "volume", "overlap"})
	ok := true
	if v, has := f["sound"]; has {
		r.Sound, ok = d.sound(v.val, "bell", bellSounds)
	}
	if v, has := f["strikes"]; has {
		s, good := d.integer(v.val, "strikes", 1, 9)
		r.Strikes, ok = s, ok && good
	}
	if v, has := f["volume"]; has {
		if st.Volume != nil {
			d.errf(v.key, "`volume` is set twice, on the step and in `bell`: keep one")
			ok = false
		} else if l, good := d.level(v.val, "volume"); good {
			st.Volume = &l
		} else {
			ok = false
		}
	}
	if v, has := f["overlap"]; has {
		b, good := d.boolean(v.val, "overlap")
		r.Overlap, ok = b, ok && good
	}
	if !ok {
		return nil
	}
	return r
}

// DefaultCycles is how many cycles a `breathe` step runs when it says
// neither `cycles` nor `for`.
const DefaultCycles = 4

// MaxCycles is the most cycles one `breathe` step may ask for.
const MaxCycles = 1000

func (d *doc) breathe(n *yaml.Node) *Breathing {
	n = d.resolve(n)
	b := &Breathing{Cycles: DefaultCycles, Tone: true}
	if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
		p, err := ParsePattern(n.Value)
		if err != nil {
			d.errf(n, "`breathe`: %v", err)
			return nil
		}
		b.Pattern, b.Name = p, strings.TrimSpace(n.Value)
		d.p.events += int64(b.Cycles*len(p)) + 1
		return b
	}
	if n.Kind != yaml.MappingNode {
		d.errf(n, "`breathe` takes a pattern like 4-7-8, or a map with `pattern` and `cycles`, not %s", kindName(n))
		return nil
	}
	f, _ := d.fields(n, "`breathe`", []string{"pattern", "inhale", "hold", "exhale", "rest", "cycles", "for", "count", "tone", "to"})
	ok := true
	_, explicit := f["inhale"]
	for _, k := range []string{"hold", "exhale", "rest"} {
		_, has := f[k]
		explicit = explicit || has
	}
	if pat, has := f["pattern"]; has {
		if s, good := d.nonEmpty(pat.val, "pattern"); good {
			p, err := ParsePattern(s)
			if err != nil {
				d.errf(pat.val, "%v", err)
				ok = false
			}
			b.Pattern, b.Name = p, strings.TrimSpace(s)
			if explicit && len(p) != 4 && err == nil {
				d.errf(pat.val, "`%s` cannot take `inhale`, `hold`, `exhale` or `rest`: it has its own double in-breath", s)
				ok = false
			}
		} else {
			ok = false
		}
	} else if !explicit {
		d.errf(n, "`breathe` needs a `pattern` (%s, or seconds like 4-7-8), or `inhale:` and `exhale:`", strings.Join(PresetNames(), ", "))
		ok = false
	}
	if explicit && ok {
		// Explicit phases stand alone, or override the pattern's.
		var secs [4]float64
		for i, ph := range b.Pattern {
			secs[i] = ph.Length.Seconds()
		}
		for i, k := range []string{"inhale", "hold", "exhale", "rest"} {
			v, has := f[k]
			if !has {
				if b.Pattern == nil && (k == "inhale" || k == "exhale") {
					d.errf(n, "`breathe` needs `%s:` too", k)
					ok = false
				}
				continue
			}
			t, good := d.duration(v.val, k, k == "hold" || k == "rest")
			if !good {
				ok = false
				continue
			}
			if t > MaxPhase {
				d.errf(v.val, "`%s` lasts at most %s", k, FormatDuration(MaxPhase))
				ok = false
			}
			secs[i] = t.Seconds()
		}
		if ok {
			b.Pattern = pattern(secs[0], secs[1], secs[2], secs[3])
			b.Name = FormatPattern(b.Pattern)
			if err := checkCycle(b.Pattern); err != nil {
				d.errf(n, "`breathe`: %v", err)
				ok = false
			}
		}
	}
	cyc, hasCycles := f["cycles"]
	dur, hasFor := f["for"]
	switch {
	case hasCycles && hasFor:
		d.errf(dur.key, "give either `cycles` or `for`, not both")
		ok = false
	case hasCycles:
		c, good := d.integer(cyc.val, "cycles", 1, MaxCycles)
		b.Cycles, ok = c, ok && good
	case hasFor:
		t, good := d.duration(dur.val, "for", false)
		b.Cycles, b.For, ok = 0, t, ok && good
	}
	if v, has := f["count"]; has {
		c, good := d.integer(v.val, "count", 0, MaxCycles)
		b.Count, ok = c, ok && good
	}
	if v, has := f["tone"]; has {
		t, good := d.boolean(v.val, "tone")
		b.Tone, ok = t, ok && good
	}
	if v, has := f["to"]; has {
		if s, good := d.nonEmpty(v.val, "to"); good {
			p, err := ParsePattern(s)
			switch {
			case err != nil:
				d.errf(v.val, "`to`: %v", err)
				ok = false
			case len(p) != 4 || len(b.Pattern) != 4 && b.Pattern != nil:
				d.errf(v.val, "`to` moves between in-hold-out-rest patterns: `sigh` cannot be ramped")
				ok = false
			default:
				b.To = p
			}
		} else {
			ok = false
		}
	}
	if !ok {
		return nil
	}
	cycles := int64(b.Cycles)
	if b.For > 0 {
		cycles = int64(b.For/MinCycle) + 1
	}
	d.p.events += cycles*int64(len(b.Pattern)) + 1
	return b
}

// MaxRepeat is the most times one `repeat` may run its steps.
const MaxRepeat = 1000

func (d *doc) repeat(f map[string]field, n *yaml.Node, st *Step, closing bool) bool {
	c, ok := d.integer(f["repeat"].val, "repeat", 1, MaxRepeat)
	st.Count = c
	inner, has := f["steps"]
	if !has {
		d.errf(n, "`repeat` needs `steps:`, the list of steps to repeat")
		return false
	}
	before := d.p.events
	st.Steps = d.stepList(inner.val, "steps", closing)
	if !ok {
		return false
	}
	// The inner steps were counted once; they run c times.
	d.p.events = before + satMul(d.p.events-before, int64(c))
	return len(st.Steps) > 0
}

func satMul(a, b int64) int64 {
	if a != 0 && b > (1<<62)/a {
		return 1 << 62
	}
	return a * b
}

// include reads another script file's steps in place of the step.
func (d *doc) include(n *yaml.Node, st *Step, closing bool) bool {
	p, ok := d.localPath(n, "include", regularFile)
	if !ok {
		return false
	}
	st.Source = p
	for _, q := range d.p.stack {
		if q == p {
			chain := append(append([]string(nil), d.p.stack...), p)
			d.errf(n, "include cycle: %s", strings.Join(chain, " → "))
			return false
		}
	}
	if len(d.p.stack) > MaxIncludeDepth {
		d.errf(n, "includes nest deeper than %d files: flatten them", MaxIncludeDepth)
		return false
	}
	src, err := readScript(d.p.fsys, p)
	if err == nil {
		d.p.includes = append(d.p.includes, p)
	}
	if err != nil {
		d.errf(n, "`include`: %v", unwrapPathError(err))
		return false
	}
	sub := &doc{p: d.p, file: d.displayOf(p), src: src, dir: path.Dir(p)}
	top := sub.load()
	if top == nil {
		d.errf(n, "the included file %s has errors (shown with it)", sub.file)
		return false
	}
	f, _ := sub.fields(top, "a script", topKeys)
	v, has := f["steps"]
	if !has {
		sub.errf(top, "an included file needs `steps:`; its steps are what `include` inserts")
		return false
	}
	d.p.stack = append(d.p.stack, p)
	before := len(d.p.diags)
	st.Steps = sub.stepList(v.val, "steps", closing)
	d.p.stack = d.p.stack[:len(d.p.stack)-1]
	return len(d.p.diags) == before
}

// displayOf names a file of the script's folder the way the user sees the
// main script: beside it.
func (d *doc) displayOf(p string) string {
	main := d.p.opts.Display
	if main == "" {
		return p
	}
	dir := path.Dir(main)
	if dir == "." {
		return p
	}
	return path.Join(dir, p)
}

func example(action string) string {
	switch action {
	case "say":
		return "say: Welcome."
	case "pause":
		return "pause: 10s"
	case "breathe":
		return "breathe: 4-7-8"
	case "play":
		return "play: sounds/stream.mp3"
	case "repeat":
		return "repeat: 2 with steps:"
	case "include":
		return "include: parts/grounding.yaml"
	}
	return action + ": …"
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
