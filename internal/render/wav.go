package render

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/exhale-audio/exhale/audio/output"
)

// chunkFrames is how many frames a worker renders and writes at a time.
const chunkFrames = 1 << 15

// WriteWAV renders the whole schedule into w as a 16-bit stereo WAV file
// at the engine's rate. The session is split into as many contiguous parts
// as there are workers, each rendered by its own Stream and written at its
// own offset, so the file is the same byte for byte whatever the number of
// workers. progress, if not nil, is called (from any goroutine) with the
// number of frames finished so far.
func (r *Renderer) WriteWAV(w io.WriterAt, workers int, progress func(done int64)) error {
	total := r.sched.Samples
	if total > output.MaxWAVFrames {
		return fmt.Errorf("the session is too long for one WAV file, which holds at most 4 GiB (about 6 hours at 48 kHz): render it at a lower --rate")
	}
	if _, err := w.WriteAt(output.WAVHeader(r.rate, total), 0); err != nil {
		return err
	}
	workers = max(1, min(workers, int(total/chunkFrames)+1))
	var (
		done    atomic.Int64
		failed  atomic.Bool
		errOnce sync.Once
		first   error
		wg      sync.WaitGroup
	)
	fail := func(err error) {
		errOnce.Do(func() { first = err })
		failed.Store(true)
	}
	for k := 0; k < workers; k++ {
		from := total * int64(k) / int64(workers)
		to := total * int64(k+1) / int64(workers)
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := r.Stream(from)
			defer s.Close()
			frames := make([][2]float64, chunkFrames)
			buf := make([]byte, chunkFrames*4)
			for pos := from; pos < to && !failed.Load(); {
				n := int(min(int64(chunkFrames), to-pos))
				got, _ := s.Stream(frames[:n])
				if err := s.Err(); err != nil {
					fail(err)
					return
				}
				if got != n {
					fail(errors.New("render: the mix ended early"))
					return
				}
				output.EncodePCM16(buf[:n*4], frames[:n], pos)
				if _, err := w.WriteAt(buf[:n*4], output.WAVHeaderSize+pos*4); err != nil {
					fail(err)
					return
				}
				pos += int64(n)
				if progress != nil {
					progress(done.Add(int64(n)))
				}
			}
		}()
	}
	wg.Wait()
	return first
}
