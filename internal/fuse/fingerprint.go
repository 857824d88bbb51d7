// Package fuse works across articles: it fingerprints article text to link
// near-duplicates (copies and rewrites of one report) to one origin, and it
// fuses events that tell of the same real-world event into clusters, with
// their independent origins, fatalities across reports and a corroboration
// level.
//
// In: analysed articles (store.Article with its model.Analysis), one at a
// time, inside a store transaction. Out: the article stored with its origin,
// its events stored with their cluster ids, and every cluster they touched
// re-summarised from its members, all in that one transaction. Clustering is
// incremental (each article joins the clusters already stored) and
// deterministic (cluster ids derive from the first member), so ingesting the
// same articles again yields the same clusters. It never analyses text and
// never touches the network.
//
// Fingerprints: MinHash over word bigrams of the folded text (Signature,
// SignatureSize values), looked up with LSH bands of two values (Bands);
// two articles whose estimated Jaccard similarity is at least NearDuplicate
// share an origin.
package fuse

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/internal/text"
)

// SignatureSize is the number of MinHash values in a signature.
const SignatureSize = 32

// bandRows is the number of signature values per LSH band.
const bandRows = 2

// NearDuplicate is the estimated Jaccard similarity of word bigrams from
// which two articles are copies or rewrites of one report.
const NearDuplicate = 0.5

// ContentHash is the hex SHA-256 of the text with white space collapsed, so
// that re-wrapped copies of one text hash alike.
func ContentHash(s string) string {
	h := sha256.Sum256([]byte(strings.Join(strings.Fields(s), " ")))
	return hex.EncodeToString(h[:])
}

// words returns the folded words of s (letters and digits only).
func words(s string) []string {
	s = text.Fold(s)
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Signature returns the MinHash signature of the word bigrams of s; nil when
// s has fewer than two words.
func Signature(s string) []uint32 {
	ws := words(s)
	if len(ws) < 2 {
		return nil
	}
	sig := make([]uint32, SignatureSize)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	seen := make(map[uint64]bool, len(ws))
	for i := 0; i+1 < len(ws); i++ {
		h := fnv.New64a()
		h.Write([]byte(ws[i]))
		h.Write([]byte{0})
		h.Write([]byte(ws[i+1]))
		x := h.Sum64()
		if seen[x] {
			continue
		}
		seen[x] = true
		for j := range sig {
			// One cheap independent-looking hash per position: mix x with
			// the position's seed (splitmix64 finaliser).
			v := mix(x ^ seeds[j])
			if uint32(v) < sig[j] {
				sig[j] = uint32(v)
			}
		}
	}
	return sig
}

var seeds = func() [SignatureSize]uint64 {
	var s [SignatureSize]uint64
	x := uint64(0x9E3779B97F4A7C15)
	for i := range s {
		x = mix(x + uint64(i)*0xBF58476D1CE4E5B9)
		s[i] = x
	}
	return s
}()

func mix(z uint64) uint64 {
	z += 0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// Bands returns the LSH band keys of a signature: articles that share one
// are near-duplicate candidates.
func Bands(sig []uint32) []int64 {
	if len(sig) != SignatureSize {
		return nil
	}
	out := make([]int64, 0, SignatureSize/bandRows)
	var buf [4 * bandRows]byte
	for b := 0; b < SignatureSize/bandRows; b++ {
		for r := range bandRows {
			binary.LittleEndian.PutUint32(buf[4*r:], sig[b*bandRows+r])
		}
		h := fnv.New64a()
		h.Write([]byte{byte(b)})
		h.Write(buf[:])
		out = append(out, int64(h.Sum64()>>1)) // non-negative: both databases store it as a signed integer
	}
	return out
}

// Similarity estimates the Jaccard similarity of the texts behind two
// signatures: the share of equal values. Signatures of different sizes
// have similarity 0.
func Similarity(a, b []uint32) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}
