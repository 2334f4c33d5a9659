package script

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits that keep a hostile or mistaken script bounded in time and memory.
const (
	MaxFileSize     = 1 << 20 // bytes in one script file
	MaxIncludeDepth = 8
	MaxEvents       = 200_000 // steps and breathing phases once repeats are unrolled
	maxAliased      = 100_000 // YAML values that aliases may expand to, in all
)

// Options tune parsing.
type Options struct {
	// Display is the name shown for the file in diagnostics (as the user
	// gave it). Empty means the name in the fs.FS.
	Display string
	// Set holds template values given on the command line; they override
	// the script's `vars`.
	Set map[string]string
	// Media, when set, is called for every audio file the script names
	// (after its path has passed the path rules), so that the caller can
	// decode it. An error it returns becomes a diagnostic at the line
	// naming the file, reported with all the others.
	Media func(path string) error
}

// MediaRef is an audio file a session names, and where.
type MediaRef struct {
	Path string // inside the script's fs.FS
	Pos  Pos
}

type parser struct {
	fsys     fs.FS
	opts     Options
	diags    []Diagnostic
	aliased  int64                // values reached through aliases so far
	sizes    map[*yaml.Node]int64 // expanded size of each node, once counted
	vars     map[string]string
	used     map[string]bool // template values filled in somewhere
	includes []string        // the files included, fs paths
	stack    []string        // include chain, fs paths
	media    []MediaRef
	ids      map[string]Pos
	events   int64
	sources  map[string][]byte
	probed   map[string]error // what Options.Media said of each file
}

// Parse reads the script name from fsys (which should be rooted at the
// script's own folder: every path the script names is resolved inside it),
// with its includes, and validates all of it. On any problem it returns a
// nil Session and an Errors holding every diagnostic found, in order.
// Other errors (the file cannot be read at all) are returned as they are.
func Parse(fsys fs.FS, name string, opts Options) (s *Session, err error) {
	p := &parser{fsys: fsys, opts: opts, ids: map[string]Pos{}, sizes: map[*yaml.Node]int64{}, sources: map[string][]byte{}, probed: map[string]error{}, used: map[string]bool{}}
	display := opts.Display
	if display == "" {
		display = name
	}
	src, err := readScript(fsys, name)
	if err != nil {
		return nil, err
	}
	d := &doc{p: p, file: display, src: src, dir: path.Dir(name)}
	defer func() {
		// The YAML library is third-party code fed untrusted input: a panic
		// in it must become a message, never a stack trace.
		if r := recover(); r != nil {
			s, err = nil, Errors{{Pos: Pos{File: display, Line: 1, Col: 1}, Msg: fmt.Sprintf("this file could not be read as YAML (%v)", r)}}
		}
	}()
	root := d.load()
	if root == nil {
		return nil, Errors(sortDiags(p.diags))
	}
	p.stack = []string{path.Clean(name)}
	s = d.session(root)
	if len(p.diags) > 0 {
		return nil, Errors(sortDiags(p.diags))
	}
	s.File = display
	s.sources = p.sources
	s.Includes = p.includes
	for i := range s.Vars {
		s.Vars[i].Used = p.used[s.Vars[i].Name]
	}
	return s, nil
}

// readScript reads a script file, refusing anything that is not a small
// regular file (a FIFO or a device would block or never end).
func readScript(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a folder: give a script file", name)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("%s is larger than %d KiB: a script is a short text file", name, MaxFileSize>>10)
	}
	return src, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// load checks that the bytes are UTF-8 YAML text and parses them to a node
