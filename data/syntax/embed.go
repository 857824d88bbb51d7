// Package syntaxdata embeds the trained syntax models (tagger, lemmatiser,
// parser) written by `sitrep train syntax`; see data/README.md.
package syntaxdata

import "embed"

// FS holds tagger.gz, parser.gz, lemma.gz, the word lexicon wordnet.gz
// and the word clusters clusters.gz.
//
//go:embed *.gz
var FS embed.FS
