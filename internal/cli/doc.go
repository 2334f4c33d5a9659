// Package cli holds exhale's cobra commands and nothing else: each command
// is built by a constructor from an options struct, parses its flags, and
// calls the internal packages. Nothing imports cli but cmd/exhale.
//
// Every message to the user follows the rules in messages.go.
package cli
