package voice

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Cache is the folder of synthesised lines: for each, NAME.wav as the
// engine wrote it and NAME.json with its length and loudness, NAME being a
// hash of the engine's key and the exact text. Both files are written under
// temporary names and renamed into place, the WAV first: a crash mid-write
// leaves at worst a stray temporary file, and two processes making the
// same line at once both write whole, identical files.
type Cache struct {
	Dir string
}

// DefaultCacheDir is $XDG_CACHE_HOME/exhale/speech, or
// ~/.cache/exhale/speech. getenv reads the environment.
func DefaultCacheDir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "exhale", "speech"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("neither XDG_CACHE_HOME nor HOME is set")
	}
	return filepath.Join(home, ".cache", "exhale", "speech"), nil
}

// entry is what NAME.json holds.
type entry struct {
	Frames int64   `json:"frames"`
	Rate   int     `json:"rate"`
	LUFS   float64 `json:"lufs"` // integrated loudness; absent (0) for silence
	Silent bool    `json:"silent,omitempty"`
	Text   string  `json:"text"` // for people looking into the folder
}

// entryName is the cache name of text said by an engine with key.
func entryName(key, text string) string {
	h := sha256.Sum256([]byte(key + "\x00\x00" + text))
	return hex.EncodeToString(h[:16])
}

// load reads an entry's record, if the entry is complete.
func (c *Cache) load(name string) (entry, bool) {
	var e entry
	if _, err := os.Stat(filepath.Join(c.Dir, name+".wav")); err != nil {
		return e, false
	}
	b, err := os.ReadFile(filepath.Join(c.Dir, name+".json"))
	if err != nil || json.Unmarshal(b, &e) != nil || e.Frames <= 0 || e.Rate <= 0 {
		return e, false
	}
	return e, true
}

// writable makes the folder and checks a file can be created in it.
func (c *Cache) writable() error {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(c.Dir, ".probe-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// tempWAV is a fresh temporary path in the folder for an engine to write.
func (c *Cache) tempWAV() (string, error) {
	f, err := os.CreateTemp(c.Dir, ".line-*.wav")
	if err != nil {
		return "", err
	}
	f.Close()
	return f.Name(), nil
}

// store moves a finished WAV into place under name and writes its record.
func (c *Cache) store(name, wav string, e entry) error {
	if err := os.Rename(wav, filepath.Join(c.Dir, name+".wav")); err != nil {
		return err
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(c.Dir, ".line-*.json")
	if err != nil {
		return err
	}
	_, werr := f.Write(b)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(f.Name())
		return werr
	}
	return os.Rename(f.Name(), filepath.Join(c.Dir, name+".json"))
}

// Usage is what the cache holds.
type Usage struct {
	Lines int   // complete entries
	Bytes int64 // every file in the folder
}

// Usage counts the folder's entries and bytes. A folder that does not
// exist is empty.
func (c *Cache) Usage() (Usage, error) {
	var u Usage
	ents, err := os.ReadDir(c.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return u, nil
	}
	if err != nil {
		return u, err
	}
	for _, d := range ents {
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		u.Bytes += info.Size()
		if strings.HasSuffix(d.Name(), ".json") && !strings.HasPrefix(d.Name(), ".") {
			u.Lines++
		}
	}
	return u, nil
}

// Clear removes the cache's files (only files exhale writes there: NAME.wav,
// NAME.json and their temporary forms), and the folder if it is then empty.
func (c *Cache) Clear() (Usage, error) {
	u, err := c.Usage()
	if err != nil {
		return u, err
	}
	ents, err := os.ReadDir(c.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return u, nil
	}
	if err != nil {
		return u, err
	}
	for _, d := range ents {
		n := d.Name()
		if !d.Type().IsRegular() || !(strings.HasSuffix(n, ".wav") || strings.HasSuffix(n, ".json") || strings.HasPrefix(n, ".text-") || strings.HasPrefix(n, ".probe-")) {
			continue
		}
		if err := os.Remove(filepath.Join(c.Dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return u, fmt.Errorf("removing %s: %w", n, err)
		}
	}
	os.Remove(c.Dir) // only if empty
	return u, nil
}