// tree, returning the top mapping, or nil after reporting why not.
func (d *doc) load() *yaml.Node {
	src := d.src
	d.p.sources[d.file] = src
	at := func(off int) Pos {
		line := 1 + bytes.Count(src[:off], []byte("\n"))
		start := bytes.LastIndexByte(src[:off], '\n') + 1
		return Pos{File: d.file, Line: line, Col: 1 + utf8.RuneCount(src[start:off])}
	}
	switch {
	case len(bytes.TrimSpace(src)) == 0:
		d.errAt(Pos{File: d.file, Line: 1, Col: 1}, "the file is empty: a script needs at least `version: 1`, a `title` and `steps`")
		return nil
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		d.errAt(Pos{File: d.file, Line: 1, Col: 1}, "the file is saved as UTF-16: save it as UTF-8 text")
		return nil
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		d.errAt(at(i), "this is not a text file (it holds a NUL byte): a script is YAML text")
		return nil
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		d.errAt(at(off), "the file is not UTF-8 text here: save it as UTF-8")
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	tabs := false
	for i, line := range strings.Split(string(src), "\n") {
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		if k := strings.IndexByte(line[:indent], '\t'); k >= 0 && strings.TrimSpace(line) != "" {
			d.errAt(Pos{File: d.file, Line: i + 1, Col: k + 1}, "a tab is used for indentation: YAML needs spaces")
			tabs = true
		}
	}
	if tabs {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var root yaml.Node
	if err := dec.Decode(&root); errors.Is(err, io.EOF) {
		d.errAt(Pos{File: d.file, Line: 1, Col: 1}, "the file is empty: a script needs at least `version: 1`, a `title` and `steps`")
		return nil
	} else if err != nil {
		line, msg := 1, strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			fmt.Sscan(m[1], &line)
			msg = m[2]
		}
		text := sourceLine(src, line)
		col := 1 + len([]rune(text)) - len([]rune(strings.TrimLeft(text, " ")))
		d.errAt(Pos{File: d.file, Line: line, Col: col}, "not valid YAML: %s", msg)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.errf(&extra, "a script is one YAML document: remove the second `---` and what follows, or move it to its own file")
		return nil
	} else if !errors.Is(err, io.EOF) {
		d.errAt(Pos{File: d.file, Line: 1, Col: 1}, "not valid YAML after the first document: %v", err)
		return nil
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		d.errAt(Pos{File: d.file, Line: 1, Col: 1}, "the file is empty: a script needs at least `version: 1`, a `title` and `steps`")
		return nil
	}
	top := d.resolve(root.Content[0])
	if top.Kind != yaml.MappingNode {
		d.errf(top, "a script is a map of keys like `version:`, `title:` and `steps:`, not %s", kindName(top))
		return nil
	}
	return top
}

var topKeys = []string{"version", "title", "description", "tags", "language", "voice", "background", "bell", "gap", "vars", "notice", "steps", "closing"}

// session reads the top-level map of the main script.
func (d *doc) session(top *yaml.Node) *Session {
	f, _ := d.fields(top, "a script", topKeys)
	s := &Session{
		Language:   "en",
		Voice:      Voice{Engine: "auto", Speech: Speech{Engine: "espeak-ng", Rate: DefaultSpeechRate, Pitch: DefaultSpeechPitch}},
		Background: Background{Sound: Sound{Name: "none"}, Volume: DefaultBackgroundDB, Duck: DefaultDuckDB},
		Bell:       Sound{Name: "bowl"},
		Gap:        defaultGap,
	}
	if v, ok := f["version"]; ok {
		if n, ok := d.integer(v.val, "version", 0, 1<<30); ok && n != 1 {
			d.errf(v.val, "unsupported version %d: this exhale reads version 1 scripts", n)
		}
		s.Version = 1
	} else {
		d.errf(top, "missing `version: 1` at the top of the script")
	}
	d.vars(f, s)
	if v, ok := f["title"]; ok {
		if t, ok := d.nonEmpty(v.val, "title"); ok {
			s.Title = strings.TrimSpace(d.expand(v.val, t))
		}
	} else {
		d.errf(top, "missing `title`: give the session a short name people will see")
	}
	if v, ok := f["description"]; ok {
		if t, ok := d.text(v.val, "description"); ok {
			s.Description = strings.TrimSpace(d.expand(v.val, t))
		}
	}
	if v, ok := f["tags"]; ok {
		s.Tags = d.tags(v.val)
	}
	if v, ok := f["language"]; ok {
		if t, ok := d.nonEmpty(v.val, "language"); ok {
			if !langTag.MatchString(t) {
				d.errf(v.val, "`language` %q is not a language code: write it like en, de or en-gb", t)
			}
			s.Language = t
		}
	}
	if v, ok := f["voice"]; ok {
		d.voice(v.val, &s.Voice)
	}
	if v, ok := f["background"]; ok {
		d.background(v.val, &s.Background)
	}
	if v, ok := f["bell"]; ok {
		if snd, ok := d.sound(v.val, "bell", bellSounds); ok {
			s.Bell = snd
		}
	}
	if v, ok := f["gap"]; ok {
		if g, ok := d.duration(v.val, "gap", true); ok {
			s.Gap = g
		}
	}
	if v, ok := f["notice"]; ok {
		if t, ok := d.text(v.val, "notice"); ok {
			s.Notice = strings.TrimSpace(d.expand(v.val, t))
		}
	}
	if v, ok := f["steps"]; ok {
		s.StepsPos = d.pos(v.key)
		s.Steps = d.stepList(v.val, "steps", false)
	} else {
		d.errf(top, "missing `steps`: a script needs at least one step, like `- say: Welcome.`")
		s.StepsPos = d.pos(top)
	}
	if v, ok := f["closing"]; ok {
		if n := d.resolve(v.val); !(n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null") {
			s.Closing = d.stepList(n, "closing", true)
		}
	}
	if d.p.events > MaxEvents {
		d.errAt(s.StepsPos, "the session unrolls to more than %d steps and breaths: lower a `repeat` or `cycles`", MaxEvents)
	}
	s.Media = d.p.media
	return s
}

var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$`)

// vars reads `vars` and merges the command line's --set values over them.
func (d *doc) vars(f map[string]field, s *Session) {
	d.p.vars = map[string]string{}
	if v, ok := f["vars"]; ok {
		n := d.resolve(v.val)
		switch {
		case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null":
		case n.Kind != yaml.MappingNode:
			d.errf(n, "`vars` takes a map of names to text, like `name: friend`, not %s", kindName(n))
		default:
			seen := map[string]int{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, val := d.resolve(n.Content[i]), n.Content[i+1]
				if d.stop() {
					break
				}
				if k.Kind != yaml.ScalarNode || !varName.MatchString(k.Value) {
					d.errf(k, "a template value's name is a word of letters, digits, - and _, starting with a letter")
					continue
				}
				if line, dup := seen[k.Value]; dup {
					d.errf(k, "duplicate key `%s` (already set at line %d): keep one", k.Value, line)
					continue
				}
				seen[k.Value] = k.Line
				t, ok := d.text(val, k.Value)
				if !ok {
					continue
				}
				d.p.vars[k.Value] = t
				s.Vars = append(s.Vars, Var{Name: k.Value, Value: t, Source: "script", Declared: true})
			}
		}
	}
	names := make([]string, 0, len(d.p.opts.Set))
	for k := range d.p.opts.Set {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		val := d.p.opts.Set[k]
		d.p.vars[k] = val
		found := false
		for i := range s.Vars {
			if s.Vars[i].Name == k {
				s.Vars[i].Default = s.Vars[i].Value
				s.Vars[i].Value, s.Vars[i].Source, found = val, "--set", true
			}
		}
		if !found {
			s.Vars = append(s.Vars, Var{Name: k, Value: val, Source: "--set"})
		}
	}
}

func (p *parser) varNames() []string {
	out := make([]string, 0, len(p.vars))
	for k := range p.vars {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (d *doc) tags(n *yaml.Node) []string {
	n = d.resolve(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		if n.ShortTag() != "!!null" {
			d.errf(n, "`tags` takes a list of words, like [evening, body-scan]")
		}
		return nil
	}
	var out []string
	for _, c := range n.Content {
		if t, ok := d.nonEmpty(c, "tags"); ok {
			out = append(out, strings.TrimSpace(t))
		}
		if d.stop() {
			break
		}
	}
	return out
}

var (
	voiceEngines  = []string{"auto", "clips", "speech", "none"}
	speechEngines = []string{"espeak-ng", "festival", "command"}
)

func (d *doc) voice(n *yaml.Node, v *Voice) {
	n = d.resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errf(n, "`voice` takes a map with `engine`, `speech` and `clips`, not %s", kindName(n))
		return
	}
	f, _ := d.fields(n, "`voice`", []string{"engine", "speech", "clips"})
	if e, ok := f["engine"]; ok {
		if s, ok := d.choice(e.val, "engine", voiceEngines); ok {
			v.Engine = s
		}
	}
	if c, ok := f["clips"]; ok {
		if p, ok := d.localPath(c.val, "clips", folder); ok {
			v.Clips = p
		}
	}
	if v.Engine == "clips" && v.Clips == "" {
		if _, named := f["clips"]; !named {
			d.errf(n, "`engine: clips` needs `clips:`, the folder of recorded lines")
		}
	}
	sp, ok := f["speech"]
	if !ok {
		return
	}
	m := d.resolve(sp.val)
	if m.Kind != yaml.MappingNode {
		d.errf(m, "`speech` takes a map like {engine: espeak-ng, voice: en-us+f3, rate: 130, pitch: 35}, not %s", kindName(m))
		return
	}
	sf, _ := d.fields(m, "`speech`", []string{"engine", "voice", "rate", "pitch", "command"})
	if e, ok := sf["engine"]; ok {
		if s, ok := d.choice(e.val, "engine", speechEngines); ok {
			v.Speech.Engine = s
		}
	}
	if x, ok := sf["voice"]; ok {
		if s, ok := d.nonEmpty(x.val, "voice"); ok {
			v.Speech.Voice = strings.TrimSpace(s)
		}
	}
	if x, ok := sf["rate"]; ok {
		if r, ok := d.integer(x.val, "rate", 80, 450); ok {
			v.Speech.Rate = r
		}
	}
	if x, ok := sf["pitch"]; ok {
		if r, ok := d.integer(x.val, "pitch", 0, 99); ok {
			v.Speech.Pitch = r
		}
	}
	cmd, hasCmd := sf["command"]
	switch {
	case v.Speech.Engine == "command" && !hasCmd:
		d.errf(m, "`engine: command` needs `command:`, a list like [my-tts, --in, \"{text_file}\", --out, \"{out}\"]")
	case v.Speech.Engine != "command" && hasCmd:
		d.errf(cmd.key, "`command` is used only with `engine: command`")
	case hasCmd:
		v.Speech.Command = d.command(cmd.val)
	}
}

func (d *doc) command(n *yaml.Node) []string {
	n = d.resolve(n)
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.errf(n, "`command` takes a list: the program and its arguments (no shell), with {text_file} and {out}")
		return nil
	}
	var argv []string
	for _, c := range n.Content {
		s, ok := d.nonEmpty(c, "command")
		if !ok {
			return nil
		}
		argv = append(argv, s)
	}
	joined := strings.Join(argv[1:], " ")
	for _, ph := range []string{"{text_file}", "{out}"} {
		if !strings.Contains(joined, ph) {
			d.errf(n, "`command` must contain %s among its arguments", ph)
		}
	}
	return argv
}

var (
	bellSounds       = []string{"bowl", "chime"}
	backgroundSounds = []string{"brown-noise", "pink-noise", "ocean", "binaural", "none"}
)

// BackgroundSound returns the built-in background called name (or
// silence, for "none"), as --background names it.
func BackgroundSound(name string) (Sound, error) {
	if contains(backgroundSounds, name) {
		return Sound{Name: name}, nil
	}
	if near := Suggest(name, backgroundSounds); near != "" {
		return Sound{}, fmt.Errorf("unknown background %q; did you mean %s?", name, near)
	}
	return Sound{}, fmt.Errorf("unknown background %q: use one of %s", name, strings.Join(backgroundSounds, ", "))
}

// sound reads a built-in sound name or a file path.
func (d *doc) sound(n *yaml.Node, key string, names []string) (Sound, bool) {
	n = d.resolve(n)
	s, ok := d.nonEmpty(n, key)
	if !ok {
		return Sound{}, false
	}
	s = strings.TrimSpace(s)
	if contains(names, s) {
		return Sound{Name: s}, true
	}
	if looksLikeFile(s) {
		p, ok := d.localPath(n, key, regularFile)
		if ok {
			d.addMedia(n, p)
		}
		return Sound{Path: p}, ok
	}
	if near := Suggest(s, names); near != "" {
		d.errf(n, "unknown %s sound %q; did you mean `%s`?", key, s, near)
	} else {
		d.errf(n, "unknown %s sound %q: use one of %s, or an audio file (mp3, wav, flac)", key, s, strings.Join(names, ", "))
	}
	return Sound{}, false
}

func (d *doc) background(n *yaml.Node, bg *Background) {
	n = d.resolve(n)
	if n.Kind == yaml.ScalarNode {
		if snd, ok := d.sound(n, "background", backgroundSounds); ok {
			bg.Sound = snd
		}
		d.binauralDefaults(bg)
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errf(n, "`background` takes a sound name or a map with `sound`, `volume` and `duck`, not %s", kindName(n))
		return
	}
	f, _ := d.fields(n, "`background`", []string{"sound", "volume", "duck", "carrier", "beat"})
	if s, ok := f["sound"]; ok {
		if snd, ok := d.sound(s.val, "background", backgroundSounds); ok {
			bg.Sound = snd
		}
	} else {
		d.errf(n, "`background` needs `sound:` (%s, or an audio file)", strings.Join(backgroundSounds, ", "))
	}
	if v, ok := f["volume"]; ok {
		if l, ok := d.level(v.val, "volume"); ok {
			bg.Volume = l
		}
	}
	if v, ok := f["duck"]; ok {
		if l, ok := d.duck(v.val); ok {
			bg.Duck = l
		}
	}
	for _, k := range []string{"carrier", "beat"} {
		if v, ok := f[k]; ok && bg.Sound.Name != "binaural" {
			d.errf(v.key, "`%s` is used only with `sound: binaural`", k)
		}
	}
	if v, ok := f["carrier"]; ok && bg.Sound.Name == "binaural" {
		bg.Carrier, _ = d.number(v.val, "carrier", 40, 1000)
	}
	if v, ok := f["beat"]; ok && bg.Sound.Name == "binaural" {
		bg.Beat, _ = d.number(v.val, "beat", 0.5, 40)
	}
	d.binauralDefaults(bg)
}

// Binaural defaults: a low carrier and a slow (theta) beat.
const (
	DefaultCarrierHz = 200
	DefaultBeatHz    = 6
)

func (d *doc) binauralDefaults(bg *Background) {
	if bg.Sound.Name != "binaural" {
		return
	}
	if bg.Carrier == 0 {
		bg.Carrier = DefaultCarrierHz
	}
	if bg.Beat == 0 {
		bg.Beat = DefaultBeatHz
	}
}

// duck reads how far the background is lowered under the voice: an amount
// of decibels, 0 to 40. "duck: -6dB" means the same as "duck: 6dB".
func (d *doc) duck(n *yaml.Node) (float64, bool) {
	n = d.resolve(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" && n.ShortTag() != "!!bool" {
		if v, err := ParseDecibels(n.Value); err == nil && math.Abs(v) <= MaxDuckDB {
			return math.Abs(v), true
		}
	}
	d.errf(n, "`duck` takes how far the background is lowered under the voice: 0dB to %ddB, like 6dB", MaxDuckDB)
	return 0, false
}
