// Package captions turns a schedule into timed text: WebVTT for players and
// the web, SubRip (.srt) for everything else. There is one cue per spoken
// line and per step with a caption of its own, shown for at least
// MinShown, so that a short line can still be read.
package captions

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/exhale-audio/exhale/internal/timeline"
)

// MinShown is the shortest time a cue stays on screen.
const MinShown = 2 * time.Second

// Cue is one caption and when it shows.
type Cue struct {
	Start, End time.Duration
	Text       string
}

// FromSchedule picks the cues of a schedule: every `say`, and every
// breathe, bell or play step that has a caption of its own.
func FromSchedule(s *timeline.Schedule) []Cue {
	var cues []Cue
	for _, e := range s.Events {
		text := strings.Join(strings.Fields(e.Caption), " ")
		switch {
		case text == "":
			continue
		case e.Kind == timeline.Say, e.Kind == timeline.Breathe, e.Kind == timeline.Bell, e.Kind == timeline.Play:
		default:
			continue // breathing phases are shown by the breathing shape
		}
		start, end := s.Duration(e.Start), s.Duration(e.End)
		end = max(end, start+MinShown)
		cues = append(cues, Cue{Start: start, End: end, Text: text})
	}
	return cues
}

// Format is a caption file format.
type Format string

// The caption formats.
const (
	VTT Format = "vtt"
	SRT Format = "srt"
)

// FormatOf picks the format from a file name's extension.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".vtt":
		return VTT, nil
	case ".srt":
		return SRT, nil
	}
	return "", fmt.Errorf("%s: captions are written as WebVTT (.vtt) or SubRip (.srt): end the name in one of those", name)
}

// Write writes cues in format f.
func Write(w io.Writer, f Format, cues []Cue) error {
	var b strings.Builder
	if f == VTT {
		b.WriteString("WEBVTT\n")
	}
	for i, c := range cues {
		if f == VTT {
			fmt.Fprintf(&b, "\n%s --> %s\n%s\n", stamp(c.Start, '.'), stamp(c.End, '.'), escapeVTT(c.Text))
		} else {
			fmt.Fprintf(&b, "%d\n%s --> %s\n%s\n\n", i+1, stamp(c.Start, ','), stamp(c.End, ','), c.Text)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// stamp writes hh:mm:ss.mmm (with sep before the milliseconds).
func stamp(d time.Duration, sep byte) string {
	ms := (d + time.Millisecond/2) / time.Millisecond
	h := ms / 3600000
	m := ms / 60000 % 60
	s := ms / 1000 % 60
	return fmt.Sprintf("%02d:%02d:%02d%c%03d", h, m, s, sep, ms%1000)
}

// escapeVTT keeps a caption's text from being read as WebVTT markup.
func escapeVTT(s string) string {
	s = strings.ReplaceAll(s, "&", "&amp;")
	s = strings.ReplaceAll(s, "<", "&lt;")
	s = strings.ReplaceAll(s, ">", "&gt;")
	return strings.ReplaceAll(s, "-->", "--&gt;")
}
