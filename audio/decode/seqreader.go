package decode

import (
	"bufio"
	"errors"
	"io"
)

// seqReader reads an io.ReadSeeker mostly in order through a buffer and
// keeps track of its position. It seeks the underlying reader only when asked
// for bytes that are not next in the buffer. Errors of the underlying reader
// are wrapped by readError; reading past the end gives io.EOF or
// io.ErrUnexpectedEOF unwrapped.
type seqReader struct {
	r     io.ReadSeeker
	br    *bufio.Reader
	pos   int64 // offset of the next byte br gives
	valid bool  // br and pos agree with the underlying reader
}

const seqBufferSize = 64 << 10

func newSeqReader(r io.ReadSeeker) *seqReader {
	return &seqReader{r: r, br: bufio.NewReaderSize(r, seqBufferSize)}
}

// seek makes off the next byte to read.
func (s *seqReader) seek(off int64) error {
	if s.valid && off == s.pos {
		return nil
	}
	if s.valid && off > s.pos && off-s.pos <= int64(s.br.Buffered()) {
		n, _ := s.br.Discard(int(off - s.pos))
		s.pos += int64(n)
		return nil
	}
	if _, err := s.r.Seek(off, io.SeekStart); err != nil {
		s.valid = false
		return readError(err)
	}
	s.br.Reset(s.r)
	s.pos, s.valid = off, true
	return nil
}

// Read reads from the current position.
func (s *seqReader) Read(p []byte) (int, error) {
	if !s.valid {
		if err := s.seek(s.pos); err != nil {
			return 0, err
		}
	}
	n, err := s.br.Read(p)
	s.pos += int64(n)
	return n, wrapRead(err)
}

// ReadByte reads one byte from the current position.
func (s *seqReader) ReadByte() (byte, error) {
	var b [1]byte
	if _, err := io.ReadFull(s, b[:]); err != nil {
		return 0, err
	}
	return b[0], nil
}

// readAt fills p from offset off. A short read at the end of the file gives
// io.ErrUnexpectedEOF, or io.EOF when nothing was read.
func (s *seqReader) readAt(off int64, p []byte) error {
	if err := s.seek(off); err != nil {
		return err
	}
	_, err := io.ReadFull(s, p)
	return err
}

// peekAt returns up to n bytes from offset off without consuming them; fewer
// only at the end of the file. The slice is valid until the next call.
func (s *seqReader) peekAt(off int64, n int) ([]byte, error) {
	if err := s.seek(off); err != nil {
		return nil, err
	}
	b, err := s.br.Peek(n)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, wrapRead(err)
	}
	return b, nil
}

// wrapRead passes end-of-file errors through and wraps the others.
func wrapRead(err error) error {
	if err == nil || err == io.EOF || err == io.ErrUnexpectedEOF {
		return err
	}
	return readError(err)
}
