package captions_test

import (
	"strings"
	"testing"

	"github.com/exhale-audio/exhale/internal/captions"
	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/internal/timeline"
)

func schedule() *timeline.Schedule {
	r := 48000
	return &timeline.Schedule{Rate: r, Samples: int64(20 * r), Events: []timeline.Event{
		{Kind: timeline.Bell, Start: 0, End: int64(7 * r), Parent: -1},
		{Kind: timeline.Say, Start: int64(7 * r), End: int64(7*r + r/2), Caption: "Hi <there> & welcome", Parent: -1},
		{Kind: timeline.Breathe, Start: int64(9 * r), End: int64(19 * r), Caption: "Slowing\n down", Parent: -1},
		{Kind: timeline.Inhale, Start: int64(9 * r), End: int64(13 * r), Caption: "breathe in", Parent: 2},
		{Kind: timeline.Play, Start: int64(19 * r), End: int64(20 * r), StepPos: script.Pos{Line: 3}, Parent: -1},
	}}
}

func TestWrite(t *testing.T) {
	cues := captions.FromSchedule(schedule())
	tests := []struct {
		format captions.Format
		want   string
	}{
		{captions.VTT, "WEBVTT\n\n00:00:07.000 --> 00:00:09.000\nHi &lt;there&gt; &amp; welcome\n\n00:00:09.000 --> 00:00:19.000\nSlowing down\n"},
		{captions.SRT, "1\n00:00:07,000 --> 00:00:09,000\nHi <there> & welcome\n\n2\n00:00:09,000 --> 00:00:19,000\nSlowing down\n\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := captions.Write(&b, tt.format, cues); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s:\n%q\nwant\n%q", tt.format, b.String(), tt.want)
		}
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]captions.Format{"a.vtt": captions.VTT, "B.SRT": captions.SRT, "c.txt": ""} {
		got, err := captions.FormatOf(name)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("FormatOf(%s) = %q, %v", name, got, err)
		}
	}
}
