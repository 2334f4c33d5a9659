package decode_test

import (
	"fmt"
	"os"

	"github.com/exhale-audio/exhale/audio/decode"
)

func ExampleOpen() {
	f, err := os.Open("testdata/mp3/vbr5_48000_stereo.mp3")
	if err != nil {
		fmt.Println(err)
		return
	}
	s, info, err := decode.Open(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close() // closes f too
	fmt.Printf("%s, %d Hz, %d channels, %d frames\n", info.Format, info.SampleRate, info.Channels, info.Frames)
	// The LAME encoder's delay and padding are gone: the first streamed frame
	// is the first frame of the recording.
	buf := make([][2]float64, 4)
	n, _ := s.Stream(buf)
	fmt.Println(n, s.Position(), s.Len())
	// Output:
	// mp3, 48000 Hz, 2 channels, 48000 frames
	// 4 4 48000
}

func ExampleProbe() {
	f, err := os.Open("testdata/wav/mulaw_mono_8000.wav")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	_, err = decode.Probe(f)
	fmt.Println(err)
	// Output:
	// compressed WAV (µ-law) is not supported: export it as PCM or float WAV
}
