package voice

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/exhale-audio/exhale/internal/script"
)

// engine synthesises one line of text to a WAV file.
type engine interface {
	// name is the engine as the script names it ("espeak-ng").
	name() string
	// program is the program run, for messages and for finding it.
	program() string
	// key is everything but the text that shapes what the engine says: its
	// version, voice, rate and pitch. It names the cache entries.
	key() (string, error)
	// args is the command line that says the text in textFile into out.
	args(textFile, out string) []string
	// text turns a line into the text file's contents (pauses marked as
	// the engine understands them).
	text(line string) string
}

// newEngine returns the engine the script's speech settings ask for, for
// a session in language lang.
func newEngine(sp script.Speech, lang string) engine {
	switch sp.Engine {
	case "festival":
		return &festival{rate: sp.Rate, pitch: sp.Pitch, voice: sp.Voice}
	case "command":
		return &command{argv: sp.Command}
	}
	voice := sp.Voice
	if voice == "" {
		voice = defaultEspeakVoice(lang)
	}
	return &espeak{voice: voice, rate: sp.Rate, pitch: sp.Pitch}
}

// defaultEspeakVoice is the voice used for a language when the script
// names none: the language's own voice with the soft female variant f3
// (American English for plain "en").
func defaultEspeakVoice(lang string) string {
	lang = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(lang)), "_", "-")
	if lang == "" || lang == "en" {
		lang = "en-us"
	}
	return lang + "+f3"
}

// Pauses: an ellipsis and a line break inside a line are short pauses.
var pauseMarks = regexp.MustCompile(`\s*(…|\.\.\.|\n)\s*`)

// versions remembers each program's version, asked once per process.
var versions sync.Map // program → string

// versionOf asks program for its version (the first line it prints for
// args), once per process, and, across processes, once per installed
// program: the answer is kept in the cache folder with the program's size
// and time, so that a warm start runs no program at all.
func versionOf(program string, args ...string) (string, error) {
	if v, ok := versions.Load(program); ok {
		return v.(string), nil
	}
	if v, ok := keptVersion(program); ok {
		versions.Store(program, v)
		return v, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), listTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, program, args...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s %s: %v", program, strings.Join(args, " "), err)
	}
	v := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	versions.Store(program, v)
	keepVersion(program, v)
	return v, nil
}

// versionFile is where versions are kept between processes (set by
// Prepare to the cache folder; "" keeps none).
var versionFile struct {
	sync.Mutex
	path string
}

// keptVersion is a program's version kept by an earlier process, if the
// program is still the same file.
type keptProgram struct {
	Path    string `json:"path"`
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime"`
	Version string `json:"version"`
}

func programFile(program string) (keptProgram, bool) {
	path, err := exec.LookPath(program)
	if err != nil {
		return keptProgram{}, false
	}
	st, err := os.Stat(path)
	if err != nil {
		return keptProgram{}, false
	}
	return keptProgram{Path: path, Size: st.Size(), ModTime: st.ModTime().UnixNano()}, true
}

func readKept() map[string]keptProgram {
	versionFile.Lock()
	path := versionFile.path
	versionFile.Unlock()
	kept := map[string]keptProgram{}
	if path == "" {
		return kept
	}
	if b, err := os.ReadFile(path); err == nil {
		json.Unmarshal(b, &kept)
	}
	return kept
}

func keptVersion(program string) (string, bool) {
	now, ok := programFile(program)
	if !ok {
		return "", false
	}
	k, ok := readKept()[program]
	if !ok || k.Path != now.Path || k.Size != now.Size || k.ModTime != now.ModTime || k.Version == "" {
		return "", false
	}
	return k.Version, true
}

func keepVersion(program, version string) {
	versionFile.Lock()
	path := versionFile.path
	versionFile.Unlock()
	now, ok := programFile(program)
	if path == "" || !ok {
		return
	}
	kept := readKept()
	now.Version = version
	kept[program] = now
	if b, err := json.Marshal(kept); err == nil && os.MkdirAll(filepath.Dir(path), 0o755) == nil {
		writeAtomic(path, b) // best effort: it is asked again if lost
	}
}

// espeak is espeak-ng: -s words per minute, -p pitch 0–99, -g a gap of 40
// ms between words, SSML input so pauses can be marked.
type espeak struct {
	voice       string
	rate, pitch int
}

func (e *espeak) name() string    { return "espeak-ng" }
func (e *espeak) program() string { return "espeak-ng" }

func (e *espeak) key() (string, error) {
	v, err := versionOf("espeak-ng", "--version")
	if err != nil {
		return "", err
	}
	// "eSpeak NG text-to-speech: 1.51  Data at: …": the data folder is
	// not part of the voice.
	v, _, _ = strings.Cut(v, "  Data at:")
	return fmt.Sprintf("espeak-ng\x00%s\x00%s\x00%d\x00%d", v, e.voice, e.rate, e.pitch), nil
}

