package synth_test

import (
	"fmt"
	"math"

	"github.com/exhale-audio/exhale/audio/synth"
)

// A bell is a stored sound: strike it once and mix it into the engine's
// blocks at the bell layer's level.
func ExampleBell() {
	const rate = 48000
	bowl, err := synth.Bell("bowl", rate, 7*rate)
	if err != nil {
		fmt.Println(err)
		return
	}
	block := make([][2]float64, 4096)
	synth.AddFrames(block, bowl[10000:], synth.Gain(-10))
	fmt.Println(len(bowl), bowl[0], bowl[len(bowl)-1])
	// Output: 336000 [0 0] [0 0]
}

// A background is rendered on demand, from any position, into the
// engine's blocks.
func ExampleNewBackground() {
	const rate = 48000
	ocean, err := synth.NewBackground("ocean", rate, 0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	block := make([][2]float64, 4096)
	pos := int64(20 * 60 * rate) // twenty minutes in
	ocean.Add(block, pos, synth.Gain(-26))

	var sum2 float64
	for _, f := range block {
		sum2 += f[0] * f[0]
	}
	fmt.Println(math.Sqrt(sum2/float64(len(block))) < synth.Gain(-26))
	// Output: true
}

// The breath texture follows the breathing guide's envelope: here a
// 4-second inhale, loudest as the air moves fastest.
func ExampleNewBreath() {
	const rate = 48000
	breath := synth.NewBreath(rate)
	inhale := int64(4 * rate)
	block := make([][2]float64, 1024)
	for start := int64(0); start < inhale; start += int64(len(block)) {
		clear(block)
		breath.Add(block, start, synth.Gain(-18))
		for i := range block {
			g := synth.Swell(float64(start+int64(i)) / float64(inhale))
			block[i][0] *= g
			block[i][1] *= g
		}
		// … mix block into the session's output
	}
	fmt.Println(synth.Swell(0), synth.Swell(0.5), synth.Swell(1))
	// Output: 0 1 0
}
