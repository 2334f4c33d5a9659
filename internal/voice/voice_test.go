package voice

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/exhale-audio/exhale/audio/streamtest"
	"github.com/exhale-audio/exhale/internal/media"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

// These tests run the real espeak-ng (and sh and sleep for the command
// engine). .ci/run installs espeak-ng.

func needEspeak(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Fatal("espeak-ng is not installed: run scripts/install-deps test")
	}
}

// session parses a script (and its other files) from memory.
func session(t *testing.T, yaml string, files map[string][]byte) (*script.Session, fstest.MapFS) {
	t.Helper()
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(yaml)}}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	s, err := script.Parse(fsys, "s.yaml", script.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s, fsys
}

func prepare(t *testing.T, s *script.Session, fsys fstest.MapFS, opts Options) (*Voice, error) {
	t.Helper()
	if opts.Cache.Dir == "" {
		opts.Cache.Dir = t.TempDir()
	}
	v, err := Prepare(context.Background(), s, fsys, media.New(fsys, false), opts)
	if v != nil {
		t.Cleanup(func() { v.Close() })
	}
	return v, err
}

func spoken(t *testing.T, v *Voice, text string) timeline.Spoken {
	t.Helper()
	sp, err := v.Speech(timeline.SpokenLine{Text: text}, 48000)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// tone is a WAV of a 300 Hz tone at amplitude amp, for a recording.
func tone(rate, channels int, seconds, amp float64) []byte {
	return streamtest.WAV16(rate, channels, seconds, func(t float64, _ int) float64 { return amp * math.Sin(2*math.Pi*300*t) })
}

func TestLines(t *testing.T) {
	s, _ := session(t, `version: 1
title: T
steps:
  - say: One.
  - repeat: 2
    steps:
      - say: Two.
        id: two
  - say: Three.
    clip: three.wav
closing:
  - say: Four.
`, map[string][]byte{"three.wav": tone(8000, 1, 0.5, 0.3)})
	var got []string
	for _, l := range Lines(s) {
		got = append(got, fmt.Sprintf("%s|%s|%s|%d", l.Text, l.ID, l.Clip, l.Pos.Line))
	}
	if len(got) != 4 || !strings.HasPrefix(got[0], "One.|||4") || !strings.HasPrefix(got[1], "Two.|two||") ||
		!strings.HasPrefix(got[2], "Three.||three.wav|") || !strings.HasPrefix(got[3], "Four.|||") {
		t.Errorf("lines: %q", got)
	}
}

func TestClipName(t *testing.T) {
	// The hashes are the first 4 bytes of the text's SHA-256: fixed here,
	// since recordings are saved under these names for good.
	tests := []struct {
		line Line
		want string
	}{
		{Line{Text: "Welcome.", ID: "welcome"}, "welcome"},
		{Line{Text: "Rest here."}, "line-347cad2e"},
		{Line{Text: "Rest here"}, "line-124e5608"},
		{Line{Text: "Rest here.", ID: "has space"}, "line-347cad2e"},
		{Line{Text: "Rest here.", ID: "../up"}, "line-347cad2e"},
	}
	for _, c := range tests {
		if got := ClipName(c.line); got != c.want {
			t.Errorf("ClipName(%+v) = %q, want %q", c.line, got, c.want)
		}
	}
}

// TestAutoUsesRecordingsWhereTheyExist: with a partial clips folder, auto
// plays the recordings there are (by id and by text hash, any of the
// extensions) and synthesises the rest.
func TestAutoUsesRecordingsWhereTheyExist(t *testing.T) {
	needEspeak(t)
	hashed := "line-" + hashOf("Second line.")
	s, fsys := session(t, `version: 1
title: T
voice: {clips: rec}
steps:
  - say: First line.
    id: first
  - say: Second line.
  - say: Third line.
`, map[string][]byte{
		"rec/first.wav":          tone(44100, 2, 1.5, 0.2),
		"rec/" + hashed + ".wav": tone(22050, 1, 2, 0.05),
		"rec/unrelated.wav":      tone(8000, 1, 1, 0.1),
	})
	v, err := prepare(t, s, fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	first, err := v.Speech(timeline.SpokenLine{Text: "First line.", ID: "first"}, 48000)
	if err != nil || first.Clip != "rec/first.wav" || first.Samples != 72000 {
		t.Errorf("first: %+v, %v; want rec/first.wav, 72000 samples", first, err)
	}
	second, third := spoken(t, v, "Second line."), spoken(t, v, "Third line.")
	if second.Clip != "rec/"+hashed+".wav" || second.Samples != 96000 {
		t.Errorf("second: %+v; want its recording by text hash, 96000 samples", second)
	}
	if third.Clip != "" || third.Speech == "" || third.Estimated {
		t.Errorf("third: %+v; want synthesised speech", third)
	}
	// The quieter recording is raised more: both reach the same loudness.
	if second.GainDB-first.GainDB < 10 {
		t.Errorf("gains: first %.1f dB, second %.1f dB; the second is 12 dB quieter", first.GainDB, second.GainDB)
	}
}

func hashOf(text string) string { return strings.TrimPrefix(ClipName(Line{Text: text}), "line-") }

func TestEngines(t *testing.T) {
	needEspeak(t)
	sh := func(body string) string {
		return fmt.Sprintf(`voice: {engine: speech, speech: {engine: command, command: [sh, -c, "%s", x, "{text_file}", "{out}"]}}`, body)
	}
	tests := []struct {
		name    string
		voice   string
		opts    Options
		wantErr string // "" for success
		script  bool   // the error says the script must change
	}{
		{"espeak-ng", "voice: {engine: speech}", Options{}, "", false},
		{"a command", `voice: {engine: speech, speech: {engine: command, command: [espeak-ng, -w, "{out}", -f, "{text_file}"]}}`, Options{AllowCommand: true}, "", false},
		{"a command not allowed", `voice: {engine: speech, speech: {engine: command, command: [espeak-ng, -w, "{out}", -f, "{text_file}"]}}`, Options{}, "s.yaml:5:5: the script makes its speech by running espeak-ng (engine: command)", true},
		{"an unknown voice", "voice: {engine: speech, speech: {voice: zzvoice}}", Options{}, "s.yaml:5:5: the line could not be spoken: espeak-ng failed: ", true},
		{"an engine that fails", sh(`echo the model is missing >&2; exit 3`), Options{AllowCommand: true}, "the model is missing", false},
		{"an engine that writes nothing", sh(`: > \"$2\"`), Options{AllowCommand: true}, "wrote no usable sound", false},
		{"an engine that writes no file", sh(`echo done`), Options{AllowCommand: true}, "wrote no sound (done)", false},
		{"speech with no engine", `voice: {engine: speech, speech: {engine: command, command: [no-such-tts, "{text_file}", "{out}"]}}`, Options{}, "the speech engine is not installed: no-such-tts", true},
		{"festival", "voice: {engine: speech, speech: {engine: festival}}", Options{}, "", false},
		{"an unknown festival voice", "voice: {engine: speech, speech: {engine: festival, voice: no_such_voice}}", Options{}, "unbound variable : voice_no_such_voice", true},
		{"a festival voice that is code", `voice: {engine: speech, speech: {engine: festival, voice: "x) (system \"touch owned\")"}}`, Options{}, "is not a Festival voice name", true},
		{"clips with no folder", "voice: {engine: auto}", Options{Engine: "clips"}, "names no `clips` folder", true},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			s, fsys := session(t, "version: 1\ntitle: T\n"+c.voice+"\nsteps:\n  - say: Rest here.\n", nil)
			start := time.Now()
			v, err := prepare(t, s, fsys, c.opts)
			if c.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if sp := spoken(t, v, "Rest here."); sp.Speech == "" || sp.Samples < 48000/4 {
					t.Errorf("spoken: %+v", sp)
				}
				return
			}
			var ve *Error
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a voice.Error", err)
			}
			if !strings.Contains(err.Error(), c.wantErr) || ve.Hint == "" || ve.Script != c.script {
				t.Errorf("err = %q (hint %q, script %v); want %q, a hint, script %v", err, ve.Hint, ve.Script, c.wantErr, c.script)
			}
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v: the time limit did not hold", took)
			}
		})
	}
}

