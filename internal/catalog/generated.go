package catalog

import (
	"bytes"
	"io"
	"io/fs"
	"time"
)

// Generated is the origin of a script made by a command (breathe, timer).
const Generated Origin = "generated"

// NewGenerated returns an entry for a script made in memory: name.yaml,
// holding data, in a folder of its own with nothing else in it.
func NewGenerated(name string, data []byte) Entry {
	file := name + ".yaml"
	return Entry{Name: name, Display: file, FS: oneFile{name: file, data: data}, File: file, Origin: Generated}
}

// oneFile is a read-only fs.FS holding a single file.
type oneFile struct {
	name string
	data []byte
}

func (o oneFile) Open(name string) (fs.File, error) {
	switch {
	case !fs.ValidPath(name):
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	case name == o.name:
		return &memFile{info: memInfo{name: o.name, size: int64(len(o.data))}, r: bytes.NewReader(o.data)}, nil
	case name == ".":
		return &memFile{info: memInfo{name: ".", dir: true}, r: bytes.NewReader(nil),
			entries: []fs.DirEntry{fs.FileInfoToDirEntry(memInfo{name: o.name, size: int64(len(o.data))})}}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

type memFile struct {
	info    memInfo
	r       *bytes.Reader
	entries []fs.DirEntry // a folder's, not yet read
}

func (f *memFile) Stat() (fs.FileInfo, error)                { return f.info, nil }
func (f *memFile) Read(p []byte) (int, error)                { return f.r.Read(p) }
func (f *memFile) Seek(off int64, whence int) (int64, error) { return f.r.Seek(off, whence) }
func (f *memFile) Close() error                              { return nil }
func (f *memFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if !f.info.dir {
		return nil, &fs.PathError{Op: "readdir", Path: f.info.name, Err: fs.ErrInvalid}
	}
	if n <= 0 {
		out := f.entries
		f.entries = nil
		return out, nil
	}
	if len(f.entries) == 0 {
		return nil, io.EOF
	}
	k := min(n, len(f.entries))
	out := f.entries[:k]
	f.entries = f.entries[k:]
	return out, nil
}
func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

type memInfo struct {
	name string
	size int64
	dir  bool
}
