package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/exhale-audio/exhale/audio/streamtest"
)

// These tests play through a real sound stack with no sound card: a
// PulseAudio server with a null sink, recorded from its monitor with
// parec (paced in real time, as on a desktop), and ALSA's `file` PCM (not
// paced). .ci/run installs pulseaudio, pulseaudio-utils and tmux.

// exhaleBinary builds exhale once for the tests that run it as a process.
var exhaleBinary = func() func(t *testing.T) string {
	var path string
	var err error
	return func(t *testing.T) string {
		t.Helper()
		if path == "" && err == nil {
			dir, derr := os.MkdirTemp("", "exhale-bin")
			if derr != nil {
				t.Fatal(derr)
			}
			path = filepath.Join(dir, "exhale")
			out, berr := exec.Command("go", "build", "-o", path, ".").CombinedOutput()
			if berr != nil {
				err = fmt.Errorf("go build: %v\n%s", berr, out)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		return path
	}
}()

// pulse is a private PulseAudio server with a null sink called "cap".
type pulse struct {
	dir    string
	server string
	cmd    *exec.Cmd
}

func startPulse(t *testing.T) *pulse {
	t.Helper()
	for _, tool := range []string{"pulseaudio", "pactl", "parec"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: run scripts/install-deps test", tool)
		}
	}
	dir, err := os.MkdirTemp("", "exhale-pulse")
	if err != nil {
		t.Fatal(err)
	}
	p := &pulse{dir: dir, server: "unix:" + filepath.Join(dir, "native")}
	p.cmd = exec.Command("pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit", "--use-pid-file=false",
		"-L", "module-null-sink sink_name=cap rate=48000",
		"-L", "module-native-protocol-unix auth-anonymous=1 socket="+filepath.Join(dir, "native"))
	p.cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+dir, "HOME="+dir)
	var log bytes.Buffer
	p.cmd.Stdout, p.cmd.Stderr = &log, &log
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		p.cmd.Wait()
		os.RemoveAll(dir)
	})
	for i := 0; ; i++ {
		if err := p.run("pactl", "info"); err == nil {
			break
		}
		if i == 100 {
			t.Fatalf("PulseAudio did not start:\n%s", log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := p.run("pactl", "set-default-sink", "cap"); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *pulse) env() []string {
	return append(os.Environ(), "PULSE_SERVER="+p.server, "XDG_RUNTIME_DIR="+p.dir)
}

func (p *pulse) run(name string, args ...string) error {
	c := exec.Command(name, args...)
	c.Env = p.env()
	return c.Run()
}

// record captures the sink's output as float32 stereo at 48 kHz until stop
// is called.
func (p *pulse) record(t *testing.T) (stop func() [][2]float64) {
	t.Helper()
	c := exec.Command("parec", "-d", "cap.monitor", "--format=float32le", "--rate=48000", "--channels=2", "--latency-msec=20")
	c.Env = p.env()
	var out bytes.Buffer
	c.Stdout = &out
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	return func() [][2]float64 {
		time.Sleep(300 * time.Millisecond)
		c.Process.Signal(os.Interrupt)
		c.Wait()
		return floats(out.Bytes())
	}
}

func floats(b []byte) [][2]float64 {
	n := len(b) / 8
	out := make([][2]float64, n)
	for i := range out {
		out[i][0] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[i*8:])))
		out[i][1] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[i*8+4:])))
	}
	return out
}

// pcm16 reads the frames of a 16-bit stereo WAV that exhale wrote.
func pcm16(t *testing.T, path string) [][2]float64 {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = b[44:]
	out := make([][2]float64, len(b)/4)
	for i := range out {
		out[i][0] = float64(int16(binary.LittleEndian.Uint16(b[i*4:]))) / 32767
		out[i][1] = float64(int16(binary.LittleEndian.Uint16(b[i*4+2:]))) / 32767
	}
	return out
}

// firstSound is the index of the first frame louder than level.
func firstSound(x [][2]float64, level float64) int {
	for i, f := range x {
		if math.Abs(f[0]) > level || math.Abs(f[1]) > level {
			return i
		}
	}
	return -1
}

// session writes a short test session (a tone clip, a bell, a pause) into
// a folder and returns its path.
const shortSession = `version: 1
title: Device test
steps:
  - play: tone.wav
  - bell: {strikes: 1}
`