func TestNoneAndMissingEngine(t *testing.T) {
	s, fsys := session(t, `version: 1
title: T
voice: {speech: {engine: command, command: [no-such-tts, "{text_file}", "{out}"]}}
steps:
  - say: One two three four.
`, nil)
	var warned []string
	v, err := prepare(t, s, fsys, Options{Warn: func(msg, hint string) { warned = append(warned, msg+" / "+hint) }})
	if err != nil {
		t.Fatal(err)
	}
	if sp := spoken(t, v, "One two three four."); !sp.Estimated || sp.Speech != "" || sp.Samples != 4*60*48000/130 {
		t.Errorf("auto with no engine: %+v; want captions only, estimated at 130 words a minute", sp)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "no-such-tts is not installed") {
		t.Errorf("warnings: %q; want one saying the engine is not installed", warned)
	}
	v, err = prepare(t, s, fsys, Options{Engine: "none"})
	if err != nil {
		t.Fatal(err)
	}
	if sp := spoken(t, v, "One two three four."); !sp.Estimated {
		t.Errorf("none: %+v", sp)
	}
}

// TestCache: a second Prepare synthesises nothing; an entry whose record
// is missing (a crash between the two renames) or a stray temporary file
// is made again or ignored; a folder that cannot be written falls back to
// a temporary one, saying so once.
func TestCache(t *testing.T) {
	needEspeak(t)
	s, fsys := session(t, "version: 1\ntitle: T\nsteps:\n  - say: Soften the jaw.\n  - say: Soften the jaw.\n    id: again\n  - say: Rest.\n", nil)
	dir := t.TempDir()
	var calls []string
	progress := func(done, total int) { calls = append(calls, fmt.Sprintf("%d/%d", done, total)) }
	v, err := prepare(t, s, fsys, Options{Cache: Cache{Dir: dir}, Progress: progress})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(calls, " "); got != "0/2 1/2 2/2" {
		t.Errorf("progress %q, want two lines made (the repeated text once)", got)
	}
	// Both lines that say the same text have it, made once.
	again, err := v.Speech(timeline.SpokenLine{Text: "Soften the jaw.", ID: "again"}, 48000)
	if err != nil || again.Speech == "" || again != spoken(t, v, "Soften the jaw.") {
		t.Errorf("the repeated text with an id: %+v, %v", again, err)
	}
	u, err := (&Cache{Dir: dir}).Usage()
	if err != nil || u.Lines != 2 || u.Bytes == 0 {
		t.Errorf("usage %+v, %v", u, err)
	}
	calls = nil
	v, err = prepare(t, s, fsys, Options{Cache: Cache{Dir: dir}, Progress: progress})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 0 {
		t.Errorf("the second prepare made speech: %q", calls)
	}
	a, b := spoken(t, v, "Soften the jaw."), spoken(t, v, "Rest.")
	if a.Speech == "" || b.Speech == "" || a.Speech == b.Speech {
		t.Errorf("entries %q and %q", a.Speech, b.Speech)
	}

	// A crash after the WAV was renamed but before its record was, and a
	// temporary file left by another: the line is made again, nothing else.
	os.Remove(filepath.Join(dir, strings.TrimSuffix(b.Speech, ".wav")+".json"))
	os.WriteFile(filepath.Join(dir, ".line-123.wav"), []byte("RIFF half"), 0o644)
	calls = nil
	if _, err := prepare(t, s, fsys, Options{Cache: Cache{Dir: dir}, Progress: progress}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(calls, " "); got != "0/1 1/1" {
		t.Errorf("after a crash: progress %q, want the one line made again", got)
	}

	// A cache that cannot be written but holds one of the two lines: that
	// one is copied into the temporary folder, the other made there.
	calls = nil
	os.Remove(filepath.Join(dir, strings.TrimSuffix(a.Speech, ".wav")+".json"))
	v, err = prepare(t, s, fsys, Options{Cache: Cache{Dir: dir, readOnly: true}, Progress: progress})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(calls, " "); got != "0/1 1/1" || v.tempDir == "" {
		t.Errorf("read-only cache: progress %q, temporary folder %q; want one line made", got, v.tempDir)
	}
	for _, text := range []string{"Soften the jaw.", "Rest."} {
		if _, err := os.Stat(filepath.Join(v.tempDir, spoken(t, v, text).Speech)); err != nil {
			t.Errorf("%s: %v", text, err)
		}
	}
	v.Close()

	// A cache that cannot be written: a path under a regular file.
	blocked := filepath.Join(dir, "Soften-file")
	os.WriteFile(blocked, nil, 0o644)
	var warned []string
	v, err = prepare(t, s, fsys, Options{Cache: Cache{Dir: filepath.Join(blocked, "speech")}, Warn: func(msg, hint string) { warned = append(warned, msg) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "cannot be written") {
		t.Errorf("warnings %q", warned)
	}
	tmp := v.tempDir
	if sp := spoken(t, v, "Rest."); sp.Speech == "" || tmp == "" {
		t.Fatalf("no speech from the temporary folder: %+v", sp)
	}
	if _, err := os.Stat(filepath.Join(tmp, spoken(t, v, "Rest.").Speech)); err != nil {
		t.Error(err)
	}
	v.Close()
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the temporary folder is still there after Close: %v", err)
	}

	// Clear empties the folder.
	if _, err := (&Cache{Dir: dir}).Clear(); err != nil {
		t.Fatal(err)
	}
	if u, _ := (&Cache{Dir: dir}).Usage(); u.Lines != 0 {
		t.Errorf("after Clear: %+v", u)
	}
}

// twoAtOnceScript is the session TestCacheTwoAtOnce prepares.
func twoAtOnceScript() string {
	var lines strings.Builder
	lines.WriteString("version: 1\ntitle: T\nsteps:\n")
	for i := range 8 {
		fmt.Fprintf(&lines, "  - say: Line number %d, slowly, and then a little more.\n", i)
	}
	return lines.String()
}

// TestHelperPrepare is not a test: TestCacheTwoAtOnce runs the test binary
// with EXHALE_PREPARE_CACHE set to prepare a session in another process.
func TestHelperPrepare(t *testing.T) {
	dir := os.Getenv("EXHALE_PREPARE_CACHE")
	if dir == "" {
		return
	}
	s, fsys := session(t, twoAtOnceScript(), nil)
	if _, err := Prepare(context.Background(), s, fsys, media.New(fsys, false), Options{Cache: Cache{Dir: dir}, Workers: 1}); err != nil {
		t.Fatal(err)
	}
}

// TestCacheTwoAtOnce: three processes prepare the same lines into one
// folder at once. Meanwhile every entry that loads is whole (its WAV
// decodes to the length its record gives); at the end every line has a
// whole entry and nothing else is left.
func TestCacheTwoAtOnce(t *testing.T) {
	needEspeak(t)
	dir := t.TempDir()
	s, _ := session(t, twoAtOnceScript(), nil)
	key, err := newEngine(s.Voice.Speech, s.Language).key()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range Lines(s) {
		names = append(names, entryName(key, l.Text))
	}
	var procs []*exec.Cmd
	for range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperPrepare$")
		cmd.Env = append(os.Environ(), "EXHALE_PREPARE_CACHE="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, cmd)
	}
	done := make(chan error, 1)
	go func() {
		var first error
		for _, p := range procs {
			if err := p.Wait(); err != nil && first == nil {
				first = err
			}
		}
		done <- first
	}()
	c := &Cache{Dir: dir}
	whole := func(name string, e entry) {
		f, err := os.Open(filepath.Join(dir, name+".wav"))
		if err != nil {
			return // replaced since it loaded
		}
		defer f.Close()
		snd, _, err := measure(f)
		if err != nil || snd.frames != e.Frames {
			t.Errorf("entry %s loaded but is not whole: %v, %d frames for a record of %d", name, err, snd.frames, e.Frames)
		}
	}
	checks := 0
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("a preparing process failed: %v", err)
			}
			running = false
		default:
		}
		for _, n := range names {
			if e, ok := c.load(n); ok {
				whole(n, e)
				checks++
			}
		}
	}
	for _, n := range names {
		e, ok := c.load(n)
		if !ok {
			t.Errorf("no whole entry for %s", n)
			continue
		}
		whole(n, e)
	}
	ents, _ := os.ReadDir(dir)
	var left []string
	for _, e := range ents {
		if e.Name() != ".engines" { // the engines' versions, kept
			left = append(left, e.Name())
		}
	}
	if len(left) != 2*len(names) {
		t.Errorf("the folder holds %d files besides .engines, want %d: %q", len(left), 2*len(names), left)
	}
	t.Logf("%d entries checked while the processes ran", checks)
}

