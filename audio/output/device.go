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
	ctx     *oto.Context
	ready   chan struct{}
	restore func() // gives standard error back; safe to call more than once
	player  *oto.Player
	reader  *pcmReader
	rate    int
	buffer  int64 // the device's buffer, in frames
	queue   int   // oto's queue, in bytes
	pulls   chan struct{}
}

// OpenDevice starts opening the sound output for stereo at rate, with a
// device buffer of about buffer and a queue in front of it of about queue
// (the sound taken from the source but not yet given to the device). It
// returns at once: the sound system is reached in the background, so that
// the caller can prepare its sound meanwhile; Ready, Play and Close wait
// for it. Until the device is ready, standard error is pointed at
// /dev/null: ALSA prints its own errors there, which the user should not
// see. Nothing else may be written to standard error until Ready or Play
// returns, or Close is called.
func OpenDevice(rate int, buffer, queue time.Duration) (*Device, error) {
	restore := hideStderr()
	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{
		SampleRate:      rate,
		ChannelCount:    2,
		Format:          oto.FormatFloat32LE,
		BufferSize:      buffer,
		ApplicationName: "exhale",
	})
	if err != nil {
		restore()
		return nil, fmt.Errorf("%w: %v", ErrNoDevice, err)
	}
	return &Device{
		ctx: ctx, ready: ready, restore: restore, rate: rate,
		buffer: int64(buffer.Seconds() * float64(rate)),
		queue:  int(max(queue.Seconds()*float64(rate), float64(rate/100))) * 8,
		pulls:  make(chan struct{}, 1),
	}, nil
}

// Ready waits, at most timeout, until the sound system has answered, and
// reports whether the device opened. The error wraps ErrNoDevice.
func (d *Device) Ready(timeout time.Duration) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-d.ready:
	case <-t.C:
		d.restore()
		return fmt.Errorf("%w: the sound system did not answer within %s", ErrNoDevice, timeout)
	}
	d.restore()
	if err := d.ctx.Err(); err != nil {
		return fmt.Errorf("%w: %s", ErrNoDevice, reasons(err))
	}
	return nil
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

// Play starts pulling src and sending it to the device, and returns once
// the device has taken its first sound. It may be called before the device
// is ready: the sooner the source is given, the sooner the first sound,
// since what the device asks for first is filled from it rather than with
// silence. It returns an error (wrapping ErrNoDevice) if the device does
// not open or does not start pulling within timeout: some systems accept a
// stream and then never play it.
func (d *Device) Play(src beep.Streamer, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	d.reader = &pcmReader{src: src, pulled: make(chan struct{}), pulls: d.pulls}
	d.player = d.ctx.NewPlayer(d.reader)
	// oto reads the source a queue's worth at a time, and asks for more
	// whenever less than that is left.
	d.player.SetBufferSize(d.queue)
	d.player.Play()
	if err := d.Ready(time.Until(deadline)); err != nil {
		d.player.Pause()
		return err
	}
	// oto can report a failed start a moment after it says it is ready.
	check := time.NewTicker(10 * time.Millisecond)
	defer check.Stop()
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	for {
		select {
		case <-d.reader.pulled:
			return nil
		case <-check.C:
			if err := d.ctx.Err(); err != nil {
				d.player.Pause()
				return fmt.Errorf("%w: %s", ErrNoDevice, reasons(err))
			}
		case <-t.C:
			d.player.Pause()
			return fmt.Errorf("%w: the device accepted the sound but did not play it", ErrNoDevice)
		}
	}
}

// Pulls gives a value each time the device has taken more sound from the
// source (values are dropped while one is waiting): what is audible may
// have changed. A screen that waits on it rather than on a timer of its
// own wakes the process no more often than the sound does. It is meant
// for one reader.
func (d *Device) Pulls() <-chan struct{} { return d.pulls }

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

// ErrStalled is reported by Watch when the device stopped taking sound.
var ErrStalled = errors.New("the sound output stopped taking sound")

// Watch calls fail, once and from a goroutine of its own, when the device
// fails while playing: oto reports an error, or the device takes no sound
// for stall while the source has not ended. The second is how a sound
// server that went away shows (oto does not report it: its stream just
// stops asking). It looks every quarter of stall; the returned function
// stops watching. Play must have returned without error first.
func (d *Device) Watch(stall time.Duration, fail func(error)) (stop func()) {
	quit := make(chan struct{})
	go func() {
		t := time.NewTicker(stall / 4)
		defer t.Stop()
		last, since := d.reader.frames.Load(), time.Now()
		for {
			select {
			case <-quit:
				return
			case now := <-t.C:
				if err := d.Err(); err != nil {
					fail(err)
					return
				}
				if d.reader.ended.Load() {
					return
				}
				if n := d.reader.frames.Load(); n != last {
					last, since = n, now
				} else if now.Sub(since) >= stall {
					fail(fmt.Errorf("%w for %s", ErrStalled, stall.Round(time.Second)))
					return
				}
			}
		}
	}()
	return sync.OnceFunc(func() { close(quit) })
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

// Close stops the output and gives standard error back. If the device is
// still opening, it waits a moment for it first (ALSA, tried when
// PulseAudio is not there, writes its errors early in its opening).
func (d *Device) Close() error {
	t := time.NewTimer(closeWait)
	defer t.Stop()
	select {
	case <-d.ready:
	case <-t.C:
	}
	d.restore()
	if d.player != nil {
		d.player.Pause()
	}
	return nil
}

// closeWait is how long Close waits for a device still opening.
const closeWait = 250 * time.Millisecond

// pcmReader turns a streamer into float32 little-endian stereo bytes.
type pcmReader struct {
	src    beep.Streamer
	buf    [][2]float64
	frames atomic.Int64
	ended  atomic.Bool
	once   sync.Once
	pulled chan struct{}
	pulls  chan struct{}
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
	select {
	case r.pulls <- struct{}{}:
	default:
	}
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
	return sync.OnceFunc(hideStderrOnce())
}

func hideStderrOnce() func() {
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
