package decode

import (
	"bytes"
	"fmt"
	"io"

	"github.com/gopxl/beep/v2"
)

// Format names an audio container format.
type Format string

// The formats this package decodes.
const (
	MP3  Format = "mp3"
	WAV  Format = "wav"
	FLAC Format = "flac"
)

// Info describes the audio a streamer from Open plays.
type Info struct {
	// Format is the format found in the content.
	Format Format
	// SampleRate is the file's own rate in frames per second.
	SampleRate int
	// Channels is the file's own channel count; the streamer always gives
	// stereo.
	Channels int
	// Frames is the exact number of frames (samples per channel) at
	// SampleRate that will be streamed, after MP3 encoder delay and padding
	// have been trimmed.
	Frames int64
}

// Probe reads and decodes the whole stream, so that a corrupt file is found
// now rather than mid-session, and returns its exact Info. It never panics.
// It does not close r, and leaves r's position unspecified.
func Probe(r io.ReadSeeker) (info Info, err error) {
	s, err := open(r)
	if err != nil {
		return Info{}, err
	}
	if err := s.verify(); err != nil {
		return Info{}, err
	}
	return s.info, nil
}

// Open returns a streamer of the audio as stereo frames at the file's own
// rate (mono is copied to both sides; of more than two channels the first two
// are played) and its Info. The streamer follows beep's Streamer contract: it
// fills the whole buffer until the end, then returns n < len followed by
// (0, false), and Err reports decode errors. Seek, Position and Len count
// trimmed frames. Close closes r if it is an io.Closer; if Open fails, r is
// left open.
//
// Open reads the file's headers (for MP3 every frame header) but decodes
// nothing ahead, so it is cheap; the exception is a FLAC file whose
// STREAMINFO does not give its length, which is decoded once to count it.
// Info.Frames equals what Probe reports for any file Probe accepts, and
// damage that Probe would report surfaces through the streamer's Err instead.
func Open(r io.ReadSeeker) (beep.StreamSeekCloser, Info, error) {
	s, err := open(r)
	if err != nil {
		return nil, Info{}, err
	}
	if c, ok := r.(io.Closer); ok {
		s.closer = c
	}
	return s, s.info, nil
}

// open detects the format and builds a streamer positioned at its start.
func open(r io.ReadSeeker) (s *streamer, err error) {
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, corruptf("the audio file could not be read (%v): replace the file", p)
		}
	}()
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, readError(err)
	}
	if size == 0 {
		return nil, errEmpty
	}
	in := newSeqReader(r)
	start, err := skipID3v2(in, size)
	if err != nil {
		return nil, err
	}
	head, err := in.peekAt(start, 12)
	if err != nil {
		return nil, err
	}
	switch {
	case start == 0 && len(head) >= 12 && isRIFF(head) && bytes.Equal(head[8:12], []byte("WAVE")):
		return openWAV(in, size)
	case bytes.HasPrefix(head, []byte("fLaC")):
		return openFLAC(in, start, size)
	case start > 0 || (len(head) >= 4 && mp3Header(be32(head)).looksLikeMPEG()):
		return openMP3(in, start, size)
	}
	return nil, unknownFormat(head)
}

// unknownFormat names formats that people often have, to say what to do.
func unknownFormat(head []byte) error {
	name := ""
	switch {
	case bytes.HasPrefix(head, []byte("OggS")):
		name = "Ogg (Vorbis or Opus)"
	case len(head) >= 8 && bytes.Equal(head[4:8], []byte("ftyp")):
		name = "MP4/M4A (AAC)"
	case bytes.HasPrefix(head, []byte("FORM")):
		name = "AIFF"
	case bytes.HasPrefix(head, []byte("RIFX")):
		name = "big-endian WAV (RIFX)"
	case len(head) >= 2 && head[0] == 0xFF && head[1]&0xF6 == 0xF0:
		name = "AAC (ADTS)"
	}
	if name == "" {
		return ErrUnknownFormat
	}
	return &formatError{kind: ErrUnknownFormat, msg: fmt.Sprintf("this is %s audio, which is not supported: convert it to mp3, wav or flac", name)}
}

// skipID3v2 returns the offset of the first byte after any ID3v2 tags at the
// start of the file.
func skipID3v2(in *seqReader, size int64) (int64, error) {
	pos := int64(0)
	for {
		h, err := in.peekAt(pos, 10)
		if err != nil {
			return 0, err
		}
		if len(h) < 10 || string(h[:3]) != "ID3" {
			return pos, nil
		}
		if h[3] == 0xFF || h[4] == 0xFF || h[6]|h[7]|h[8]|h[9] >= 0x80 {
			return 0, corruptf("damaged ID3 tag at the start of the file: remove the tag or re-encode the file")
		}
		n := int64(h[6])<<21 | int64(h[7])<<14 | int64(h[8])<<7 | int64(h[9])
		n += 10
		if h[5]&0x10 != 0 { // footer present
			n += 10
		}
		if pos+n >= size {
			return 0, corruptf("the file holds an ID3 tag but no audio: re-download or re-encode it")
		}
		pos += n
	}
}

func isRIFF(head []byte) bool {
	return bytes.HasPrefix(head, []byte("RIFF")) || bytes.HasPrefix(head, []byte("RF64"))
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
