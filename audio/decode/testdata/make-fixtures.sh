#!/usr/bin/env bash
# Makes every fixture in this folder; README.md lists what each one is.
# Needs go, sox 14.4, lame 3.100, flac 1.4, ffmpeg 5.1 and espeak-ng 1.51.
# Run it from anywhere: bash audio/decode/testdata/make-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# src RATE CHANNELS SECONDS: the float64 source signal (see gensrc.go).
src() { go run gensrc.go -rate "$1" -channels "$2" -seconds "$3" -o "$tmp/src_$1_$2_$3.wav"; }
# pcm IN OUT [sox options]: convert without dither.
pcm() { local in=$1 out=$2; shift 2; sox -D "$in" "$@" "$out"; }

rm -rf mp3 wav flac
mkdir -p mp3 wav flac fuzz/FuzzProbe fuzz/FuzzWAVChunks

# MP3: 1.000 s, LAME, constant and variable bitrate, 44.1 and 48 kHz,
# mono and joint stereo.
for r in 44100 48000; do
	for c in 1 2; do
		src $r $c 1
		pcm "$tmp/src_${r}_${c}_1.wav" "$tmp/s16_${r}_${c}.wav" -b 16 -e signed-integer
		name=mono mode=m
		if [ $c = 2 ]; then name=stereo mode=j; fi
		lame --quiet --noreplaygain -m $mode -b 128 "$tmp/s16_${r}_${c}.wav" mp3/cbr128_${r}_${name}.mp3
		lame --quiet --noreplaygain -m $mode -V 5 "$tmp/s16_${r}_${c}.wav" mp3/vbr5_${r}_${name}.mp3
	done
done
# MPEG-2 at 22.05 kHz, 32 kbit/s (padded frames; frames too small for a LAME
# tag), with ID3v2 and ID3v1 tags.
src 22050 1 1
pcm "$tmp/src_22050_1_1.wav" "$tmp/s16_22050_1.wav" -b 16 -e signed-integer
lame --quiet --noreplaygain -b 32 --tt "Long exhale" --ta "exhale" --add-id3v2 "$tmp/s16_22050_1.wav" mp3/mpeg2_32k_22050_mono_id3.mp3
# FFmpeg's LAME wrapper: an ID3v2 tag and an Info frame with a "Lavc" tag.
ffmpeg -v error -i "$tmp/s16_44100_1.wav" -c:a libmp3lame -b:a 64k mp3/ffmpeg_64k_44100_mono.mp3
# Variants that must be refused.
src 44100 1 0.1
pcm "$tmp/src_44100_1_0.1.wav" "$tmp/short.wav" -b 16 -e signed-integer
lame --quiet --freeformat -b 96 "$tmp/short.wav" mp3/freeformat.mp3
lame --quiet -b 8 --resample 8 "$tmp/short.wav" mp3/mpeg25_8000.mp3
ffmpeg -v error -i "$tmp/short.wav" -c:a mp2 -b:a 64k -f mp2 mp3/layer2.mp2

