// Package script reads exhale session scripts (YAML, format version 1) into
// a validated Session.
//
// It is pure: bytes come in through an fs.FS rooted at the script's own
// folder, and a Session or a list of positioned Diagnostics comes out. Every
// path a script names (includes, clips, sounds) is resolved inside that
// fs.FS, which is what keeps a script from reaching files outside its
// folder. All problems of a file are reported together, each with its file,
// line and column. The package knows nothing of audio or terminals: audio
// files are only checked to exist as regular files here, and are listed in
// Session.Media for the caller to decode.
package script
