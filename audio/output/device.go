package output

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ebitengine/oto/v3"
	"github.com/gopxl/beep/v2"
)

// ErrNoDevice is wrapped by every error that means no sound device could
// be used.
var ErrNoDevice = errors.New("no sound device could be opened")

// Device is the system's sound output, through oto: PulseAudio (so
// PipeWire desktops too), then ALSA. It is the only code in exhale that
// touches oto. beep's speaker package is not used: it ignores oto's errors
// (playback then waits for ever when there is no device) and is a global
// whose callbacks run under its lock.
type Device struct {
	ctx    *oto.Context
	player *oto.Player
	reader *pcmReader
	rate   int
	buffer int64 // the device's buffer, in frames
}

// OpenDevice opens the sound output for stereo at rate, with a device
// buffer of about buffer. It gives up, with an error wrapping ErrNoDevice,
// within timeout. What the sound libraries print to standard error while
// trying (ALSA's own messages) is hidden.
func OpenDevice(rate int, buffer, timeout time.Duration) (*Device, error) {
	restore := hideStderr()
	defer restore()
	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{
		SampleRate:      rate,
		ChannelCount:    2,
		Format:          oto.FormatFloat32LE,
		BufferSize:      buffer,
		ApplicationName: "exhale",
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoDevice, err)
	}
	select {
	case <-ready:
	case <-time.After(timeout):
		return nil, fmt.Errorf("%w: the sound system did not answer within %s", ErrNoDevice, timeout)
	}
	// oto reports a failed start a moment after it says it is ready.
	time.Sleep(60 * time.Millisecond)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNoDevice, reasons(err))
	}
	return &Device{ctx: ctx, rate: rate, buffer: int64(buffer.Seconds() * float64(rate))}, nil
}

// reasons shortens oto's report of why neither PulseAudio nor ALSA could
// be opened to one line: the PulseAudio reason and ALSA's first one.
func reasons(err error) string {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	msg = strings.ReplaceAll(msg, "oto: ", "")
	msg = strings.TrimPrefix(msg, "initialization failed: ")
	pulse, alsa, found := strings.Cut(msg, "; ALSA: ")
	if !found {
		return msg
	}
	pulse = strings.TrimPrefix(pulse, "PulseAudio: ")
	pulse = strings.TrimPrefix(pulse, "PulseAudio client initialization failed: ")
	alsa = strings.TrimPrefix(alsa, "ALSA device initialization failed: ")
	if i := strings.Index(alsa, `, "`); i > 0 {
		alsa = alsa[:i]
	}
	return "PulseAudio: " + pulse + "; ALSA " + alsa
}

// Play starts pulling src and sending it to the device. It returns an
// error (wrapping ErrNoDevice) if the device does not start pulling within
// timeout: some systems accept a stream and then never play it.
func (d *Device) Play(src beep.Streamer, timeout time.Duration) error {
	d.reader = &pcmReader{src: src, pulled: make(chan struct{})}
	d.player = d.ctx.NewPlayer(d.reader)
	// oto queues half a second by default: keep the queue about as short
	// as the device's buffer, so that a key is heard within both.
	d.player.SetBufferSize(int(max(d.buffer, int64(d.rate/50))) * 8)
	d.player.Play()
	select {
	case <-d.reader.pulled:
		return nil
	case <-time.After(timeout):
		d.player.Pause()
		return fmt.Errorf("%w: the device accepted the sound but did not play it", ErrNoDevice)
	}
}

// Pulled is how many frames the device has taken from the source so far.
func (d *Device) Pulled() int64 { return d.reader.frames.Load() }

// Delay is how many of the pulled frames have not been heard yet: what
// oto's queue holds plus the device's buffer.
func (d *Device) Delay() int64 {
	if d.player == nil {
		return 0
	}
	return int64(d.player.BufferedSize()/8) + d.buffer
}

// Err reports a failure of the device while playing.
func (d *Device) Err() error {
	if err := d.ctx.Err(); err != nil {
		return err
	}
	if d.player != nil {
		return d.player.Err()
	}
	return nil
}

// Wait blocks until the source has ended and the device has played all it
// was given, or until timeout.
func (d *Device) Wait(timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if d.reader.ended.Load() && !d.player.IsPlaying() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Close stops the output.
func (d *Device) Close() error {
	if d.player != nil {
		d.player.Pause()
	}
	return nil
}

// pcmReader turns a streamer into float32 little-endian stereo bytes.
type pcmReader struct {
	src    beep.Streamer
	buf    [][2]float64
	frames atomic.Int64
	ended  atomic.Bool
	once   sync.Once
	pulled chan struct{}
}

func (r *pcmReader) Read(p []byte) (int, error) {
	r.once.Do(func() { close(r.pulled) })
	if r.ended.Load() {
		return 0, io.EOF
	}
	n := len(p) / 8
	if n == 0 {
		return 0, nil
	}
	if cap(r.buf) < n {
		r.buf = make([][2]float64, n)
	}
	buf := r.buf[:n]
	got, ok := r.src.Stream(buf)
	for i, f := range buf[:got] {
		binary.LittleEndian.PutUint32(p[i*8:], math.Float32bits(float32(f[0])))
		binary.LittleEndian.PutUint32(p[i*8+4:], math.Float32bits(float32(f[1])))
	}
	r.frames.Add(int64(got))
	if !ok || got < n {
		r.ended.Store(true)
		if got == 0 {
			return 0, io.EOF
		}
	}
	return got * 8, nil
}

// hideStderr points file descriptor 2 at /dev/null until the returned
// function is called: ALSA prints its own errors there, which the user
// should not see.
func hideStderr() func() {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return func() {}
	}
	saved, err := syscall.Dup(2)
	if err != nil {
		null.Close()
		return func() {}
	}
	if err := syscall.Dup2(int(null.Fd()), 2); err != nil {
		syscall.Close(saved)
		null.Close()
		return func() {}
	}
	return func() {
		syscall.Dup2(saved, 2)
		syscall.Close(saved)
		null.Close()
	}
}