func writeSession(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(shortSession), 0o644); err != nil {
		t.Fatal(err)
	}
	wav := toneWAV(48000, 1.0)
	if err := os.WriteFile(filepath.Join(dir, "tone.wav"), wav, 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "s.yaml")
}

// toneWAV is a stereo chirp, so that alignment is unambiguous.
func toneWAV(rate int, seconds float64) []byte {
	return streamtest.WAV16(rate, 2, seconds, func(t float64, _ int) float64 {
		return 12000.0 / 32767 * math.Sin(2*math.Pi*(200*t+900*t*t))
	})
}

// TestPlayMatchesRender plays a short session through PulseAudio and checks
// that what arrived at the sink is what `exhale render` writes, sample for
// sample (after the sink's constant offset and the 16-bit WAV's rounding).
func TestPlayMatchesRender(t *testing.T) {
	bin := exhaleBinary(t)
	p := startPulse(t)
	file := writeSession(t)
	wavPath := filepath.Join(t.TempDir(), "r.wav")
	if out, err := exec.Command(bin, "render", file, "-o", wavPath).CombinedOutput(); err != nil {
		t.Fatalf("render: %v\n%s", err, out)
	}
	want := pcm16(t, wavPath)

	stop := p.record(t)
	cmd := exec.Command(bin, "play", "--plain", file)
	cmd.Env = p.env()
	out, err := cmd.CombinedOutput()
	got := stop()
	if err != nil {
		t.Fatalf("play: %v\n%s", err, out)
	}
	off := firstSound(got, 0.01)
	ref := firstSound(want, 0.01)
	if off < 0 || ref < 0 {
		t.Fatalf("no sound captured (%d frames)", len(got))
	}
	// The player fades in over 60 ms, so the capture crosses the level a
	// little later than the render: find the exact offset by correlating a
	// stretch after the fade, near that estimate.
	shift, best := 0, math.Inf(-1)
	for s := off - ref - 4800; s <= off-ref+100; s++ {
		sum := 0.0
		for i := ref + 9600; i < ref+19200; i++ {
			if i+s >= 0 && i+s < len(got) {
				sum += got[i+s][0] * want[i][0]
			}
		}
		if sum > best {
			shift, best = s, sum
		}
	}
	worst, count := 0.0, 0
	for i := ref + 4800; i < len(want); i++ {
		j := i + shift
		if j < 0 || j >= len(got) {
			t.Fatalf("the capture ends at %d, the session needs %d", len(got), len(want)+shift)
		}
		for ch := 0; ch < 2; ch++ {
			worst = max(worst, math.Abs(got[j][ch]-want[i][ch]))
		}
		count++
	}
	// The render is 16-bit with ±1 LSB of dither, the capture is the
	// player's float32: they differ by a few LSB at most. A misalignment
	// by a single frame would differ by far more.
	if worst > 4.0/32767 {
		t.Errorf("the capture differs from the render by up to %.5f over %d frames", worst, count)
	}
	if !strings.Contains(string(out), "(bell)") {
		t.Errorf("plain output misses the bell:\n%s", out)
	}
}

// TestNoDevice: with neither PulseAudio nor an ALSA device, play says so in
// one line, names `exhale render`, and exits 3 (never hangs).
func TestNoDevice(t *testing.T) {
	bin := exhaleBinary(t)
	conf := filepath.Join(t.TempDir(), "asound.conf")
	if err := os.WriteFile(conf, []byte("pcm.!default { type hw card 99 }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "play", "--plain", writeSession(t))
	cmd.Env = append(os.Environ(), "PULSE_SERVER=unix:/nonexistent/native", "ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:"+conf)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("play hung with no sound device")
	}
	// The design promises the answer within two seconds (it takes a
	// fraction of one): a deadline, not a speed claim.
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("play took %v to say there is no device, more than 2 s", took)
	}
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Errorf("exit %d, want 3", code)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "exhale: error: no sound device could be opened (PulseAudio: ") ||
		!strings.Contains(lines[1], "exhale render") || strings.Contains(stderr.String(), "ALSA lib") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}

// TestErrorsShownWithDevice: with a sound server there, a script's errors
// and warnings still reach the user (the device hides ALSA's messages
// while it opens, and must not hide exhale's own).
func TestErrorsShownWithDevice(t *testing.T) {
	bin := exhaleBinary(t)
	p := startPulse(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nsteps:\n  - pause: 3x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"play", "--plain", bad}, "bad.yaml:3:12: `pause`"},
		{[]string{"play", "--plain", "no-such-session"}, "exhale: error: no session called"},
	} {
		args := c.args
		cmd := exec.Command(bin, args...)
		cmd.Env = p.env()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 2 {
			t.Errorf("%v: exit %d (%v), want 2", args, code, err)
		}
		if !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: stderr %q, want %q", args, stderr.String(), c.want)
		}
	}
}

