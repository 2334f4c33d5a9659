#!/usr/bin/env bash
# Measures `exhale play` on a real sound stack with no sound card (a private
# PulseAudio server with a null sink):
#   - CPU while playing a session with background, breath guide and the
#     full-screen view (in tmux), over a minute, against `aplay` playing the
#     rendered WAV of the same session to the same server: the ratio;
#   - the time from starting `exhale play` to its first sound at the sink.
# The design asks for at most 3× aplay (and ≤ 2% of a core), and a first
# sound within 150 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
scripts/install-deps bench
go build -o bin/exhale ./cmd/exhale

work=$(mktemp -d)
export XDG_RUNTIME_DIR="$work"
pulseaudio -n --daemonize=no --exit-idle-time=-1 --disallow-exit --use-pid-file=false \
	-L "module-null-sink sink_name=cap rate=48000" \
	-L "module-native-protocol-unix auth-anonymous=1 socket=$work/native" >"$work/pa.log" 2>&1 &
pa=$!
trap 'tmux -S "$work/tmux" kill-server 2>/dev/null || true; kill $pa 2>/dev/null || true; rm -rf "$work"' EXIT
export PULSE_SERVER="unix:$work/native"
for _ in $(seq 100); do pactl info >/dev/null 2>&1 && break; sleep 0.05; done
pactl set-default-sink cap

cat > "$work/s.yaml" <<'YAML'
version: 1
title: Bench
background: {sound: ocean, volume: -24dB}
steps:
  - breathe: {pattern: coherent, cycles: 12}
YAML
seconds=60

# CPU seconds (user + system) a process has used.
cpu() { awk '{ print ($14 + $15) / 100 }' "/proc/$1/stat"; }

bin/exhale render "$work/s.yaml" -o "$work/s.wav" >/dev/null
aplay -q -D pulse "$work/s.wav" &
ap=$!
sleep 2; a0=$(cpu $ap); sleep $seconds; a1=$(cpu $ap)
kill $ap 2>/dev/null || true

tmux -S "$work/tmux" new-session -d -x 100 -y 30 "bin/exhale play $work/s.yaml"
sleep 0.5
ex=$(pgrep -n -f "bin/exhale play")
sleep 2; e0=$(cpu $ex); sleep $seconds; e1=$(cpu $ex)
tmux -S "$work/tmux" send-keys q
sleep 4

awk -v a0="$a0" -v a1="$a1" -v e0="$e0" -v e1="$e1" -v s="$seconds" 'BEGIN {
	a = (a1 - a0) / s * 100; e = (e1 - e0) / s * 100
	printf "CPU over %d s: exhale play (full screen) %.2f%% of a core, aplay %.2f%%: ratio %.2f (aim ≤ 3)\n", s, e, a, (a > 0 ? e / a : 0)
}'

# Start-up: the first sound of a session that starts with a tone, measured
# at the sink from the moment exhale starts.
sox -n -r 48000 -c 2 -b 16 "$work/tone.wav" synth 2 sine 440 vol 0.5
printf 'version: 1\ntitle: Start\nsteps:\n  - play: tone.wav\n' > "$work/start.yaml"
parec -d cap.monitor --format=s16le --rate=48000 --channels=2 --latency-msec=5 >"$work/cap.raw" &
rec=$!
sleep 1
t0=$(date +%s.%N)
start_bytes=$(stat -c %s "$work/cap.raw")
bin/exhale play --plain "$work/start.yaml" >/dev/null
kill $rec; wait $rec 2>/dev/null || true
python3 - "$work/cap.raw" "$start_bytes" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
start = int(sys.argv[2]) // 4
for i in range(start, len(data) // 4):
    l, r = struct.unpack_from("<hh", data, i * 4)
    if abs(l) > 300:
        print("first sound %.0f ms after exhale started (aim < 150 ms)" % ((i - start) / 48.0))
        break
else:
    print("no sound captured")
PY