func TestEspeakText(t *testing.T) {
	e := &espeak{}
	got := e.text("Breathe in… and out.\nRest & <wait>...")
	want := `<speak>Breathe in <break time="600ms"/> and out. <break time="400ms"/> Rest &amp; &lt;wait&gt; <break time="600ms"/> </speak>`
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestBadRecording: a damaged recording in the clips folder is the
// script's problem, reported at the line with what to do.
func TestBadRecording(t *testing.T) {
	s, fsys := session(t, "version: 1\ntitle: T\nvoice: {clips: rec}\nsteps:\n  - say: Rest.\n    id: rest\n",
		map[string][]byte{"rec/rest.wav": []byte("RIFF\x10\x00\x00\x00WAVEjunk")})
	_, err := prepare(t, s, fsys, Options{})
	var ve *Error
	if !errors.As(err, &ve) || !ve.Script || !strings.HasPrefix(err.Error(), "s.yaml:5:5: the recording rec/rest.wav: ") || ve.Hint == "" {
		t.Errorf("err = %v", err)
	}
}

// FuzzEspeakText: whatever a line holds, what espeak-ng is given is
// well-formed SSML with the line's words in it.
func FuzzEspeakText(f *testing.F) {
	for _, s := range []string{"Breathe in… and out.\nRest & <wait>...", "a\x00b", "<speak>", "]]>&amp;", "\ufffe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		out := (&espeak{}).text(line)
		d := xml.NewDecoder(strings.NewReader(out))
		var text strings.Builder
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%q became %q, not well-formed: %v", line, out, err)
			}
			if cd, ok := tok.(xml.CharData); ok {
				text.Write(cd)
			}
		}
		for _, w := range strings.Fields(line) {
			if utf8.ValidString(w) && strings.IndexFunc(w, func(r rune) bool { return !isXMLChar(r) || r == '…' || r == '.' }) < 0 && !strings.Contains(text.String(), w) {
				t.Fatalf("%q: the word %q is missing from %q", line, w, out)
			}
		}
	})
}

