// Package output holds exhale's sinks: where the mixed sound goes. The WAV
// writer turns float stereo frames into 16-bit PCM with dither. (The sound
// device adapter, the only code that touches oto, lives here too.)
//
// It knows nothing of scripts or schedules: it takes frames.
package output
