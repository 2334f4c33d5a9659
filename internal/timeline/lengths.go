package timeline

import (
	"fmt"

	"github.com/exhale-audio/exhale/internal/script"
)

// lengths asks Media once per line and per file, and converts file lengths
// to the schedule's rate.
type lengths struct {
	media     Media
	rate      int
	voice     script.Voice
	say       map[string]Spoken
	files     map[string]int64
	estimated bool
}

func (l *lengths) speech(st *script.Step) (Spoken, error) {
	key := st.Clip + "\x00" + st.ID + "\x00" + st.Text
	if v, ok := l.say[key]; ok {
		return v, nil
	}
	sp, err := l.media.Speech(SpokenLine{Text: st.Text, Clip: st.Clip, ID: st.ID, Voice: l.voice}, l.rate)
	if err != nil {
		return Spoken{}, err
	}
	if sp.Samples <= 0 {
		return Spoken{}, fmt.Errorf("the spoken line %q has no length", st.Text)
	}
	l.say[key] = sp
	l.estimated = l.estimated || sp.Estimated
	return sp, nil
}

func (l *lengths) file(path string) (int64, error) {
	if n, ok := l.files[path]; ok {
		return n, nil
	}
	frames, rate, err := l.media.File(path)
	if err != nil {
		return 0, err
	}
	if rate <= 0 || frames <= 0 {
		return 0, fmt.Errorf("%s holds no audio", path)
	}
	n := Resampled(frames, rate, l.rate)
	l.files[path] = n
	return n, nil
}

// Resampled is the number of frames a sound of frames at rate from lasts at
// rate to, rounded to the nearest frame. The engine's resampler produces
// exactly this many.
func Resampled(frames int64, from, to int) int64 {
	if from == to {
		return frames
	}
	return (frames*int64(to) + int64(from)/2) / int64(from)
}
