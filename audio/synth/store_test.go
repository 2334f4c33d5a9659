package synth

import (
	"sync"
	"testing"
)

// memStore is a Store in memory, counting what goes through it.
type memStore struct {
	mu          sync.Mutex
	m           map[string][]float32
	loads, hits int
}

func (s *memStore) Load(name string) ([]float32, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads++
	v, ok := s.m[name]
	if ok {
		s.hits++
	}
	return v, ok
}

func (s *memStore) Save(name string, v []float32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[name] = append([]float32(nil), v...)
}

// TestStoreRoundTrip: what a Store gives back is exactly what was
// computed (a bell, noise loops, ocean loops), and something of the wrong
// size is computed afresh.
func TestStoreRoundTrip(t *testing.T) {
	defer SetStore(nil)
	defer forget()
	s := &memStore{m: map[string][]float32{}}
	SetStore(s)
	forget()
	const rate = 22050
	bell1, err := Bell("bowl", rate, rate)
	if err != nil {
		t.Fatal(err)
	}
	brown1 := loops("brown-noise", rate)
	ocean1 := oceanLoops(rate)
	if s.hits != 0 || len(s.m) != 3 {
		t.Fatalf("first use: %d hits, %d saved; want 0 and 3", s.hits, len(s.m))
	}
	forget() // as a new process
	bell2, _ := Bell("bowl", rate, rate)
	brown2 := loops("brown-noise", rate)
	ocean2 := oceanLoops(rate)
	if s.hits != 3 {
		t.Fatalf("second use: %d hits, want 3", s.hits)
	}
	same := func(what string, a, b []float32) {
		if len(a) != len(b) {
			t.Fatalf("%s: %d samples, want %d", what, len(b), len(a))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%s: sample %d differs", what, i)
			}
		}
	}
	same("bell", flattenStereo(bell1), flattenStereo(bell2))
	same("brown noise", append(brown1.a, brown1.b...), append(brown2.a, brown2.b...))
	same("ocean", flattenStereo(ocean1.a, ocean1.b), flattenStereo(ocean2.a, ocean2.b))

	for name := range s.m {
		s.m[name] = s.m[name][:7] // damaged
	}
	forget()
	bell3, _ := Bell("bowl", rate, rate)
	same("bell made again", flattenStereo(bell1), flattenStereo(bell3))
}
