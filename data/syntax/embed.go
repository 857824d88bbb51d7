// Package syntaxdata embeds the trained syntax models (tagger, lemmatiser,
// parser) written by `sitrep train syntax`; see data/README.md.
package syntaxdata

import "embed"

// FS holds tagger.gz, parser.gz and lemma.gz.
//
//go:embed *.gz
var FS embed.FS
