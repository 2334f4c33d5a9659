package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/exhale-audio/exhale/audio/decode"
	"github.com/exhale-audio/exhale/audio/streamtest"
)

// TestMain lets the test scripts run the real exhale binary: testscript
// re-executes this test binary as `exhale`, through main and os.Exit.
func TestMain(m *testing.M) {
	// Every exhale these tests run keeps its journal, speech cache and
	// config in a folder of the test run's, never the user's.
	// (Not when this binary runs as testscript's `exhale`: each script
	// sets its own folders.)
	if filepath.Base(os.Args[0]) != "exhale" && os.Getenv("EXHALE_TEST_HOME") == "" {
		home, err := os.MkdirTemp("", "exhale-test-home")
		if err != nil {
			panic(err)
		}
		for k, v := range map[string]string{"EXHALE_TEST_HOME": home, "XDG_DATA_HOME": filepath.Join(home, "data"),
			"XDG_CACHE_HOME": filepath.Join(home, "cache"), "XDG_CONFIG_HOME": filepath.Join(home, "config")} {
			os.Setenv(k, v)
		}
		testscript.Main(cleanup{m, home}, map[string]func(){"exhale": main})
		return
	}
	testscript.Main(m, map[string]func(){"exhale": main})
}

// cleanup removes the test run's home once the tests have run.
type cleanup struct {
	m    *testing.M
	home string
}

func (c cleanup) Run() int {
	code := c.m.Run()
	os.RemoveAll(c.home)
	return code
}

// TestScripts runs the end-to-end CLI scripts in testdata/script, each in a
// fresh folder with its own config, cache and data folders.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, "config"))
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, "cache"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, "data"))
			env.Setenv("HOME", filepath.Join(env.WorkDir, "home"))
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"mkwav":   cmdMkwav,
			"fixture": cmdFixture,
			"wavinfo": cmdWavinfo,
		},
	})
}

// cmdMkwav writes a 16-bit PCM WAV file of a quiet 440 Hz tone:
// mkwav FILE SECONDS RATE CHANNELS.
func cmdMkwav(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: mkwav FILE SECONDS RATE CHANNELS")
	}
	secs, err1 := strconv.ParseFloat(args[1], 64)
	rate, err2 := strconv.Atoi(args[2])
	ch, err3 := strconv.Atoi(args[3])
	if err1 != nil || err2 != nil || err3 != nil {
		ts.Fatalf("mkwav: bad numbers in %v", args)
	}
	data := streamtest.WAV16(rate, ch, secs, func(t float64, _ int) float64 { return 3000.0 / 32767 * math.Sin(2*math.Pi*440*t) })
	path := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(path), 0o755))
	ts.Check(os.WriteFile(path, data, 0o644))
}

// cmdFixture copies a committed audio fixture into the script's folder:
// fixture NAME DEST, NAME relative to testdata/media.
func cmdFixture(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: fixture NAME DEST")
	}
	wd, err := os.Getwd()
	ts.Check(err)
	b, err := os.ReadFile(filepath.Join(wd, "testdata", "media", args[0]))
	if err != nil {
		ts.Fatalf("fixture: %v", err)
	}
	dest := ts.MkAbs(args[1])
	ts.Check(os.MkdirAll(filepath.Dir(dest), 0o755))
	ts.Check(os.WriteFile(dest, b, 0o644))
}

// cmdWavinfo prints what a WAV file holds, as decoded by audio/decode:
// wavinfo FILE → "frames N rate R channels C peak P".
func cmdWavinfo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: wavinfo FILE")
	}
	f, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	s, info, err := decode.Open(f)
	ts.Check(err)
	peak := 0.0
	buf := make([][2]float64, 4096)
	for {
		n, ok := s.Stream(buf)
		for _, fr := range buf[:n] {
			peak = math.Max(peak, math.Max(math.Abs(fr[0]), math.Abs(fr[1])))
		}
		if !ok {
			break
		}
	}
	ts.Check(s.Err())
	fmt.Fprintf(ts.Stdout(), "frames %d rate %d channels %d peak %.2f\n", info.Frames, info.SampleRate, info.Channels, peak)
}
