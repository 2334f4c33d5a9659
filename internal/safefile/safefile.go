// Package safefile writes a file so that it appears whole or not at all: the
// data goes to a temporary file in the target's folder, which is synced and
// renamed over the target only when complete. A failure (an error, a full
// disk, an interruption) never leaves a half-written file under the
// target's name.
package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// File is a file being written; it becomes Path only on Commit.
type File struct {
	*os.File
	Path string
	done bool
	perm os.FileMode
}

// Create starts writing the file that will be path. The folder must exist.
func Create(path string) (*File, error) { return CreateMode(path, 0o644) }

// CreateMode is Create for a file that ends with permissions perm (0o600
// for something private, like a journal's export).
func CreateMode(path string, perm os.FileMode) (*File, error) {
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("the folder %s does not exist", dir)
	case err != nil:
		return nil, fmt.Errorf("cannot use the folder %s: %w", dir, unwrap(err))
	case !info.IsDir():
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return nil, fmt.Errorf("%s is a folder", path)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return nil, fmt.Errorf("cannot write in the folder %s: %w", dir, unwrap(err))
	}
	return &File{File: f, Path: path, perm: perm}, nil
}

// Commit syncs the data and renames the file into place.
func (f *File) Commit() error {
	if f.done {
		return errors.New("safefile: already finished")
	}
	f.done = true
	tmp := f.Name()
	if err := f.Sync(); err != nil {
		f.File.Close()
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", f.Path, unwrap(err))
	}
	if err := f.File.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", f.Path, unwrap(err))
	}
	if err := os.Chmod(tmp, f.perm); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, f.Path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot put %s in place: %w", f.Path, unwrap(err))
	}
	return nil
}

// Abort removes the temporary file. It is safe to call after Commit (it
// then does nothing), so `defer f.Abort()` covers every early return.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.Name())
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// Sync writes the file at path to the disk (for a file put together in a
// folder that is renamed into place as a whole, or renamed itself).
func Sync(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	serr := f.Sync()
	if cerr := f.Close(); serr == nil {
		serr = cerr
	}
	return serr
}
