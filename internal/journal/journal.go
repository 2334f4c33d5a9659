// Package journal keeps the practice journal: one JSON record per line of
// a file (JSON Lines), one record per session played, and what can be
// learnt from them (totals, streaks, tension before and after, a
// calendar).
//
// A record is appended as one write of one line to the file opened with
// O_APPEND, under an advisory lock (flock), so that two sessions ending at
// once never interleave or lose a record. Reading skips a damaged line (a
// crash mid-write on another system, hand editing) with a warning naming
// it, and keeps every other record.
package journal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Outcome is how a session ended.
type Outcome string

// Outcomes.
const (
	Completed   Outcome = "completed"   // played to its end
	Stopped     Outcome = "stopped"     // a gentle stop (q, the first Ctrl-C)
	Interrupted Outcome = "interrupted" // a second Ctrl-C, SIGTERM, SIGHUP, or the sound output failing
)

// Record is one session played.
type Record struct {
	Session       string    `json:"session"`
	Title         string    `json:"title"`
	Version       string    `json:"version"` // a hash of the compiled script: an edited script is another version
	Start         time.Time `json:"start"`   // local time, with its offset
	Heard         float64   `json:"heard"`   // seconds heard, pauses left out
	Completed     float64   `json:"completed"`
	Outcome       Outcome   `json:"outcome"`
	TensionBefore *int      `json:"tension_before,omitempty"` // 0–10
	TensionAfter  *int      `json:"tension_after,omitempty"`
	Note          string    `json:"note,omitempty"`
}

// valid reports whether a record read back is whole.
func (r *Record) valid() bool {
	switch r.Outcome {
	case Completed, Stopped, Interrupted:
	default:
		return false
	}
	okTension := func(t *int) bool { return t == nil || (*t >= 0 && *t <= 10) }
	return r.Session != "" && !r.Start.IsZero() && r.Heard >= 0 && r.Completed >= 0 && r.Completed <= 1 &&
		okTension(r.TensionBefore) && okTension(r.TensionAfter)
}

// Journal is the journal file.
type Journal struct {
	Path string
}

// DefaultPath is $XDG_DATA_HOME/exhale/journal.jsonl, or
// ~/.local/share/exhale/journal.jsonl.
func DefaultPath(getenv func(string) string) (string, error) {
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "exhale", "journal.jsonl"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("neither XDG_DATA_HOME nor HOME is set")
	}
	return filepath.Join(home, ".local", "share", "exhale", "journal.jsonl"), nil
}

// Append adds a record: one write of one line, under the file's lock. If
// the file does not end with a line break (a record cut short elsewhere),
// the line starts with one, so that the new record stays whole.
func (j Journal) Append(r Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	// Private: tension ratings and notes are nobody else's business.
	if err := os.MkdirAll(filepath.Dir(j.Path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(j.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := flock(f, syscall.LOCK_EX); err != nil {
		return err
	}
	defer flock(f, syscall.LOCK_UN)
	line := append(b, '\n')
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		last := make([]byte, 1)
		if r, err := os.Open(j.Path); err == nil {
			_, rerr := r.ReadAt(last, st.Size()-1)
			r.Close()
			if rerr == nil && last[0] != '\n' {
				line = append([]byte{'\n'}, line...)
			}
		}
	}
	n, err := f.Write(line)
	if err == nil && n != len(line) {
		err = fmt.Errorf("wrote %d of %d bytes", n, len(line))
	}
	if err != nil {
		return err
	}
	return f.Sync()
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// Damaged is a line that could not be read as a record.
type Damaged struct {
	Line int
}

// Read returns every whole record, in the file's order, and the lines
// that were skipped as damaged. A journal that does not exist is empty.
func (j Journal) Read() ([]Record, []Damaged, error) {
	f, err := os.Open(j.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	// Shared: a record being appended is read whole or not at all.
	if err := flock(f, syscall.LOCK_SH); err != nil {
		return nil, nil, err
	}
	b, err := io.ReadAll(f)
	flock(f, syscall.LOCK_UN)
	if err != nil {
		return nil, nil, err
	}
	var recs []Record
	var bad []Damaged
	for i, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(line, &r); err != nil || !r.valid() {
			bad = append(bad, Damaged{Line: i + 1})
			continue
		}
		recs = append(recs, r)
	}
	return recs, bad, nil
}
