//go:build ignore

// Gensrc writes the source signals the fixtures are made from, and seed
// files for the fuzz corpus. make-fixtures.sh runs it; see README.md.
//
//	go run gensrc.go -rate 44100 -channels 2 -seconds 1 -o src.wav
//	go run gensrc.go -corpus in.mp3 -from 0 -bytes 2048 -o fuzz/FuzzProbe/name
package main

import (
	"encoding/binary"
	"flag"
	"log"
	"math"
	"os"
	"strconv"
)

// tone is sample n of channel ch: a sine of 1000 + 500·ch Hz. The tests in
// ../fixtures_test.go compute the same signal.
func tone(ch, n, rate int) float64 {
	amp := [8]float64{0.5, 0.25, 0.2, 0.15, 0.1, 0.1, 0.1, 0.1}[ch]
	freq := 1000 + 500*float64(ch)
	return amp * math.Sin(2*math.Pi*freq*float64(n)/float64(rate))
}

func main() {
	rate := flag.Int("rate", 44100, "sample rate")
	channels := flag.Int("channels", 1, "channels, 1 to 8")
	seconds := flag.Float64("seconds", 1, "duration")
	out := flag.String("o", "", "output file")
	corpus := flag.String("corpus", "", "write a fuzz seed made from the start of this file")
	from := flag.Int("from", 0, "with -corpus: first byte to keep")
	size := flag.Int("bytes", 2048, "with -corpus: bytes to keep")
	flag.Parse()
	if *corpus != "" {
		b, err := os.ReadFile(*corpus)
		if err != nil {
			log.Fatal(err)
		}
		b = b[*from:]
		b = b[:min(len(b), *size)]
		seed := "go test fuzz v1\n[]byte(" + strconv.Quote(string(b)) + ")\n"
		if err := os.WriteFile(*out, []byte(seed), 0o644); err != nil {
			log.Fatal(err)
		}
		return
	}
	frames := int(math.Round(*seconds * float64(*rate)))
	data := make([]byte, 0, frames**channels*8)
	for n := range frames {
		for ch := range *channels {
			data = binary.LittleEndian.AppendUint64(data, math.Float64bits(tone(ch, n, *rate)))
		}
	}
	le := binary.LittleEndian
	h := []byte("RIFF")
	h = le.AppendUint32(h, uint32(4+26+8+len(data)))
	h = append(h, "WAVEfmt "...)
	h = le.AppendUint32(h, 18)
	h = le.AppendUint16(h, 3) // IEEE float
	h = le.AppendUint16(h, uint16(*channels))
	h = le.AppendUint32(h, uint32(*rate))
	h = le.AppendUint32(h, uint32(*rate**channels*8))
	h = le.AppendUint16(h, uint16(*channels*8))
	h = le.AppendUint16(h, 64)
	h = le.AppendUint16(h, 0) // no extension
	h = append(h, "data"...)
	h = le.AppendUint32(h, uint32(len(data)))
	if err := os.WriteFile(*out, append(h, data...), 0o644); err != nil {
		log.Fatal(err)
	}
}
