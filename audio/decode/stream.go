package decode

import (
	"fmt"
	"io"

	"github.com/gopxl/beep/v2"
)

var (
	_ beep.StreamSeekCloser = (*streamer)(nil)
	_ source                = (*wavSource)(nil)
	_ source                = (*flacSource)(nil)
	_ source                = (*mp3Source)(nil)
)

// source decodes one file in blocks of stereo frames. Its positions are raw
// frames, counted from the first frame it decodes, before any trimming.
type source interface {
	// decode decodes the next block into dst's backing array (reallocating
	// if it is too small) and returns it. After the last block it returns
	// io.EOF and no frames.
	decode(dst [][2]float64) ([][2]float64, error)

	// seek prepares decode to return blocks that start at a raw frame at or
	// before p, and returns that frame.
	seek(p int64) (int64, error)
}

// streamer plays the raw frames [offset, offset+info.Frames) of a source as
// a beep.StreamSeekCloser whose positions count from offset.
type streamer struct {
	src    source
	info   Info
	offset int64 // raw frames before the first streamed frame
	closer io.Closer

	pos    int64        // next frame to stream, in [0, info.Frames]
	block  [][2]float64 // backing array of the last decoded block
	buf    [][2]float64 // frames of block not yet streamed; buf[0] is frame pos
	drop   int64        // raw frames to discard from the next blocks before pos
	synced bool         // src, buf and drop lead to pos
	later  error        // error met while filling a call that returned frames
	err    error        // error reported by Err; Stream returns (0, false)
	closed bool
}

// Stream fills samples with the next frames. See beep.Streamer.
func (s *streamer) Stream(samples [][2]float64) (n int, ok bool) {
	if s.err != nil || s.closed {
		return 0, false
	}
	if s.later != nil {
		s.err, s.later = s.later, nil
		return 0, false
	}
	if len(samples) == 0 {
		return 0, s.pos < s.info.Frames
	}
	for n < len(samples) && s.pos < s.info.Frames {
		if len(s.buf) == 0 {
			if err := s.fill(); err != nil {
				if n > 0 {
					s.later = err
					return n, true
				}
				s.err = err
				return 0, false
			}
		}
		want := min(int64(len(samples)-n), s.info.Frames-s.pos)
		k := copy(samples[n:n+int(want)], s.buf)
		s.buf = s.buf[k:]
		n += k
		s.pos += int64(k)
	}
	return n, n > 0
}

// Err reports the error that stopped the stream, if any.
func (s *streamer) Err() error { return s.err }

// Len returns the number of frames the streamer plays from position 0.
func (s *streamer) Len() int { return int(s.info.Frames) }

// Position returns the next frame to be streamed.
func (s *streamer) Position() int { return int(s.pos) }

// Seek moves to frame p, in [0, Len()]. On error the position is unchanged.
func (s *streamer) Seek(p int) error {
	switch {
	case s.closed:
		return errClosed
	case s.err != nil:
		return s.err
	case p < 0 || int64(p) > s.info.Frames:
		return fmt.Errorf("seek position %d is out of range [0, %d]", p, s.info.Frames)
	}
	target := int64(p)
	if s.synced && s.later == nil && target >= s.pos && target-s.pos <= int64(len(s.buf)) {
		s.buf = s.buf[target-s.pos:]
		s.pos = target
		return nil
	}
	s.later = nil
	old := s.pos
	s.pos = target
	if err := s.sync(); err != nil {
		s.pos = old
		return err
	}
	return nil
}

// Close releases the streamer and closes the reader it was opened on if that
// is an io.Closer.
func (s *streamer) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	s.buf, s.block = nil, nil
	if s.closer != nil {
		return s.closer.Close()
	}
	return nil
}

// sync positions the source so that the next frames streamed start at pos.
func (s *streamer) sync() error {
	s.synced = false
	s.buf = nil
	want := s.offset + s.pos
	var start int64
	err := s.guard(want, func() error {
		var err error
		start, err = s.src.seek(want)
		return err
	})
	if err != nil {
		return err
	}
	if start > want || start < 0 {
		return fmt.Errorf("internal error: %s seek to %d started at %d", s.info.Format, want, start)
	}
	s.drop = want - start
	s.synced = true
	return nil
}

// fill decodes blocks until buf holds at least one frame at pos.
func (s *streamer) fill() error {
	if !s.synced {
		if err := s.sync(); err != nil {
			return err
		}
	}
	for {
		var blk [][2]float64
		err := s.guard(s.offset+s.pos, func() error {
			var err error
			blk, err = s.src.decode(s.block[:0])
			return err
		})
		if err == io.EOF {
			err = corruptf("%s audio ends early, at %s of %s: the file was cut short or changed; re-download or re-export it",
				s.info.Format, at(s.pos, s.info.SampleRate), at(s.info.Frames, s.info.SampleRate))
		}
		if err != nil {
			s.synced = false
			return err
		}
		if len(blk) == 0 {
			s.synced = false
			return fmt.Errorf("internal error: the %s decoder returned no frames", s.info.Format)
		}
		s.block = blk
		if int64(len(blk)) <= s.drop {
			s.drop -= int64(len(blk))
			continue
		}
		s.buf = blk[s.drop:]
		s.drop = 0
		return nil
	}
}

// guard runs a call into a decoder, turning a panic into an error.
func (s *streamer) guard(raw int64, f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = corruptf("corrupt %s data near %s: the decoder failed (%v); replace or re-encode the file",
				s.info.Format, at(raw, s.info.SampleRate), p)
		}
	}()
	return f()
}

// verify streams the whole file from the start, as Probe does, and checks
// that it gives exactly info.Frames frames.
func (s *streamer) verify() error {
	if err := s.Seek(0); err != nil {
		return err
	}
	for s.pos < s.info.Frames {
		if len(s.buf) == 0 {
			if err := s.fill(); err != nil {
				return err
			}
		}
		k := min(int64(len(s.buf)), s.info.Frames-s.pos)
		s.buf = s.buf[k:]
		s.pos += k
	}
	return nil
}
