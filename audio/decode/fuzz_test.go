package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// FuzzProbe feeds arbitrary bytes to Probe. Seeds: testdata/fuzz/FuzzProbe
// (the starts of a few fixtures) and the cases below.
func FuzzProbe(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("small"))
	f.Add([]byte("ID3\x04\x00\x10\x00\x00\x00\x00\xff\xfb\x90\x64"))
	f.Add([]byte("fLaC\x80\x00\x00\x22"))
	f.Fuzz(func(t *testing.T, b []byte) { checkInput(t, b) })
}

// FuzzWAVChunks fuzzes the WAV parser: every input becomes the chunks of a
// RIFF/WAVE file. Seeds: testdata/fuzz/FuzzWAVChunks.
func FuzzWAVChunks(f *testing.F) {
	f.Add([]byte("fmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00data\xff\xff\xff\xff\x01\x02"))
	f.Fuzz(func(t *testing.T, chunks []byte) {
		b := []byte("RIFF")
		b = binary.LittleEndian.AppendUint32(b, uint32(len(chunks)+4))
		b = append(b, "WAVE"...)
		checkInput(t, append(b, chunks...))
	})
}

// checkInput checks that Probe either fails with a classified error or
// succeeds with a sane Info that Open's streamer then plays exactly.
func checkInput(t *testing.T, b []byte) {
	info, err := Probe(bytes.NewReader(b))
	if err != nil {
		if !errors.Is(err, ErrUnknownFormat) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Probe: unclassified error %v", err)
		}
		if _, _, err2 := Open(bytes.NewReader(b)); err2 != nil && err2.Error() != err.Error() && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Open: %v; Probe: %v", err2, err)
		}
		return
	}
	if info.SampleRate < 1 || info.SampleRate > maxRate || info.Channels < 1 || info.Channels > maxChannels || info.Frames < 1 {
		t.Fatalf("Probe: %+v", info)
	}
	if info.Frames > 1<<22 {
		return // too long to stream here again
	}
	s, openInfo, err := Open(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Open after a good Probe: %v", err)
	}
	if openInfo != info {
		t.Fatalf("Open's Info %+v, Probe's %+v", openInfo, info)
	}
	buf := make([][2]float64, 4096)
	var total int64
	for {
		n, ok := s.Stream(buf)
		for _, f := range buf[:n] {
			if !(f[0] >= -1 && f[0] <= 1 && f[1] >= -1 && f[1] <= 1) {
				t.Fatalf("frame %v out of [-1, 1]", f)
			}
		}
		total += int64(n)
		if !ok {
			break
		}
	}
	if s.Err() != nil || total != info.Frames {
		t.Fatalf("streamed %d of %d frames, Err %v", total, info.Frames, s.Err())
	}
}
