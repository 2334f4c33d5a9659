package synth

import (
	"fmt"
	"sync/atomic"
)

// Store keeps computed sounds between processes: a bell or a noise loop
// takes tens of milliseconds to make, which a live session's first sound
// waits for. A Store must return only what the same program saved (the
// caller keys it by the program's build): synthesis may change between
// versions.
type Store interface {
	// Load returns the samples saved under name, if there are any.
	Load(name string) ([]float32, bool)
	// Save keeps samples under name (best effort).
	Save(name string, samples []float32)
}

var store atomic.Pointer[Store]

// SetStore makes the process keep what it computes in s (nil: keep
// nothing between processes).
func SetStore(s Store) {
	if s == nil {
		store.Store(nil)
		return
	}
	store.Store(&s)
}

// codec flattens a cached value to samples and back.
type codec struct {
	encode func(any) []float32
	decode func([]float32, int) (any, bool) // samples, rate
}

// stored is cached, going through the Store, if there is one, first.
func stored(name string, rate int, c codec, compute func() any) any {
	return cached(name, rate, func() any {
		sp := store.Load()
		key := fmt.Sprintf("%s-%d", name, rate)
		if sp != nil {
			if samples, ok := (*sp).Load(key); ok {
				if v, ok := c.decode(samples, rate); ok {
					return v
				}
			}
		}
		v := compute()
		if sp != nil {
			(*sp).Save(key, c.encode(v))
		}
		return v
	})
}

// stereo flattens frames, left then right.
func flattenStereo(parts ...[][2]float32) []float32 {
	n := 0
	for _, p := range parts {
		n += 2 * len(p)
	}
	out := make([]float32, 0, n)
	for _, p := range parts {
		for _, f := range p {
			out = append(out, f[0], f[1])
		}
	}
	return out
}

func stereoFrames(s []float32) [][2]float32 {
	out := make([][2]float32, len(s)/2)
	for i := range out {
		out[i] = [2]float32{s[2*i], s[2*i+1]}
	}
	return out
}

var (
	bellCodec = codec{
		encode: func(v any) []float32 { return flattenStereo(v.([][2]float32)) },
		decode: func(s []float32, _ int) (any, bool) {
			if len(s) == 0 || len(s)%2 != 0 {
				return nil, false
			}
			return stereoFrames(s), true
		},
	}
	pairCodec = codec{
		encode: func(v any) []float32 {
			p := v.(*loopPair)
			return append(append(make([]float32, 0, len(p.a)+len(p.b)), p.a...), p.b...)
		},
		decode: func(s []float32, rate int) (any, bool) {
			la, lb := loopLengths(rate)
			if len(s) != la+lb {
				return nil, false
			}
			return &loopPair{a: s[:la:la], b: s[la:]}, true
		},
	}
	layersCodec = codec{
		encode: func(v any) []float32 {
			l := v.(*layerLoops)
			return flattenStereo(l.a, l.b)
		},
		decode: func(s []float32, rate int) (any, bool) {
			la, lb := loopLengths(rate)
			if len(s) != 2*(la+lb) {
				return nil, false
			}
			return &layerLoops{a: stereoFrames(s[:2*la]), b: stereoFrames(s[2*la:])}, true
		},
	}
)
