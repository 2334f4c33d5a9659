// Package catalog finds session scripts by name or path: the user's own in
// their session folder, then the bundled ones. A found script comes with an
// fs.FS rooted at its own folder, which is all it may read.
package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/exhale-audio/exhale/internal/script"
)

// Origin says where a script was found.
type Origin string

// Origins of scripts.
const (
	Bundled Origin = "bundled"
	User    Origin = "user"
	Path    Origin = "path"
)

// Entry is a script that was found.
type Entry struct {
	Name    string // the session's name (the file name without .yaml)
	Display string // how messages name the file
	FS      fs.FS  // rooted at the script's folder
	File    string // the script inside FS
	Origin  Origin
	close   func() error
}

// Close releases the entry's folder.
func (e Entry) Close() error {
	if e.close != nil {
		return e.close()
	}
	return nil
}

// Catalog looks scripts up.
type Catalog struct {
	UserDir string // the user's session folder; "" if unknown
	Bundled fs.FS  // bundled scripts at its top
}

// NotFoundError is an unknown session name, with the closest known names.
type NotFoundError struct {
	Name    string
	Closest []string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no session called %q", e.Name)
}

// IsPath reports whether arg names a file rather than a session name.
func IsPath(arg string) bool {
	return strings.Contains(arg, "/") || strings.Contains(arg, string(filepath.Separator)) ||
		strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml")
}

// Find looks arg up: a path if it contains a slash or ends in .yaml, else
// a name in the user folder, then among the bundled scripts.
func (c Catalog) Find(arg string) (Entry, error) {
	if IsPath(arg) {
		return OpenPath(arg)
	}
	if !validName(arg) {
		return Entry{}, fmt.Errorf("%q is not a session name: use letters, digits and -, or give a path to a .yaml file", arg)
	}
	if c.UserDir != "" {
		p := filepath.Join(c.UserDir, arg+".yaml")
		if _, err := os.Stat(p); err == nil {
			e, err := OpenPath(p)
			e.Origin = User
			return e, err
		}
	}
	if c.Bundled != nil {
		if _, err := fs.Stat(c.Bundled, arg+".yaml"); err == nil {
			return Entry{Name: arg, Display: arg + ".yaml (bundled)", FS: c.Bundled, File: arg + ".yaml", Origin: Bundled}, nil
		}
	}
	names, _ := c.Names()
	return Entry{}, &NotFoundError{Name: arg, Closest: script.Closest(arg, names, 3)}
}

// ValidName reports whether s can name a session: letters, digits, '-',
// '_' and '.', not starting with '.' or '-'.
func ValidName(s string) bool { return validName(s) }

func validName(s string) bool {
	if s == "" || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "-") {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// OpenPath opens the script at p, rooting its fs.FS at the script's folder
// with os.Root, so that neither `..` nor a symbolic link can lead out of it.
func OpenPath(p string) (Entry, error) {
	info, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Entry{}, fmt.Errorf("%s: no such file", p)
	case err != nil:
		return Entry{}, fmt.Errorf("%s: %w", p, unwrap(err))
	case info.IsDir():
		return Entry{}, fmt.Errorf("%s is a folder: give a script file", p)
	case !info.Mode().IsRegular():
		return Entry{}, fmt.Errorf("%s is not a regular file", p)
	}
	root, err := os.OpenRoot(filepath.Dir(p))
	if err != nil {
		return Entry{}, fmt.Errorf("%s: %w", filepath.Dir(p), unwrap(err))
	}
	base := filepath.Base(p)
	name := strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	return Entry{Name: name, Display: p, FS: root.FS(), File: base, Origin: Path, close: root.Close}, nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Names lists every session name, user and bundled, sorted, once each.
func (c Catalog) Names() ([]string, error) {
	entries, err := c.List()
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name)
		e.Close()
	}
	return names, err
}

// List returns the user's sessions, then the bundled ones they do not
// shadow, each sorted by name. A user folder that does not exist is empty.
func (c Catalog) List() ([]Entry, error) {
	var out []Entry
	seen := map[string]bool{}
	var listErr error
	if c.UserDir != "" {
		ents, err := os.ReadDir(c.UserDir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			listErr = fmt.Errorf("cannot read the session folder %s: %w", c.UserDir, unwrap(err))
		}
		for _, de := range ents {
			if de.IsDir() || !strings.HasSuffix(de.Name(), ".yaml") {
				continue
			}
			e, err := OpenPath(filepath.Join(c.UserDir, de.Name()))
			if err != nil {
				continue
			}
			e.Origin = User
			seen[e.Name] = true
			out = append(out, e)
		}
	}
	if c.Bundled != nil {
		matches, _ := fs.Glob(c.Bundled, "*.yaml")
		sort.Strings(matches)
		for _, m := range matches {
			name := strings.TrimSuffix(path.Base(m), ".yaml")
			if seen[name] {
				continue
			}
			out = append(out, Entry{Name: name, Display: m + " (bundled)", FS: c.Bundled, File: m, Origin: Bundled})
		}
	}
	return out, listErr
}