// TestTimeoutEndsTheEngine: an engine that outlives its time limit is
// ended with every process it started, and leaves nothing in the cache.
func TestTimeoutEndsTheEngine(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	s, fsys := session(t, `version: 1
title: T
voice: {engine: speech, speech: {engine: command, command: [sh, -c, "sleep 30 & echo $! > `+pidFile+`; wait", x, "{text_file}", "{out}"]}}
steps:
  - say: Rest here.
`, nil)
	cache := filepath.Join(dir, "cache")
	start := time.Now()
	_, err := prepare(t, s, fsys, Options{AllowCommand: true, Timeout: 300 * time.Millisecond, Cache: Cache{Dir: cache}})
	if err == nil || !strings.Contains(err.Error(), "did not finish within the time a line may take") {
		t.Fatalf("err = %v", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %v", took)
	}
	b, rerr := os.ReadFile(pidFile)
	if rerr != nil {
		t.Fatal(rerr)
	}
	stat := "/proc/" + strings.TrimSpace(string(b)) + "/stat"
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, err := os.ReadFile(stat)
		if err != nil || strings.Contains(string(st), ") Z ") {
			break // gone, or a zombie waiting to be reaped
		}
		if time.Now().After(deadline) {
			t.Fatalf("the engine's child is still running: %s", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
	ents, _ := os.ReadDir(cache)
	for _, e := range ents {
		t.Errorf("left in the cache: %s", e.Name())
	}
}
