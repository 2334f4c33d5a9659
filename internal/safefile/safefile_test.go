package safefile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exhale-audio/exhale/internal/safefile"
)

func TestCommit(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out.wav")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := safefile.Create(target)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if _, err := f.WriteString("new"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "old" {
		t.Fatalf("the target changed before Commit: %q", b)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "new" {
		t.Fatalf("after Commit the target holds %q", b)
	}
	assertOnly(t, dir, "out.wav")
}

func TestAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	f, err := safefile.Create(filepath.Join(dir, "out.wav"))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half")
	f.Abort()
	f.Abort() // twice is fine
	assertOnly(t, dir)
}

func TestCreateErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	tests := []struct{ path, want string }{
		{filepath.Join(dir, "missing", "out.wav"), "does not exist"},
		{filepath.Join(file, "out.wav"), "is not a folder"},
		{dir, "is a folder"},
	}
	for _, tt := range tests {
		if _, err := safefile.Create(tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Create(%s) = %v, want %q", tt.path, err, tt.want)
		}
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("folder holds %v, want %v", got, names)
	}
}
