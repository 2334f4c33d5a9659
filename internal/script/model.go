package script

import (
	"fmt"
	"time"
)

// MaxSession is the longest a whole session may last.
const MaxSession = 12 * time.Hour

// Pos is a place in a script file: the file's name as the user gave it, and
// a 1-based line and column.
type Pos struct {
	File string
	Line int
	Col  int
}

// Session is one parsed and validated script, with its includes inlined and
// its templates expanded.
type Session struct {
	File        string // the script's name as given to Parse
	Version     int
	Title       string
	Description string
	Tags        []string
	Language    string
	Voice       Voice
	Background  Background
	Bell        Sound         // the default bell sound
	Gap         time.Duration // silence after a spoken line that sets no pause
	Vars        []Var         // template values, in file order, with their source
	Notice      string
	Steps       []Step
	Closing     []Step
	StepsPos    Pos        // where the steps list starts (for session-wide errors)
	Media       []MediaRef // every audio file the session names, in order
	Includes    []string   // every script file it includes (fs paths), in order

	sources map[string][]byte // file display name → its text, for diagnostics
}

// SourceLine returns the text of the line at p, for showing a diagnostic
// found after parsing (by the timeline, or while decoding audio).
func (s *Session) SourceLine(p Pos) string {
	return sourceLine(s.sources[p.File], p.Line)
}

// Errorf makes a diagnostic at p with the source line filled in.
func (s *Session) Errorf(p Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: p, Msg: fmt.Sprintf(format, args...), Source: s.SourceLine(p)}
}

// defaultGap is the silence after a spoken line when the script sets no gap.
const defaultGap = 2 * time.Second

// Var is one template value and where it came from.
type Var struct {
	Name     string
	Value    string
	Source   string // where the value came from: "script" or "--set"
	Declared bool   // the script's `vars` has it
	Default  string // the script's own value, when --set replaced it
	Used     bool   // a {{name}} in the script is filled in with it
}

// Declared reports whether the script's `vars` names a template value.
func (s *Session) Declared(name string) bool {
	for _, v := range s.Vars {
		if v.Name == name {
			return v.Declared
		}
	}
	return false
}

// Voice says where spoken lines come from.
type Voice struct {
	Engine string // auto | clips | speech | none
	Speech Speech
	Clips  string // folder of recorded clips, as a path inside the script's folder; "" if none
}

// Speech holds the speech engine settings.
type Speech struct {
	Engine  string   // espeak-ng | festival | command
	Voice   string   // engine voice name; "" picks one from the language
	Rate    int      // words per minute
	Pitch   int      // 0–99
	Command []string // for engine "command": argv with {text_file} and {out}
}

// DefaultSpeechRate is the speaking rate, in words per minute, used when a
// script sets none: slow and calm.
const DefaultSpeechRate = 130

// DefaultSpeechPitch is the pitch (0–99) used when a script sets none.
const DefaultSpeechPitch = 35

// Background is the continuous bed under a session.
type Background struct {
	Sound   Sound
	Volume  float64 // dB
	Duck    float64 // dB lowered while the voice speaks (a positive amount)
	Carrier float64 // Hz, for binaural
	Beat    float64 // Hz, for binaural
}

// Default levels, in dB relative to full scale, for each layer.
const (
	DefaultBackgroundDB = -26
	DefaultDuckDB       = 6
	DefaultBellDB       = -10
	DefaultBreathDB     = -18
)

// Sound names a synthesised sound or an audio file.
type Sound struct {
	Name string // a built-in sound name, or "" when Path is set
	Path string // a file inside the script's folder (fs.FS path), or ""
}

// IsNone reports whether the sound is silence.
func (s Sound) IsNone() bool { return s.Path == "" && (s.Name == "" || s.Name == "none") }

func (s Sound) String() string {
	if s.Path != "" {
		return s.Path
	}
	return s.Name
}

// Kind is a step's action.
type Kind string

// The step actions.
const (
	Say     Kind = "say"
	Pause   Kind = "pause"
	Breathe Kind = "breathe"
	Bell    Kind = "bell"
	Play    Kind = "play"
	Repeat  Kind = "repeat"
	Include Kind = "include"
)

// Step is one step of a session. Exactly the fields of its Kind are set.
type Step struct {
	Kind Kind
	Pos  Pos // the step's first key

	// Common keys.
	ID      string
	At      *time.Duration // absolute start from the session start
	After   *time.Duration // the common `pause`: silence after the action
	Caption string         // shown instead of the action's own caption
	Volume  *float64       // dB
	Clip    string         // for say: a recorded file for this line

	Text     string        // say: the line, templates expanded
	Duration time.Duration // pause: its length
	Breath   *Breathing    // breathe
	Ring     *Ring         // bell
	File     string        // play: the file
	Count    int           // repeat: how many times
	Steps    []Step        // repeat and include: the inner steps
	Source   string        // include: the included file
}

// Phase is one part of a breathing cycle.
type Phase string

// The breathing phases.
const (
	Inhale Phase = "inhale"
	Hold   Phase = "hold"
	Exhale Phase = "exhale"
	Rest   Phase = "rest"
)

// PhaseLen is one phase of a breathing pattern and its length.
type PhaseLen struct {
	Phase  Phase
	Length time.Duration
}

// Breathing is a paced breathing step.
type Breathing struct {
	Pattern []PhaseLen    // one cycle; zero-length phases are kept (they emit nothing)
	Name    string        // the preset or pattern as written, for captions
	To      []PhaseLen    // when set, the pattern moves to this across the cycles
	Cycles  int           // whole cycles; 0 when For is set
	For     time.Duration // as many whole cycles as fit, at least one
	Count   int           // speak the phase words for the first Count cycles
	Tone    bool          // the soft breath sound
}

// Ring is a bell step.
type Ring struct {
	Sound   Sound
	Strikes int
	Overlap bool // the next step starts at once, while the bell rings
}
