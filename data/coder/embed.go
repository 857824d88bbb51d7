// Package coderdata embeds the event coder's trigger dictionary
// (triggers.txt), written by the sitrep project.
package coderdata

import _ "embed"

// Triggers is the trigger dictionary in the format documented at its top.
//
//go:embed triggers.txt
var Triggers []byte
