// Package credibilitydata embeds the data of the credibility stage: the
// outlet registry (outlets.csv, written by us) and the propaganda technique
// model (techniques.model.gz, trained by `sitrep train techniques`; see
// data/README.md). It only exposes bytes; parsing lives in
// internal/credibility.
package credibilitydata

import _ "embed"

//go:embed outlets.csv
var outlets []byte

//go:embed techniques.model.gz
var techniques []byte

// Outlets returns the built-in outlet registry in CSV form.
func Outlets() []byte { return outlets }

// Techniques returns the gzip'd technique model (empty when none was built).
func Techniques() []byte { return techniques }
