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

	"github.com/exhale-audio/exhale/audio/decode"
	"github.com/exhale-audio/exhale/internal/safefile"
)

// Cache is the folder of synthesised lines: for each, NAME.wav as the
// engine wrote it and NAME.json with its length and loudness, NAME being a
// hash of the engine's key and the exact text. An engine writes in a work
// folder of its own; both files are synced and renamed into place, the WAV
// first, and an entry counts only when its WAV is as long as its record
// says: a crash mid-write leaves at worst a stray work folder, and two
// processes making the same line at once leave a whole entry.
type Cache struct {
	Dir string

	readOnly bool // tests: as if the folder could not be written
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

// cacheFormat changes whenever exhale changes how it asks an engine for
// speech (the SSML pauses, the word gap, Festival's rate mapping), so that
// a new release does not serve lines made the old way.
const cacheFormat = "exhale-speech-1"

// entryName is the cache name of text said by an engine with key.
func entryName(key, text string) string {
	h := sha256.Sum256([]byte(cacheFormat + "\x00" + key + "\x00\x00" + text))
	return hex.EncodeToString(h[:16])
}

// load reads an entry's record, if the entry is whole: both files there,
// and the WAV as long as its record says (another process may have
// replaced one file of a pair with its own take of the line).
func (c *Cache) load(name string) (entry, bool) {
	var e entry
	if c.Dir == "" {
		return e, false
	}
	b, err := os.ReadFile(filepath.Join(c.Dir, name+".json"))
	if err != nil || json.Unmarshal(b, &e) != nil || e.Frames <= 0 || e.Rate <= 0 {
		return e, false
	}
	f, err := os.Open(filepath.Join(c.Dir, name+".wav"))
	if err != nil {
		return e, false
	}
	defer f.Close()
	_, info, err := decode.Open(f)
	if err != nil || info.Frames != e.Frames || info.SampleRate != e.Rate {
		return e, false
	}
	return e, true
}

// writable makes the folder and checks a file can be created in it.
func (c *Cache) writable() error {
	if c.readOnly {
		return &fs.PathError{Op: "open", Path: c.Dir, Err: fs.ErrPermission}
	}
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

// store moves a finished WAV into place under name and writes its record,
// each synced to the disk before it is renamed into place.
func (c *Cache) store(name, wav string, e entry) error {
	if err := safefile.Sync(wav); err != nil {
		return err
	}
	if err := os.Rename(wav, filepath.Join(c.Dir, name+".wav")); err != nil {
		return err
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(c.Dir, name+".json"), b)
}

// writeAtomic writes b to a temporary file beside path, syncs it and
// renames it into place; the temporary file never stays.
func writeAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".line-*.json")
	if err != nil {
		return err
	}
	_, werr := f.Write(b)
	if serr := f.Sync(); werr == nil {
		werr = serr
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
	}
	return werr
}

// copyEntry copies an entry's two files from one folder to another.
func copyEntry(from, to, name string) error {
	for _, ext := range []string{".wav", ".json"} {
		b, err := os.ReadFile(filepath.Join(from, name+ext))
		if err != nil {
			return err
		}
		if err := writeAtomic(filepath.Join(to, name+ext), b); err != nil {
			return err
		}
	}
	return nil
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
		mine := d.Type().IsRegular() && (strings.HasSuffix(n, ".wav") || strings.HasSuffix(n, ".json") || strings.HasPrefix(n, ".probe-") || n == ".engines")
		work := d.IsDir() && strings.HasPrefix(n, ".work-")
		if !mine && !work {
			continue
		}
		if err := os.RemoveAll(filepath.Join(c.Dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return u, fmt.Errorf("removing %s: %w", n, err)
		}
	}
	os.Remove(c.Dir) // only if empty
	return u, nil
}
