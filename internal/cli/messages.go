package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/exhale-audio/exhale/internal/catalog"
	"github.com/exhale-audio/exhale/internal/script"
)

// The rules for every message exhale prints about a problem:
//
//   - one line `exhale: error: what happened`, then, where the user can do
//     something, `exhale: hint: what to do`;
//   - warnings are `exhale: warning: …`;
//   - lower case, no final period, no stack traces, no Go type names;
//   - script problems are `FILE:LINE:COLUMN: message` with the source line
//     and a caret (script.Diagnostic.Pretty), all of a file together.

// Exit codes.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2 // a usage error or an invalid script
	ExitNoDevice    = 3
	ExitInterrupted = 130
)

// ExitError carries the exit code the process should end with. Its message
// has already been shown to the user when Shown is true.
type ExitError struct {
	Code  int
	Err   error
	Shown bool   // the message has been printed already
	Help  bool   // point the user to the command's --help
	Hint  string // what the user can do instead
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// usageError marks a mistake in how exhale was called.
func usageError(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...), Help: true}
}

// report prints err to w by the rules above.
func report(w io.Writer, err error) {
	var ee *ExitError
	if errors.As(err, &ee) && ee.Shown {
		return
	}
	var diags script.Errors
	if errors.As(err, &diags) {
		fmt.Fprintln(w, diags.Pretty())
		return
	}
	msg := err.Error()
	fmt.Fprintf(w, "exhale: error: %s\n", strings.TrimSuffix(lowerFirst(msg), "."))
	if ee != nil && ee.Hint != "" {
		fmt.Fprintf(w, "exhale: hint: %s\n", ee.Hint)
	}
	var nf *catalog.NotFoundError
	if errors.As(err, &nf) {
		if len(nf.Closest) > 0 {
			fmt.Fprintf(w, "exhale: hint: did you mean %s?\n", quoteList(nf.Closest))
		} else {
			fmt.Fprintln(w, "exhale: hint: `exhale list` shows the sessions there are")
		}
	}
}

func warn(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "exhale: warning: %s\n", fmt.Sprintf(format, args...))
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "`" + n + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	// Keep acronyms and names (e.g. "MP3", "XDG") as they are.
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
