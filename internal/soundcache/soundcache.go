// Package soundcache keeps the sounds exhale synthesises (bells, noise and
// ocean loops) in a folder between runs, so that a session's first sound
// does not wait for them. It implements synth.Store.
//
// Entries live in a folder named after this program's own build (the
// executable's size and time): another version of exhale, which may
// synthesise differently, never reads them. Each file is a small header
// and little-endian float32 samples, written under a temporary name and
// renamed: a file cut short is not read.
package soundcache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
)

const magic = "EXS1"

// Folder is a store in a folder.
type Folder struct {
	Dir string
}

// ForThisBuild returns the store under root for the running program, or
// false when the program's file cannot be found.
func ForThisBuild(root string) (Folder, bool) {
	exe, err := os.Executable()
	if err != nil {
		return Folder{}, false
	}
	st, err := os.Stat(exe)
	if err != nil {
		return Folder{}, false
	}
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d\x00%d", exe, st.Size(), st.ModTime().UnixNano())))
	return Folder{Dir: filepath.Join(root, hex.EncodeToString(h[:8]))}, true
}

var unsafe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func (f Folder) path(name string) string {
	return filepath.Join(f.Dir, unsafe.ReplaceAllString(name, "_")+".f32")
}

// Load implements synth.Store.
func (f Folder) Load(name string) ([]float32, bool) {
	b, err := os.ReadFile(f.path(name))
	if err != nil || len(b) < 12 || string(b[:4]) != magic {
		return nil, false
	}
	n := binary.LittleEndian.Uint64(b[4:12])
	if uint64(len(b)-12) != 4*n {
		return nil, false
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[12+4*i:]))
	}
	return out, true
}

// Save implements synth.Store. Failures are ignored: the sound is made
// again next time.
func (f Folder) Save(name string, samples []float32) {
	if os.MkdirAll(f.Dir, 0o755) != nil {
		return
	}
	b := make([]byte, 12+4*len(samples))
	copy(b, magic)
	binary.LittleEndian.PutUint64(b[4:], uint64(len(samples)))
	for i, v := range samples {
		binary.LittleEndian.PutUint32(b[12+4*i:], math.Float32bits(v))
	}
	tmp, err := os.CreateTemp(f.Dir, ".part-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil || os.Rename(tmp.Name(), f.path(name)) != nil {
		os.Remove(tmp.Name())
	}
}

// Prune removes the folders of other builds beside this one: what they
// hold is never read again.
func (f Folder) Prune() {
	root := filepath.Dir(f.Dir)
	ents, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.IsDir() && filepath.Join(root, e.Name()) != f.Dir && buildName.MatchString(e.Name()) {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

// buildName is what ForThisBuild calls a build's folder.
var buildName = regexp.MustCompile(`^[0-9a-f]{16}$`)