# WAV: 0.05 s (0.02 s for the large frames) of every sample format.
src 8000 1 0.05
src 44100 2 0.05
src 48000 2 0.05
src 96000 1 0.02
src 22050 1 0.05
src 48000 6 0.02
src 8000 8 0.05
src 16000 1 0.05
pcm "$tmp/src_8000_1_0.05.wav" wav/pcm_u8_mono_8000.wav -b 8 -e unsigned-integer
pcm "$tmp/src_44100_2_0.05.wav" wav/pcm_s16_stereo_44100.wav -b 16 -e signed-integer
pcm "$tmp/src_48000_2_0.05.wav" wav/pcm_s24_stereo_48000.wav -b 24 -e signed-integer
pcm "$tmp/src_96000_1_0.02.wav" wav/pcm_s32_mono_96000.wav -b 32 -e signed-integer
pcm "$tmp/src_44100_2_0.05.wav" wav/float32_stereo_44100.wav -b 32 -e floating-point
pcm "$tmp/src_22050_1_0.05.wav" wav/float64_mono_22050.wav -b 64 -e floating-point
pcm "$tmp/src_8000_8_0.05.wav" wav/pcm_s16_8ch_8000.wav -b 16 -e signed-integer
ffmpeg -v error -i "$tmp/src_44100_2_0.05.wav" -c:a pcm_f32le wav/ffmpeg_float32_stereo_44100.wav
ffmpeg -v error -i "$tmp/src_48000_6_0.02.wav" -c:a pcm_s24le -channel_layout 5.1 wav/ffmpeg_s24_6ch_48000.wav
ffmpeg -v error -i "$tmp/src_16000_1_0.05.wav" -c:a pcm_s16le -f wav pipe:1 > wav/ffmpeg_pipe_s16_mono_16000.wav
espeak-ng --stdout -s 450 "hum" > wav/espeak_stdout.wav
ffmpeg -v error -i "$tmp/src_8000_1_0.05.wav" -c:a pcm_mulaw wav/mulaw_mono_8000.wav
ffmpeg -v error -i "$tmp/src_8000_1_0.05.wav" -c:a adpcm_ima_wav wav/ima_adpcm_mono_8000.wav

# FLAC: the same signals, longer, in several frames; two files with seek
# points, one without.
src 44100 2 0.5
src 48000 2 0.25
src 24000 1 0.5
src 8000 1 0.5
src 44100 1 0.01
pcm "$tmp/src_44100_2_0.5.wav" "$tmp/s16_44100_2.wav" -b 16 -e signed-integer
pcm "$tmp/src_48000_2_0.25.wav" "$tmp/s24_48000_2.wav" -b 24 -e signed-integer
pcm "$tmp/src_24000_1_0.5.wav" "$tmp/s16_24000_1.wav" -b 16 -e signed-integer
pcm "$tmp/src_8000_1_0.5.wav" "$tmp/u8_8000_1.wav" -b 8 -e unsigned-integer
pcm "$tmp/src_44100_1_0.01.wav" "$tmp/s32_44100_1.wav" -b 32 -e signed-integer
flac="flac --silent --no-padding -8"
$flac -b 2048 -S 10x -o flac/s16_stereo_44100.flac "$tmp/s16_44100_2.wav"
$flac -b 1024 -S 5x -o flac/s24_stereo_48000.flac "$tmp/s24_48000_2.wav"
$flac -b 1152 --no-seektable -o flac/s16_mono_24000.flac "$tmp/s16_24000_1.wav"
$flac -b 1024 -o flac/s8_mono_8000.flac "$tmp/u8_8000_1.wav"
$flac -o flac/s24_6ch_48000.flac wav/ffmpeg_s24_6ch_48000.wav
$flac -o flac/s32_mono_44100.flac "$tmp/s32_44100_1.wav"

# Fuzz seeds: the start of a few fixtures.
# FuzzWAVChunks seeds leave out the 12-byte RIFF header, which the target adds.
seed() { go run gensrc.go -corpus "$1" -from "$2" -bytes "$3" -o "$4"; }
seed wav/pcm_u8_mono_8000.wav 0 300 fuzz/FuzzProbe/wav_u8
seed wav/ffmpeg_s24_6ch_48000.wav 0 400 fuzz/FuzzProbe/wav_extensible
seed flac/s8_mono_8000.flac 0 1500 fuzz/FuzzProbe/flac_s8
seed mp3/cbr128_44100_mono.mp3 0 1600 fuzz/FuzzProbe/mp3_lame
seed mp3/mpeg2_32k_22050_mono_id3.mp3 0 1500 fuzz/FuzzProbe/mp3_mpeg2_id3
seed wav/pcm_u8_mono_8000.wav 12 120 fuzz/FuzzWAVChunks/u8
seed wav/ffmpeg_float32_stereo_44100.wav 12 200 fuzz/FuzzWAVChunks/float_extensible_list
seed wav/ffmpeg_pipe_s16_mono_16000.wav 12 120 fuzz/FuzzWAVChunks/placeholder
seed wav/float32_stereo_44100.wav 12 120 fuzz/FuzzWAVChunks/float_fact
