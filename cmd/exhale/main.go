// Command exhale is a calm, slow guided relaxation player. See README.md.
//
// main only wires the real environment to the commands in internal/cli,
// maps the error that comes back to an exit code, and exits.
package main

import (
	"context"
	"errors"
	"os"

	"github.com/exhale-audio/exhale/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(run())
}

func run() int {
	err := cli.Execute(context.Background(), os.Args[1:], cli.OSEnv(version))
	var ee *cli.ExitError
	switch {
	case err == nil:
		return cli.ExitOK
	case errors.As(err, &ee):
		return ee.Code
	default:
		return cli.ExitFailure
	}
}
