package synth

// The random numbers of this package come from SplitMix64's finaliser, a
// good 64-bit hash, applied to counters: small, fast, addressable (the
// noise at frame i is computed from i alone) and fixed forever, so that the
// sounds never change with a Go release (math/rand makes no such promise
// for its derived values).

// mix64 is SplitMix64's finaliser.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// hash01 returns a number in [0, 1) that depends only on k and salt: the
// random choices of an endless sound that must be computable from any
// position.
func hash01(k int64, salt uint64) float64 {
	return float64(mix64(uint64(k)*0x9e3779b97f4a7c15+salt*0xd1b54a32d192ed03+0x632be59bd9b4e019)>>11) / (1 << 53)
}
