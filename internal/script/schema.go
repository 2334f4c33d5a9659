package script

import _ "embed"

//go:embed schema.json
var schema []byte

// Schema is a JSON Schema (draft 2020-12) of the script format, version
// 1: complete enough for an editor with the YAML language server to offer
// completion and flag unknown keys. The parser remains the judge: the
// schema cannot check what needs the whole session (ids being unique, an
// `at` after the previous step, files existing).
func Schema() []byte { return schema }
