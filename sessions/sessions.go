// Package sessions holds the bundled session scripts, embedded in the
// binary so that exhale works from any folder.
package sessions

import (
	"embed"
	"io/fs"
)

//go:embed *.yaml
var files embed.FS

// FS returns the bundled scripts: NAME.yaml at its top, and any files they
// name beside them.
func FS() fs.FS { return files }

// Default is the session played when none is named.
const Default = "arrive"
