// Package lexicondata embeds sitrep's own actor dictionaries (actors.txt,
// agents.txt, countries.txt; formats in data/README.md). It only exposes the
// files; internal/lexicon parses and indexes them.
package lexicondata

import "embed"

// FS holds the dictionary files.
//
//go:embed *.txt
var FS embed.FS
