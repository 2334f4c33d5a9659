package catalog_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/exhale-audio/exhale/internal/catalog"
)

func setup(t *testing.T) catalog.Catalog {
	t.Helper()
	user := t.TempDir()
	for _, name := range []string{"arrive.yaml", "mine.yaml", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(user, name), []byte("version: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bundled := fstest.MapFS{
		"arrive.yaml":    {Data: []byte("bundled")},
		"body-scan.yaml": {Data: []byte("bundled")},
		"sessions.go":    {Data: []byte("package sessions")},
	}
	return catalog.Catalog{UserDir: user, Bundled: bundled}
}

func TestIsPath(t *testing.T) {
	tests := map[string]bool{
		"arrive": false, "body-scan": false, "./arrive": true, "a/b": true,
		"x.yaml": true, "x.yml": true, "/abs/x": true,
	}
	for arg, want := range tests {
		if got := catalog.IsPath(arg); got != want {
			t.Errorf("IsPath(%q) = %v, want %v", arg, got, want)
		}
	}
}

func TestFind(t *testing.T) {
	c := setup(t)
	tests := []struct {
		arg    string
		origin catalog.Origin
		err    string
	}{
		{"arrive", catalog.User, ""}, // the user's own shadows the bundled one
		{"mine", catalog.User, ""},
		{"body-scan", catalog.Bundled, ""},
		{filepath.Join(c.UserDir, "mine.yaml"), catalog.Path, ""},
		{"nothing.yaml", "", "nothing.yaml: no such file"},
		{"body-scn", "", `no session called "body-scn"`},
		{"../x", "", "no such file"},
		{"-rf", "", "is not a session name"},
		{c.UserDir + "/", "", "is a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			e, err := c.Find(tt.arg)
			if tt.err != "" {
				if err == nil || !contains(err.Error(), tt.err) {
					t.Fatalf("Find(%q) error = %v, want %q", tt.arg, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			if e.Origin != tt.origin {
				t.Errorf("origin = %s, want %s", e.Origin, tt.origin)
			}
		})
	}
}

func TestNotFoundSuggests(t *testing.T) {
	_, err := setup(t).Find("arive")
	var nf *catalog.NotFoundError
	if !errors.As(err, &nf) || fmt.Sprint(nf.Closest) != "[arrive]" {
		t.Fatalf("got %v (%#v)", err, nf)
	}
}

func TestList(t *testing.T) {
	entries, err := setup(t).List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, fmt.Sprintf("%s/%s", e.Name, e.Origin))
		e.Close()
	}
	if want := "[arrive/user mine/user body-scan/bundled]"; fmt.Sprint(got) != want {
		t.Errorf("List = %v, want %s", got, want)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestGenerated(t *testing.T) {
	e := catalog.NewGenerated("breathe", []byte("version: 1\n"))
	if err := fstest.TestFS(e.FS, "breathe.yaml"); err != nil {
		t.Fatal(err)
	}
	if e.File != "breathe.yaml" || e.Origin != catalog.Generated {
		t.Errorf("entry %+v", e)
	}
}
