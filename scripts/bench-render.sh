#!/usr/bin/env bash
# Measures `exhale render` side by side with sox making plain pink noise of
# the same length, and the peak memory of rendering a 3-hour session.
#   scripts/bench-render.sh          prints the figures and the ratio
# The design asks for at most half the time sox takes, and under 64 MB RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
scripts/install-deps bench
go build -o bin/exhale ./cmd/exhale

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A 20-minute session with every layer: background, bells, breathing with
# its guide, voice slots (ducking) and a clip.
sox -n -r 44100 -c 2 -b 16 "$work/clip.wav" synth 6 sine 330 vol 0.3
cat > "$work/twenty.yaml" <<'YAML'
version: 1
title: Twenty minutes
background: {sound: brown-noise, volume: -26dB, duck: 6dB}
steps:
  - bell: {}
  - repeat: 5
    steps:
      - say: Let the breath be easy and slow, there is nothing to do.
        pause: 10s
      - breathe: {pattern: coherent, cycles: 6}
      - play: clip.wav
      - say: Notice the body resting.
        pause: 20s
      - pause: 60s
      - bell: {strikes: 2}
  - at: 19m53s
    bell: {}
YAML
seconds=$(bin/exhale show --json "$work/twenty.yaml" | sed -n 's/.*"samples": \([0-9]*\),.*/\1/p' | head -1)
seconds=$(awk -v s="$seconds" 'BEGIN { printf "%.3f", s / 48000 }')

best() { # best wall time of three runs of a command, in seconds
	local b=""
	for _ in 1 2 3; do
		local s e t
		s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
		t=$(awk -v s="$s" -v e="$e" 'BEGIN { print e - s }')
		if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
	done
	echo "$b"
}

ex=$(best bin/exhale render "$work/twenty.yaml" -o "$work/exhale.wav")
sx=$(best sox -n -r 48000 -c 2 -b 16 "$work/sox.wav" synth "$seconds" pinknoise)
echo "20-minute session ($seconds s), best of 3, on $(nproc) cores:"
awk -v e="$ex" -v s="$sx" -v d="$seconds" 'BEGIN {
	printf "  exhale render: %6.3f s  (%5.0fx realtime)\n", e, d / e
	printf "  sox pinknoise: %6.3f s  (%5.0fx realtime)\n", s, d / s
	printf "  exhale takes %.2f of the time sox takes (the aim: at most 0.50)\n", e / s
}'

# Memory: a 3-hour session (its WAV is about 2 GB).
cat > "$work/three.yaml" <<'YAML'
version: 1
title: Three hours
background: ocean
steps:
  - repeat: 60
    steps:
      - bell: {}
      - say: Rest here.
        pause: 30s
      - breathe: {pattern: relax, cycles: 12}
      - pause: 1m
YAML
/usr/bin/time -v bin/exhale render "$work/three.yaml" -o "$work/three.wav" 2>"$work/time.txt" >/dev/null
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
echo "3-hour session: peak RSS $((rss / 1024)) MB (the aim: under 64 MB), wall $wall"
