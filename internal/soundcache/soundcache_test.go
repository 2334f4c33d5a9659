package soundcache

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	f := Folder{Dir: filepath.Join(t.TempDir(), "build")}
	if _, ok := f.Load("bell bowl 336000-48000"); ok {
		t.Fatal("loaded from an empty store")
	}
	in := []float32{0, 0.5, -1, 1e-9, 3.25}
	f.Save("bell bowl 336000-48000", in)
	got, ok := f.Load("bell bowl 336000-48000")
	if !ok || len(got) != len(in) {
		t.Fatalf("loaded %v, %v", got, ok)
	}
	for i := range in {
		if got[i] != in[i] {
			t.Errorf("sample %d: %v, want %v", i, got[i], in[i])
		}
	}
	// A file cut short is not read.
	p := f.path("bell bowl 336000-48000")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, b[:len(b)-3], 0o644)
	if _, ok := f.Load("bell bowl 336000-48000"); ok {
		t.Error("a file cut short was read")
	}
	if ents, _ := os.ReadDir(f.Dir); len(ents) != 1 {
		t.Errorf("the folder holds %d files, want 1 (no temporary file left)", len(ents))
	}
}

func TestForThisBuild(t *testing.T) {
	a, ok := ForThisBuild("/root/x")
	b, _ := ForThisBuild("/root/x")
	if !ok || a.Dir != b.Dir || filepath.Dir(a.Dir) != "/root/x" {
		t.Errorf("%q %q %v", a.Dir, b.Dir, ok)
	}
}

func TestPrune(t *testing.T) {
	root := t.TempDir()
	this := Folder{Dir: filepath.Join(root, "0123456789abcdef")}
	this.Save("a", []float32{1})
	old := Folder{Dir: filepath.Join(root, "fedcba9876543210")}
	old.Save("a", []float32{1})
	os.MkdirAll(filepath.Join(root, "not-a-build"), 0o755)
	this.Prune()
	for dir, want := range map[string]bool{this.Dir: true, old.Dir: false, filepath.Join(root, "not-a-build"): true} {
		if _, err := os.Stat(dir); (err == nil) != want {
			t.Errorf("%s: there %v, want %v", dir, err == nil, want)
		}
	}
}