// TestServerGone: when the sound server goes away mid-session, play
// neither hangs nor ignores it: it ends with exit 3, saying where the
// session was and how to go on from there.
func TestServerGone(t *testing.T) {
	bin := exhaleBinary(t)
	p := startPulse(t)
	cmd := exec.Command(bin, "play", "--plain", writeToneSession(t, 30))
	data := t.TempDir()
	cmd.Env = append(p.env(), "XDG_DATA_HOME="+data)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		io.Copy(io.Discard, out) // plain mode's lines, until exhale exits
		done <- cmd.Wait()
	}()
	time.Sleep(3 * time.Second) // well into the tone
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("play hung after the sound server went away")
	}
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Errorf("exit %d, want 3; stderr:\n%s", code, stderr.String())
	}
	msg := stderr.String()
	if !strings.Contains(msg, "exhale: error: the sound output stopped at ") || !strings.Contains(msg, "--from ") {
		t.Errorf("stderr:\n%s", msg)
	}
	// The journal keeps the session, as interrupted.
	if recs := readRecords(t, data); len(recs) != 1 || recs[0]["outcome"] != "interrupted" {
		t.Errorf("journal records %v, want one, interrupted", recs)
	}
}

// TestALSAFile plays through ALSA's file PCM (no PulseAudio): the device
// path works and what reaches it is the session's sound.
func TestALSAFile(t *testing.T) {
	bin := exhaleBinary(t)
	dir := t.TempDir()
	raw := filepath.Join(dir, "out.raw")
	conf := filepath.Join(dir, "asound.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf("pcm.!default { type file slave.pcm \"null\" file %q format \"raw\" }\n", raw)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "play", "--plain", writeSession(t))
	cmd.Env = append(os.Environ(), "PULSE_SERVER=unix:/nonexistent/native", "ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:"+conf)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("play: %v\n%s", err, out)
	}
	b, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	got := floats(b) // oto writes FLOAT_LE stereo
	if len(got) < 48000*7 {
		t.Fatalf("ALSA received %d frames, want the whole session (about 8 s)", len(got))
	}
	if firstSound(got, 0.05) < 0 {
		t.Error("ALSA received only silence")
	}
}

// tmuxRun runs a shell command line in a real terminal (tmux, 100×30) and
// returns a function that runs tmux commands on that session.
func tmuxRun(t *testing.T, shell string) func(args ...string) *exec.Cmd {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is not installed: run scripts/install-deps test")
	}
	sock := filepath.Join(t.TempDir(), "tmux.sock")
	tm := func(a ...string) *exec.Cmd { return exec.Command("tmux", append([]string{"-S", sock}, a...)...) }
	if out, err := tm("new-session", "-d", "-x", "100", "-y", "30", shell).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { tm("kill-server").Run() })
	return tm
}

