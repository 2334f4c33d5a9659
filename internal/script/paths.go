package script

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// looksLikeFile reports whether a sound value names a file rather than a
// built-in sound.
func looksLikeFile(s string) bool {
	if strings.ContainsAny(s, `/\`) {
		return true
	}
	ext := strings.ToLower(path.Ext(s))
	return ext != ""
}

// pathKind is what a referenced path must be.
type pathKind int

const (
	regularFile pathKind = iota
	folder
)

// localPath checks a path written in the script: relative, inside the
// script's folder once resolved against the folder of the file that names
// it, and existing as the right kind of file. It returns the path inside
// the script's fs.FS.
func (d *doc) localPath(n *yaml.Node, key string, want pathKind) (string, bool) {
	raw, ok := d.nonEmpty(n, key)
	if !ok {
		return "", false
	}
	v := strings.TrimSpace(raw)
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, `\`) || strings.HasPrefix(v, "~") || (len(v) > 1 && v[1] == ':') {
		d.errf(n, "`%s`: %q is an absolute path: give a path relative to the script's folder", key, v)
		return "", false
	}
	if strings.Contains(v, `\`) {
		d.errf(n, "`%s`: %q uses backslashes: separate folders with /", key, v)
		return "", false
	}
	p := path.Clean(path.Join(d.dir, v))
	if p == ".." || strings.HasPrefix(p, "../") || !fs.ValidPath(p) {
		d.errf(n, "`%s`: %q leads outside the script's folder: a script may only use files beside it", key, v)
		return "", false
	}
	info, err := fs.Stat(d.p.fsys, p)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			what := "file"
			if want == folder {
				what = "folder"
			}
			d.errf(n, "`%s`: %s %q not found: check the name (it is relative to the script's folder)", key, what, v)
		case isEscape(err):
			d.errf(n, "`%s`: %q leads outside the script's folder through a symbolic link: copy the file beside the script", key, v)
		case errors.Is(err, fs.ErrPermission):
			d.errf(n, "`%s`: %q cannot be read: check its permissions", key, v)
		default:
			d.errf(n, "`%s`: %q cannot be opened: %v", key, v, unwrapPathError(err))
		}
		return "", false
	}
	switch {
	case want == folder && !info.IsDir():
		d.errf(n, "`%s`: %q is not a folder", key, v)
		return "", false
	case want == regularFile && info.IsDir():
		d.errf(n, "`%s`: %q is a folder, not a file", key, v)
		return "", false
	case want == regularFile && !info.Mode().IsRegular():
		d.errf(n, "`%s`: %q is not a regular file", key, v)
		return "", false
	}
	return p, true
}

// isEscape recognises os.Root's refusal to follow a path out of its folder.
func isEscape(err error) bool {
	return err != nil && strings.Contains(err.Error(), "escapes from parent")
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// addMedia records an audio file the script names and, if the caller asked,
// has it decoded now, so that a broken file is reported at its line.
func (d *doc) addMedia(n *yaml.Node, p string) {
	d.p.media = append(d.p.media, MediaRef{Path: p, Pos: d.pos(n)})
	if d.p.opts.Media == nil {
		return
	}
	if err, seen := d.p.probed[p]; seen {
		if err != nil {
			d.errf(n, "%v", err)
		}
		return
	}
	err := d.p.opts.Media(p)
	d.p.probed[p] = err
	if err != nil {
		d.errf(n, "%v", err)
	}
}
