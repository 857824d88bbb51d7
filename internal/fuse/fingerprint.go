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
// share an origin. Translations share few words but keep their numbers and
// most proper names: a second MinHash over those (NameSignature) links two
// articles in different languages whose similarity is at least
// NearTranslation.
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

// NearTranslation is the estimated Jaccard similarity of numbers and names
// from which two articles in different languages are one report translated.
const NearTranslation = 0.6

// Signature returns the MinHash signature of the word bigrams of s; nil when
// s has fewer than two words.
func Signature(s string) []uint32 {
	ws := words(s)
	if len(ws) < 2 {
		return nil
	}
	keys := make([]uint64, 0, len(ws))
	for i := 0; i+1 < len(ws); i++ {
		h := fnv.New64a()
		h.Write([]byte(ws[i]))
		h.Write([]byte{0})
		h.Write([]byte(ws[i+1]))
		keys = append(keys, h.Sum64())
	}
	return minhash(keys)
}

// NameSignature returns the MinHash signature of the numbers and proper
// names of s (capitalised words that do not open a sentence); nil when s
// has fewer than four of them.
func NameSignature(s string) []uint32 {
	var keys []uint64
	start := true // at the start of a sentence
	for _, w := range strings.FieldsFunc(s, unicode.IsSpace) {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if core != "" {
			r := []rune(core)[0]
			if unicode.IsDigit(r) || (unicode.IsUpper(r) && !start) {
				for _, part := range words(core) {
					if len(part) > 1 || unicode.IsDigit(rune(part[0])) {
						h := fnv.New64a()
						h.Write([]byte("name\x00" + part))
						keys = append(keys, h.Sum64())
					}
				}
			}
		}
		start = strings.ContainsAny(w[len(w)-1:], ".!?:\"")
	}
	if len(keys) < 4 {
		return nil
	}
	return minhash(keys)
}

// minhash returns the MinHash signature of a set of hashed keys.
func minhash(keys []uint64) []uint32 {
	sig := make([]uint32, SignatureSize)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	seen := make(map[uint64]bool, len(keys))
	for _, x := range keys {
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
// are near-duplicate candidates. The keys of a NameSignature are made with
// salt 1 so that they never meet those of a Signature (salt 0).
func Bands(sig []uint32) []int64 { return bands(sig, 0) }

func bands(sig []uint32, salt byte) []int64 {
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
		if salt != 0 {
			h.Write([]byte{salt})
		}
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

// Fingerprint is the stored signature of an article: its Signature,
// followed by its NameSignature when it has one.
func Fingerprint(text string) []uint32 {
	sig := Signature(text)
	if sig == nil {
		return nil
	}
	return append(sig, NameSignature(text)...)
}

// FingerprintBands are the LSH band keys of a Fingerprint.
func FingerprintBands(fp []uint32) []int64 {
	return append(Bands(textPart(fp)), bands(namePart(fp), 1)...)
}

func textPart(fp []uint32) []uint32 {
	if len(fp) < SignatureSize {
		return nil
	}
	return fp[:SignatureSize]
}

func namePart(fp []uint32) []uint32 {
	if len(fp) < 2*SignatureSize {
		return nil
	}
	return fp[SignatureSize : 2*SignatureSize]
}
