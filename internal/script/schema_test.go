package script_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/exhale-audio/exhale/internal/script"
	"github.com/exhale-audio/exhale/sessions"
)

func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(script.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("exhale-session-v1", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("exhale-session-v1")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// instance turns a YAML script into what a JSON Schema validator reads.
func instance(t *testing.T, src string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// TestSchemaAcceptsValidScripts: every bundled session, every complete
// example of docs/format.md and the starter of `exhale new` is valid.
func TestSchemaAcceptsValidScripts(t *testing.T) {
	s := compiledSchema(t)
	scripts := map[string]string{}
	names, _ := fs.Glob(sessions.FS(), "*.yaml")
	for _, n := range names {
		b, _ := fs.ReadFile(sessions.FS(), n)
		scripts["sessions/"+n] = string(b)
	}
	doc, err := os.ReadFile("../../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(doc), -1) {
		if strings.HasPrefix(m[1], "version: 1") {
			scripts["docs/format.md example "+string(rune('A'+i))] = m[1]
		}
	}
	starter, err := os.ReadFile("../cli/starter/starter.yaml")
	if err != nil {
		t.Fatal(err)
	}
	scripts["the starter"] = string(starter)
	// Shorthands and forms the format allows, beyond its examples.
	scripts["shorthands"] = `version: 1
title: 2026
tags: evening
vars:
gap: 2 s
background: {sound: ocean, volume: -24 Db}
steps:
  - bell
  - bell: chime
  - breathe: 4-7-8
  - breathe: {pattern: box, cycles: "6"}
  - breathe: {pattern: box, for: 2m 30s}
  - say: 5
    pause: .5s
  - repeat: "2"
    steps:
      - pause: 1.5
closing:
`
	if len(scripts) < 15 {
		t.Fatalf("only %d scripts to check", len(scripts))
	}
	for name, src := range scripts {
		if err := s.Validate(instance(t, src)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestSchemaRejects: mistakes an editor should flag.
func TestSchemaRejects(t *testing.T) {
	s := compiledSchema(t)
	for name, src := range map[string]string{
		"an unknown key":          "version: 1\ntitle: T\ntitel: x\nsteps: []\n",
		"an unknown step key":     "version: 1\ntitle: T\nsteps:\n  - say: Hi\n    pase: 3s\n",
		"two actions":             "version: 1\ntitle: T\nsteps:\n  - say: Hi\n    bell: {}\n",
		"no action":               "version: 1\ntitle: T\nsteps:\n  - caption: hello\n",
		"another version":         "version: 2\ntitle: T\nsteps: []\n",
		"no title":                "version: 1\nsteps: []\n",
		"a rate out of range":     "version: 1\ntitle: T\nvoice: {speech: {rate: 500}}\nsteps: []\n",
		"an unknown engine":       "version: 1\ntitle: T\nvoice: {engine: robot}\nsteps: []\n",
		"too many strikes":        "version: 1\ntitle: T\nsteps:\n  - bell: {strikes: 12}\n",
		"a bad duration":          "version: 1\ntitle: T\nsteps:\n  - pause: soon\n",
		"steps without repeat":    "version: 1\ntitle: T\nsteps:\n  - say: Hi\n    steps: []\n",
		"repeat without steps":    "version: 1\ntitle: T\nsteps:\n  - repeat: 2\n",
		"an unknown breathe key":  "version: 1\ntitle: T\nsteps:\n  - breathe: {pattern: box, cycels: 3}\n",
		"a background level typo": "version: 1\ntitle: T\nbackground: {sound: ocean, volume: loud}\nsteps: []\n",
		"an id with a space":      "version: 1\ntitle: T\nsteps:\n  - say: Hi\n    id: my line\n",
	} {
		if err := s.Validate(instance(t, src)); err == nil {
			t.Errorf("%s: accepted:\n%s", name, src)
		}
	}
}
