// Package decode turns MP3, WAV and FLAC files into beep streamers.
//
// The contract:
//
//   - The format is found from the content (RIFF/WAVE, fLaC, an ID3v2 tag or
//     an MPEG frame sync), never from a file name. Readers are read from
//     offset 0, whatever their position.
//   - Probe decodes the whole stream, so a damaged file is reported when it is
//     loaded rather than in the middle of a session, and returns the exact
//     number of frames that Open's streamer will play.
//   - Open returns a beep.StreamSeekCloser of stereo frames at the file's own
//     sample rate: mono is copied to both sides, and of more than two
//     channels the first two are played. Positions, lengths and seeks count
//     frames (samples per channel) of the trimmed audio. Seeking is exact: the
//     frames after Seek(p) are the ones a stream from the start would give
//     after skipping p frames.
//   - MP3 is played gaplessly: the frame that carries a Xing/Info tag is not
//     audio and is dropped, the 529-frame delay of the MP3 synthesis filter
//     bank is always removed, and when a LAME (or FFmpeg) tag records the
//     encoder's delay and padding they are removed too, so that a clip lasts
//     exactly as long as the recording that was encoded. Without such a tag
//     the end is kept whole, as nothing says how much of it is padding.
//   - Errors are plain and say what to do. They wrap ErrUnknownFormat,
//     ErrUnsupported or ErrCorrupt, so that callers can tell them apart with
//     errors.Is. The decoders this package drives are guarded: a panic in
//     one becomes an ErrCorrupt error.
//   - Work is bounded by the file's size: header fields never size an
//     allocation, and garbage or truncated data ends every loop.
//
// Supported: MPEG-1 and MPEG-2 layer III at 16 to 48 kHz, constant or
// variable bitrate; WAV with 8, 16, 24 or 32-bit integer or 32 or 64-bit float
// samples, plain or WAVE_FORMAT_EXTENSIBLE, 1 to 8 channels; FLAC with 1 to 8
// channels of 4 to 24 bits.
package decode
