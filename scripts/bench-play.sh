#!/usr/bin/env bash
# Measures `exhale play` on a real sound stack with no sound card (a private
# PulseAudio server with a null sink):
#   - CPU while playing a session with background, breath guide and the
#     full-screen view (in tmux), over a minute (three turns of 20 s,
#     taken in turn with the others), against `aplay` playing the
#     rendered WAV of the same session to the same server: once with
#     aplay's own buffer (500 ms: it never has to answer a key) and once
#     with exhale's (120 ms, asked for in 40 ms requests), printed as ratios;
#   - how soon a key is heard: space pressed in plain mode, to the start
#     of the pause's fade at the sink;
#   - the time from starting `exhale play` to its first sound at the sink,
#     for a session that starts with a clip and for the default session.
# The design asks for at most 3× aplay (and ≤ 2% of a core), keys well
# under 200 ms and a first sound within 150 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
scripts/install-deps bench
go build -o bin/exhale ./cmd/exhale
bin=$PWD/bin/exhale

work=$(mktemp -d)
export XDG_RUNTIME_DIR="$work"
export XDG_CACHE_HOME="$work/cache" # the speech cache, warmed below
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
rounds=3 seconds=20 # each player measured for rounds × seconds, in turns

# CPU seconds (user + system) a process has used.
cpu() { awk '{ print ($14 + $15) / 100 }' "/proc/$1/stat"; }

# measure PID: the CPU seconds PID uses over $seconds, after 2 s to settle.
measure() {
	local c0 c1
	sleep 2; c0=$(cpu "$1"); sleep $seconds; c1=$(cpu "$1")
	awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }'
}

# aplay_round ARGS...: one measure of aplay playing the session.
aplay_round() {
	aplay -q -D pulse "$@" "$work/s.wav" 2>/dev/null &
	local ap=$!
	measure $ap
	kill $ap 2>/dev/null || true
	wait $ap 2>/dev/null || true
}

# exhale_round: one measure of exhale playing the session full screen.
exhale_round() {
	tmux -S "$work/tmux" new-session -d -x 100 -y 30 "$bin play $work/s.yaml"
	sleep 0.5
	local ex
	ex=$(pgrep -n -f "bin/exhale play")
	measure "$ex"
	tmux -S "$work/tmux" kill-server 2>/dev/null || true
	sleep 0.5
}

bin/exhale render "$work/s.yaml" -o "$work/s.wav" >/dev/null
# The players take turns, so that a machine that gets busier or quieter
# during the minutes of the bench weighs on all of them alike.
d=0 m=0 e=0
for _ in $(seq $rounds); do
	d=$(awk -v x="$d" -v y="$(aplay_round)" 'BEGIN { print x + y }')
	m=$(awk -v x="$m" -v y="$(aplay_round --buffer-time=120000 --period-time=40000)" 'BEGIN { print x + y }')
	e=$(awk -v x="$e" -v y="$(exhale_round)" 'BEGIN { print x + y }')
done

awk -v d="$d" -v m="$m" -v e="$e" -v s="$((rounds * seconds))" -v r="$rounds" 'BEGIN {
	d = d / s * 100; m = m / s * 100; e = e / s * 100
	printf "CPU over %d s (%d turns): exhale play (full screen) %.2f%% of a core (aim ≤ 2%%)\n", s, r, e
	printf "  aplay, its own 500 ms buffer:    %.2f%%: ratio %.1f\n", d, (d > 0 ? e / d : 0)
	printf "  aplay, exhale'"'"'s 120 ms buffer: %.2f%%: ratio %.1f (aim ≤ 3)\n", m, (m > 0 ? e / m : 0)
}'

# Keys: space in plain mode, six times, against a steady tone; the time
# from each key to the first change at the sink (the fade of a pause, the
# first sound of a resume).
sox -n -r 48000 -c 2 -b 16 "$work/tone.wav" synth 60 sine 440 vol 0.5
printf 'version: 1\ntitle: Tone\nsteps:\n  - play: tone.wav\n' > "$work/tone.yaml"
parec -d cap.monitor --format=s16le --rate=48000 --channels=2 --latency-msec=5 >"$work/keys.raw" &
rec=$!
sleep 0.5
tmux -S "$work/tmux" new-session -d -x 100 -y 30 "$bin play --plain $work/tone.yaml"
marks=""
for _ in 1 2 3 4 5 6; do
	sleep 1.7
	marks="$marks $(stat -c %s "$work/keys.raw")"
	tmux -S "$work/tmux" send-keys ' '
done
sleep 1
kill $rec; wait $rec 2>/dev/null || true
tmux -S "$work/tmux" kill-server 2>/dev/null || true
python3 - "$work/keys.raw" $marks <<'PY'
import array, sys
data = open(sys.argv[1], "rb").read()
a = array.array("h"); a.frombytes(data[: len(data) // 4 * 4]); left = a[0::2]
peak = lambda i: max(abs(v) for v in left[i:i + 120])  # 2.5 ms: a 440 Hz peak
out = []
for k, mark in enumerate(sys.argv[2:]):
    s = int(mark) // 4; ref = peak(s); i = s
    while i < len(left) - 120:
        p = peak(i)
        if (k % 2 == 0 and p < 0.97 * ref) or (k % 2 == 1 and p > 300):
            break
        i += 24
    out.append((i - s) / 48.0)
print("keys: heard %s ms after the key (median %.0f; aim well under 200)" % (
    " ".join("%.0f" % x for x in out), sorted(out)[len(out) // 2]))
PY

# First sound. A null sink that has been idle wakes only every couple of
# seconds, so a stream that starts then waits for it; a sound card's sink
# starts a new stream at once. A silent stream keeps this one awake, as a
# desktop's sink is, so that what is measured is exhale.
pacat --latency-msec=20 --format=s16le --rate=48000 --channels=2 </dev/zero &
keep=$!
sox -n -r 48000 -c 2 -b 16 "$work/clip.wav" synth 2 sine 440 vol 0.5
printf 'version: 1\ntitle: Start\nsteps:\n  - play: clip.wav\n' > "$work/start.yaml"
sleep 1
first() {
	python3 - "$@" <<'PY'
import array, os, subprocess, sys, threading, time
rec = subprocess.Popen(["parec", "-d", "cap.monitor", "--format=s16le", "--rate=48000",
                        "--channels=2", "--latency-msec=5"], stdout=subprocess.PIPE, bufsize=0)
found, armed = [], threading.Event()
def read():
    while True:
        b = rec.stdout.read(960)
        if not b:
            return
        now = time.monotonic()
        if not armed.is_set():
            continue
        a = array.array("h"); a.frombytes(b[: len(b) // 4 * 4]); left = a[0::2]
        for i, v in enumerate(left):
            if abs(v) > 300:
                found.append(now - (len(left) - i) / 48000.0)
                return
threading.Thread(target=read, daemon=True).start()
time.sleep(1)
armed.set()
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
time.sleep(2)
p.terminate(); p.wait(); rec.kill()
print("%.0f" % ((found[0] - t0) * 1000) if found else "none")
PY
}
# A first play makes arrive's speech and keeps its bell and noise loops:
# first sounds are timed with both cached, as on a second play.
timeout 3 "$bin" play --plain arrive >/dev/null 2>&1 || true
for session in "$work/start.yaml" arrive; do
	runs=""
	for _ in 1 2 3 4 5; do runs="$runs $(first "$bin" play --plain "$session")"; done
	echo "first sound of $(basename "$session" .yaml): $runs ms after exhale started (aim < 150)"
done
kill $keep 2>/dev/null || true
