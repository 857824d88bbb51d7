// Package geodata embeds sitrep's gazetteer data: the compact gazetteer
// built from GeoNames cities1000 by `sitrep gazetteer build` (gazetteer.bin.gz),
// and the tables written by the sitrep authors (admin1.tsv, admin1_other.tsv,
// countries.tsv, supplement.tsv, aliases.tsv). It only exposes bytes; internal/geo decodes them.
package geodata

import _ "embed"

// Gazetteer is the gzip'd gazetteer file (format in internal/geo/file.go).
//
//go:embed gazetteer.bin.gz
var Gazetteer []byte

// Admin1 is the admin-1 table (country, name, aliases, seat, lat, lon).
//
//go:embed admin1.tsv
var Admin1 []byte

// Admin1Other lists admin-1 units of countries outside the conflict focus.
//
//go:embed admin1_other.tsv
var Admin1Other []byte

// Countries is the countries table (ISO3, ISO2, name, aliases, demonyms, lat, lon).
//
//go:embed countries.tsv
var Countries []byte

// Supplement lists places missing from GeoNames cities1000.
//
//go:embed supplement.tsv
var Supplement []byte

// Aliases adds names to GeoNames places (geonames id, aliases).
//
//go:embed aliases.tsv
var Aliases []byte
