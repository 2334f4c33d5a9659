package decode

import (
	"errors"
	"fmt"
)

// Errors that Probe, Open and the streamer's Err wrap, for callers that need
// to tell the cases apart with errors.Is. The messages returned to users are
// the wrapping errors' own: they say what is wrong and what to do.
var (
	// ErrUnknownFormat reports content that is not MP3, WAV or FLAC.
	ErrUnknownFormat = errors.New("not a recognised audio file: use mp3, wav or flac")

	// ErrUnsupported reports a known format in a variant this package does not
	// decode, such as free-format MP3, MPEG layer 2 or µ-law WAV.
	ErrUnsupported = errors.New("unsupported audio encoding")

	// ErrCorrupt reports a damaged, truncated or empty file.
	ErrCorrupt = errors.New("corrupt audio file")
)

// formatError is a user-facing message that wraps one of the sentinel errors.
type formatError struct {
	kind error
	msg  string
}

func (e *formatError) Error() string { return e.msg }
func (e *formatError) Unwrap() error { return e.kind }

func unsupportedf(format string, args ...any) error {
	return &formatError{kind: ErrUnsupported, msg: fmt.Sprintf(format, args...)}
}

func corruptf(format string, args ...any) error {
	return &formatError{kind: ErrCorrupt, msg: fmt.Sprintf(format, args...)}
}

// errEmpty is returned for a file with no bytes at all.
var errEmpty = &formatError{kind: ErrCorrupt, msg: "empty file: choose a file that holds audio"}

// errClosed is reported by a streamer used after Close.
var errClosed = errors.New("audio stream is closed")

// readError wraps an error of the underlying reader, which is neither the
// file's fault nor this package's.
func readError(err error) error {
	return fmt.Errorf("reading audio: %w", err)
}

// at formats a position in frames as seconds for messages, e.g. "1.2s".
func at(frames int64, rate int) string {
	if rate <= 0 {
		return "0.0s"
	}
	return fmt.Sprintf("%.1fs", float64(frames)/float64(rate))
}
