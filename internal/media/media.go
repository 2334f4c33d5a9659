// Package media tells the timeline how long a session's sounds last: audio
// files of the script's folder by decoding them (audio/decode), and spoken
// lines by their recorded clip or, until speech is synthesised, by an
// estimate from their word count at the voice's speaking rate.
//
// It reads files only through the fs.FS it is given, which is rooted at the
// script's folder, and remembers what it has measured.
package media

import (
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode"

	"github.com/exhale-audio/exhale/audio/decode"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

// Files measures audio files and estimates speech. The zero value is not
// usable; make one with New.
type Files struct {
	fsys   fs.FS
	verify bool
	infos  map[string]result
}

type result struct {
	info decode.Info
	err  error
}

var _ timeline.Media = (*Files)(nil)

// New returns a Files reading from fsys. With verify, every file is decoded
// whole when first measured, so that damage anywhere in it is found now
// (what `exhale check` wants); without, only its headers are read, which is
// fast and gives the same exact length.
func New(fsys fs.FS, verify bool) *Files {
	return &Files{fsys: fsys, verify: verify, infos: map[string]result{}}
}

// Probe measures the file at path once and returns what it holds.
func (f *Files) Probe(path string) (decode.Info, error) {
	if r, ok := f.infos[path]; ok {
		return r.info, r.err
	}
	info, err := f.probe(path)
	f.infos[path] = result{info, err}
	return info, err
}

func (f *Files) probe(path string) (decode.Info, error) {
	file, err := f.fsys.Open(path)
	if err != nil {
		return decode.Info{}, fmt.Errorf("%s cannot be opened: %w", path, err)
	}
	defer file.Close()
	rs, ok := file.(io.ReadSeeker)
	if !ok {
		return decode.Info{}, fmt.Errorf("%s cannot be read from its start again", path)
	}
	var info decode.Info
	if f.verify {
		info, err = decode.Probe(rs)
	} else {
		_, info, err = decode.Open(rs)
	}
	if err != nil {
		return decode.Info{}, fmt.Errorf("%s: %w", path, err)
	}
	return info, nil
}

// File implements timeline.Media.
func (f *Files) File(path string) (int64, int, error) {
	info, err := f.Probe(path)
	if err != nil {
		return 0, 0, err
	}
	return info.Frames, info.SampleRate, nil
}

// Speech implements timeline.Media without a voice (what `check` and
// `list` use, which make no speech): a line with a recorded clip lasts as
// long as the clip, at the clip's own level; any other line is estimated
// from its words.
func (f *Files) Speech(line timeline.SpokenLine, rate int) (timeline.Spoken, error) {
	if line.Clip != "" {
		frames, from, err := f.File(line.Clip)
		if err != nil {
			return timeline.Spoken{}, err
		}
		return timeline.Spoken{Samples: timeline.Resampled(frames, from, rate), Clip: line.Clip}, nil
	}
	return timeline.Spoken{Samples: EstimateSpeech(line.Text, line.Voice.Speech.Rate, rate), Estimated: true}, nil
}

// EstimateSpeech is how long text takes to say at wpm words per minute, in
// samples at rate (at least one word's worth).
func EstimateSpeech(text string, wpm, rate int) int64 {
	if wpm <= 0 {
		wpm = script.DefaultSpeechRate
	}
	words := max(int64(Words(text)), 1)
	return words * 60 * int64(rate) / int64(wpm)
}

// Words counts the words of a spoken line: runs of letters or digits.
func Words(text string) int {
	return len(strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}))
}