// tmuxPlay runs exhale in a real terminal (tmux), so that its keys work,
// and returns a function that sends keys and one that waits for the end
// and gives the exit code.
func tmuxPlay(t *testing.T, p *pulse, bin string, args ...string) (send func(keys ...string), wait func() string) {
	t.Helper()
	marker := filepath.Join(t.TempDir(), "exit")
	tm := tmuxRun(t, fmt.Sprintf("env PULSE_SERVER=%s XDG_RUNTIME_DIR=%s %s %s; echo $? > %s", p.server, p.dir, bin, strings.Join(args, " "), marker))
	send = func(keys ...string) {
		if out, err := tm(append([]string{"send-keys", "-t", "0"}, keys...)...).CombinedOutput(); err != nil {
			t.Fatalf("send-keys: %v\n%s", err, out)
		}
	}
	wait = func() string {
		for i := 0; i < 600; i++ {
			if b, err := os.ReadFile(marker); err == nil && len(b) > 0 {
				return strings.TrimSpace(string(b))
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatal("exhale play did not end")
		return ""
	}
	return send, wait
}

// loudRuns returns the [start, end) frame spans where the capture is
// louder than level, merging gaps shorter than 50 ms.
func loudRuns(x [][2]float64, level float64) [][2]int {
	var runs [][2]int
	for i, f := range x {
		if math.Abs(f[0]) <= level && math.Abs(f[1]) <= level {
			continue
		}
		if n := len(runs); n > 0 && i-runs[n-1][1] < 2400 {
			runs[n-1][1] = i + 1
			continue
		}
		runs = append(runs, [2]int{i, i + 1})
	}
	return runs
}

const toneSession = `version: 1
title: Tone
steps:
  - play: tone.wav
  - pause: 1s
`

func writeToneSession(t *testing.T, seconds float64) string {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(toneSession), 0o644)
	os.WriteFile(filepath.Join(dir, "tone.wav"), toneWAV(48000, seconds), 0o644)
	return filepath.Join(dir, "s.yaml")
}

// TestPauseResume: space fades the sound out and holds it; space again
// brings it back. The capture shows the tone, a silence as long as the
// pause, and the rest of the tone.
func TestPauseResume(t *testing.T) {
	bin := exhaleBinary(t)
	p := startPulse(t)
	file := writeToneSession(t, 6)
	stop := p.record(t)
	send, wait := tmuxPlay(t, p, bin, "play", "--plain", file)
	time.Sleep(3500 * time.Millisecond) // the device takes about 1.5 s to open
	send("Space")
	time.Sleep(2500 * time.Millisecond)
	send("Space")
	code := wait()
	got := stop()
	if code != "0" {
		t.Fatalf("exit %s", code)
	}
	runs := loudRuns(got, 0.005)
	if len(runs) != 2 {
		t.Fatalf("want the tone in two parts around a pause, got %d loud spans: %v", len(runs), runs)
	}
	gap := float64(runs[1][0]-runs[0][1]) / 48000
	heard := float64(runs[0][1]-runs[0][0]+runs[1][1]-runs[1][0]) / 48000
	if gap < 1.8 || gap > 3.2 {
		t.Errorf("the pause lasted %.2f s in the capture, want about 2.5", gap)
	}
	if heard < 5.5 || heard > 6.5 {
		t.Errorf("%.2f s of tone were heard, want all 6", heard)
	}
}

// TestSkip: n skips to the next step: the tone stops early (the fades
// themselves are measured in internal/player).
func TestSkip(t *testing.T) {
	bin := exhaleBinary(t)
	p := startPulse(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte("version: 1\ntitle: Skip\nsteps:\n  - play: tone.wav\n  - pause: 3s\n  - play: tone.wav\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "tone.wav"), toneWAV(48000, 8), 0o644)
	stop := p.record(t)
	send, wait := tmuxPlay(t, p, bin, "play", "--plain", filepath.Join(dir, "s.yaml"))
	time.Sleep(3500 * time.Millisecond)
	send("n") // skip the rest of the first tone: to the pause
	time.Sleep(500 * time.Millisecond)
	send("n") // and skip the pause: to the second tone
	code := wait()
	got := stop()
	if code != "0" {
		t.Fatalf("exit %s", code)
	}
	runs := loudRuns(got, 0.005)
	if len(runs) != 2 {
		t.Fatalf("want two tones, got %d loud spans: %v", len(runs), runs)
	}
	first := float64(runs[0][1]-runs[0][0]) / 48000
	second := float64(runs[1][1]-runs[1][0]) / 48000
	if first > 6 {
		t.Errorf("the first tone played %.2f s: the skip did not cut it short", first)
	}
	if second < 7.5 {
		t.Errorf("the second tone played %.2f s, want all 8", second)
	}
}

// TestFullScreen drives the full-screen view in a real terminal (tmux):
// the caption appears, space shows a paused state, q ends gently with exit
// 0 and the terminal restored.
func TestFullScreen(t *testing.T) {
	bin := exhaleBinary(t)
	p := startPulse(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte("version: 1\ntitle: Screen test\nsteps:\n  - say: Welcome to the screen test.\n  - pause: 30s\nclosing:\n  - say: Thank you.\n"), 0o644)
	tm := tmuxRun(t, fmt.Sprintf("env PULSE_SERVER=%s XDG_RUNTIME_DIR=%s %s play %s; echo exit-code-$?; sleep 30", p.server, p.dir, bin, filepath.Join(dir, "s.yaml")))
	screen := func() string {
		out, _ := tm("capture-pane", "-p", "-t", "0").Output()
		return string(out)
	}
	waitFor := func(what string) string {
		for i := 0; i < 200; i++ {
			if s := screen(); strings.Contains(s, what) {
				return s
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q:\n%s", what, screen())
		return ""
	}
	waitFor("Welcome to the screen test.")
	waitFor("Screen test")
	tm("send-keys", "-t", "0", "Space").Run()
	waitFor("paused")
	tm("send-keys", "-t", "0", "q").Run()
	final := waitFor("exit-code-")
	if !strings.Contains(final, "exit-code-0") {
		t.Errorf("want exit 0 after q:\n%s", final)
	}
	if strings.Contains(final, "Welcome to the screen test.") {
		t.Errorf("the view is still on the screen after exit (terminal not restored):\n%s", final)
	}
}

// TestTimerThroughALSA plays `exhale timer` end to end through oto's ALSA
// backend (PulseAudio is out of its reach), into ALSA's pulse plugin,
// which paces it in real time into the test's null sink: the bells are
// heard exactly 10 s apart.
func TestTimerThroughALSA(t *testing.T) {
	bin := exhaleBinary(t)
	p := startPulse(t)
	conf := filepath.Join(t.TempDir(), "asound.conf")
	plugin := fmt.Sprintf("pcm.!default { type pulse server %q }\nctl.!default { type pulse server %q }\n", p.server, p.server)
	if err := os.WriteFile(conf, []byte(plugin), 0o644); err != nil {
		t.Fatal(err)
	}
	stop := p.record(t)
	cmd := exec.Command(bin, "timer", "20s", "--every", "10s", "--plain")
	cmd.Env = append(os.Environ(), "PULSE_SERVER=unix:/nonexistent/native", "ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:"+conf)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// While it plays, the server sees ALSA's plugin, not oto's own client.
	time.Sleep(3 * time.Second)
	c := exec.Command("pactl", "list", "sink-inputs")
	c.Env = p.env()
	inputs, _ := c.Output()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("timer: %v\n%s", err, out.String())
	}
	got := stop()
	if !strings.Contains(string(inputs), "ALSA plug-in [exhale]") {
		t.Errorf("the sound did not come through ALSA; sink inputs:\n%s", inputs)
	}
	for _, want := range []string{"[00:00] (bell)\n", "[00:10] (bell)\n", "[00:20] (bell)\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plain output lacks %q:\n%s", want, out.String())
		}
	}
	var onsets []float64
	quiet := 48000
	for i, f := range got {
		if math.Abs(f[0]) > 0.02 {
			if quiet >= 24000 {
				onsets = append(onsets, float64(i)/48000)
			}
			quiet = 0
		} else {
			quiet++
		}
	}
	if len(onsets) != 3 {
		t.Fatalf("heard %d bells (at %v s), want 3", len(onsets), onsets)
	}
	// The session fades in over its first 60 ms (no click), which softens
	// the first strike's attack, and a stream's first moments through
	// ALSA's plugin may stumble: the first interval is only roughly 10 s.
	// The next one shows the timing.
	if gap := onsets[1] - onsets[0]; gap < 9.8 || gap > 10.1 {
		t.Errorf("the first two bells are %.3f s apart, want about 10", gap)
	}
	if gap := onsets[2] - onsets[1]; math.Abs(gap-10) > 0.01 {
		t.Errorf("the second and third bells are %.3f s apart, want 10", gap)
	}
}

// readRecords reads the journal exhale wrote under data.
func readRecords(t *testing.T, data string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, "exhale", "journal.jsonl"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("journal line %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

// TestJournalOutcomes plays a 6-second session into the test sound server
// and reads the journal record each way of ending it leaves.
func TestJournalOutcomes(t *testing.T) {
	bin := exhaleBinary(t)
	p := startPulse(t)
	file := writeToneSession(t, 6)
	type result struct {
		code int
		out  string
	}
	plain := func(data string, stdin string, signals []os.Signal, args ...string) result {
		cmd := exec.Command(bin, append([]string{"play", "--plain"}, append(args, file)...)...)
		cmd.Env = append(p.env(), "XDG_DATA_HOME="+data)
		cmd.Stdin = strings.NewReader(stdin)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for _, s := range signals {
			time.Sleep(2 * time.Second)
			cmd.Process.Signal(s)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("play %v did not end", args)
		}
		return result{cmd.ProcessState.ExitCode(), out.String()}
	}
	one := func(t *testing.T, data string) map[string]any {
		t.Helper()
		recs := readRecords(t, data)
		if len(recs) != 1 {
			t.Fatalf("%d records, want 1: %v", len(recs), recs)
		}
		return recs[0]
	}

	t.Run("completed, with tension asked", func(t *testing.T) {
		t.Parallel()
		data := t.TempDir()
		r := plain(data, "6\n3\nloose shoulders\n", nil, "--ask-tension")
		if r.code != 0 {
			t.Fatalf("exit %d:\n%s", r.code, r.out)
		}
		rec := one(t, data)
		if rec["outcome"] != "completed" || rec["completed"] != 1.0 || rec["tension_before"] != 6.0 || rec["tension_after"] != 3.0 || rec["note"] != "loose shoulders" {
			t.Errorf("record %v", rec)
		}
		if h := rec["heard"].(float64); h < 6.8 || h > 7.3 {
			t.Errorf("heard %.1f s, want 7 (the tone and a pause)", h)
		}
		if rec["session"] != "s" || rec["title"] != "Tone" || rec["version"] == "" {
			t.Errorf("record %v", rec)
		}
		if !strings.Contains(r.out, "How much tension do you notice in your body right now? 0-10") {
			t.Errorf("no question asked:\n%s", r.out)
		}
	})
	t.Run("a first SIGINT stops gently", func(t *testing.T) {
		t.Parallel()
		data := t.TempDir()
		if r := plain(data, "", []os.Signal{os.Interrupt}); r.code != 0 {
			t.Fatalf("exit %d:\n%s", r.code, r.out)
		}
		rec := one(t, data)
		if rec["outcome"] != "stopped" || rec["completed"].(float64) >= 1 || rec["tension_before"] != nil {
			t.Errorf("record %v", rec)
		}
	})
	t.Run("SIGHUP interrupts", func(t *testing.T) {
		t.Parallel()
		data := t.TempDir()
		if r := plain(data, "", []os.Signal{syscall.SIGHUP}); r.code != 130 {
			t.Fatalf("exit %d, want 130:\n%s", r.code, r.out)
		}
		if rec := one(t, data); rec["outcome"] != "interrupted" {
			t.Errorf("record %v", rec)
		}
	})
	t.Run("SIGTERM interrupts, and asks nothing after", func(t *testing.T) {
		t.Parallel()
		data := t.TempDir()
		r := plain(data, "4\n9\na note\n", []os.Signal{syscall.SIGTERM}, "--ask-tension")
		if r.code != 130 {
			t.Fatalf("exit %d, want 130:\n%s", r.code, r.out)
		}
		if strings.Contains(r.out, "And now") {
			t.Errorf("asked after an interruption:\n%s", r.out)
		}
		// (The signal comes 2 s after the start; what the device had
		// taken by then, a buffer's worth more than was heard, counts.)
		rec := one(t, data)
		if h := rec["heard"].(float64); rec["outcome"] != "interrupted" || h <= 0 || h > 2.5 || rec["completed"].(float64) >= 1 ||
			rec["tension_before"] != 4.0 || rec["tension_after"] != nil || rec["note"] != nil {
			t.Errorf("record %v", rec)
		}
	})
	t.Run("q stops gently", func(t *testing.T) {
		t.Parallel()
		data := t.TempDir()
		send, wait := tmuxPlay(t, p, "env XDG_DATA_HOME="+data+" "+bin, "play", "--plain", file)
		time.Sleep(2500 * time.Millisecond)
		send("q")
		if code := wait(); code != "0" {
			t.Fatalf("exit %s", code)
		}
		if rec := one(t, data); rec["outcome"] != "stopped" {
			t.Errorf("record %v", rec)
		}
	})
	t.Run("no journal", func(t *testing.T) {
		t.Parallel()
		data := t.TempDir()
		if r := plain(data, "", nil, "--no-journal"); r.code != 0 {
			t.Fatalf("exit %d:\n%s", r.code, r.out)
		}
		if recs := readRecords(t, data); len(recs) != 0 {
			t.Errorf("records %v", recs)
		}
	})
	t.Run("a journal that cannot be written", func(t *testing.T) {
		t.Parallel()
		blocked := filepath.Join(t.TempDir(), "file")
		os.WriteFile(blocked, nil, 0o644)
		r := plain(filepath.Join(blocked, "data"), "", nil)
		if r.code != 0 || strings.TrimSpace(r.out) != "exhale: warning: the practice journal could not be written: mkdir "+blocked+": not a directory" {
			t.Errorf("exit %d, output:\n%s", r.code, r.out)
		}
	})
}
