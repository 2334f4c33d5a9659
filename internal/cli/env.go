package cli

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/exhale-audio/exhale/internal/catalog"
	"github.com/exhale-audio/exhale/sessions"
)

// Env is everything a command may touch of the outside world, so that
// tests can run the commands in-process.
type Env struct {
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Getenv  func(string) string
	Bundled fs.FS
	Version string
}

// OSEnv is the process's real environment.
func OSEnv(version string) *Env {
	return &Env{
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Getenv:  os.Getenv,
		Bundled: sessions.FS(),
		Version: version,
	}
}

// configDir is $XDG_CONFIG_HOME/exhale, or ~/.config/exhale.
func (e *Env) configDir() string {
	if d := e.Getenv("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "exhale")
	}
	if h := e.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "exhale")
	}
	return ""
}

// catalog finds sessions in the user's folder, then the bundled ones.
func (e *Env) catalog() catalog.Catalog {
	dir := e.configDir()
	if dir != "" {
		dir = filepath.Join(dir, "sessions")
	}
	return catalog.Catalog{UserDir: dir, Bundled: e.Bundled}
}