func (e *espeak) args(textFile, out string) []string {
	return []string{"-m", "-v", e.voice, "-s", strconv.Itoa(e.rate), "-p", strconv.Itoa(e.pitch), "-g", "4", "-w", out, "-f", textFile}
}

func (e *espeak) text(line string) string {
	esc := xmlEscape(line)
	return "<speak>" + pauseMarks.ReplaceAllStringFunc(esc, func(m string) string {
		if strings.Contains(m, "\n") {
			return ` <break time="400ms"/> `
		}
		return ` <break time="600ms"/> `
	}) + "</speak>"
}

// xmlEscape escapes text for SSML; characters XML does not allow (control
// characters, invalid UTF-8) become spaces.
func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		if !isXMLChar(r) {
			r = ' '
		}
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// festival is Festival's text2wave with the HTS voice cmu_us_slt_arctic_hts
// (Debian's festvox-us-slt-hts) or another Festival voice: the rate and
// pitch go to the HTS engine (-r speed, -fm half-tones).
type festival struct {
	voice       string
	rate, pitch int
}

// festivalNominalRate is how fast the HTS voice speaks at speed 1, in
// words per minute, measured on calm guidance text.
const festivalNominalRate = 180

func (f *festival) name() string    { return "festival" }
func (f *festival) program() string { return "text2wave" }

func (f *festival) voiceName() string {
	if f.voice != "" {
		return f.voice
	}
	return "cmu_us_slt_arctic_hts"
}

func (f *festival) key() (string, error) {
	v, err := versionOf("festival", "--version")
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("festival\x00%s\x00%s\x00%d\x00%d", v, f.voiceName(), f.rate, f.pitch), nil
}

func (f *festival) args(textFile, out string) []string {
	speed := float64(f.rate) / festivalNominalRate
	semitones := float64(f.pitch-50) / 10
	return []string{"-o", out,
		"-eval", "(voice_" + f.voiceName() + ")",
		"-eval", fmt.Sprintf(`(set! hts_engine_params (append hts_engine_params (list (list "-r" %.3f) (list "-fm" %.2f))))`, speed, semitones),
		textFile}
}

func (f *festival) text(line string) string {
	return pauseMarks.ReplaceAllString(line, ", ")
}

// command is a program of the user's own, given as an argument list with
// {text_file} and {out} in it.
type command struct{ argv []string }

func (c *command) name() string    { return "command" }
func (c *command) program() string { return c.argv[0] }

func (c *command) key() (string, error) {
	// The program's own file (its size and time) stands for its version.
	path, err := exec.LookPath(c.argv[0])
	if err != nil {
		return "", err
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	abs, _ := filepath.Abs(path)
	return fmt.Sprintf("command\x00%s\x00%d\x00%d\x00%s", abs, st.Size(), st.ModTime().UnixNano(), strings.Join(c.argv[1:], "\x00")), nil
}

func (c *command) args(textFile, out string) []string {
	args := make([]string, len(c.argv)-1)
	for i, a := range c.argv[1:] {
		args[i] = strings.NewReplacer("{text_file}", textFile, "{out}", out).Replace(a)
	}
	return args
}

func (c *command) text(line string) string { return line }

// available reports whether the engine's program can be run.
func available(e engine) bool {
	_, err := exec.LookPath(e.program())
	return err == nil
}

// run says line into out with e, within ctx, and returns what the program
// printed. Its error carries that too.
func run(ctx context.Context, e engine, dir, line, out string) (string, error) {
	tf, err := os.CreateTemp(dir, ".text-*.txt")
	if err != nil {
		return "", err
	}
	defer os.Remove(tf.Name())
	_, werr := tf.WriteString(e.text(line))
	if cerr := tf.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return "", werr
	}
	cmd := exec.CommandContext(ctx, e.program(), e.args(tf.Name(), out)...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	cmd.WaitDelay = timeoutGrace
	// The engine runs in a process group of its own, ended whole: a
	// wrapper's children do not outlive it, on time or not.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	err = cmd.Run()
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	printed := strings.Join(strings.Fields(stderr.String()), " ")
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return printed, fmt.Errorf("%s did not finish within the time a line may take", e.program())
		}
		return printed, ctx.Err()
	}
	if err != nil {
		msg := printed
		if msg == "" {
			msg = err.Error()
		}
		return printed, fmt.Errorf("%s failed: %s", e.program(), msg)
	}
	return printed, nil
}

// isXMLChar reports whether XML 1.0 allows r in text.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
