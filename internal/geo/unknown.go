package geo

import (
	"unicode"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

// Unknown is a place the text clearly names but the gazetteer lacks:
// "the village of Mucojo", "Bambui town", "in Kibirizi, Rutshuru territory".
// Its name is the article's own; where it lies is only known to the
// precision of its surroundings, which the caller fills in.
type Unknown struct {
	Span             model.Span
	Sent, TokStart   int
	TokEnd           int
	Cue              string // the word that says it is a place
	AdminHint        string // a known place right after it ("…, North Kivu"), or ""
	AdminHintTokenAt int    // token index of that known place, or -1
}

// unknownAfter are cue words that make the capitalised word before them a
// place: "Bambui village", "Mir Ali area".
var unknownAfter = map[string]bool{
	"village": true, "town": true, "camp": true, "township": true, "neighbourhood": true, "neighborhood": true,
	"district": true, "area": true, "locality": true, "commune": true, "chiefdom": true, "county": true,
	"sub-county": true, "subdistrict": true, "municipality": true, "settlement": true,
}

// inPreps introduce a place: "in X, North Kivu".
var inPreps = map[string]bool{"in": true, "near": true, "outside": true, "around": true, "at": true}

// unknownBefore are cue phrases ending in "of" that make the capitalised
// words after them a place: "the village of Mucojo".
var unknownBefore = map[string]bool{
	"village": true, "town": true, "city": true, "district": true, "area": true, "locality": true, "commune": true,
	"township": true, "neighbourhood": true, "neighborhood": true, "outskirts": true, "suburb": true,
	"suburbs": true, "settlement": true, "hamlet": true, "camp": true, "region": true, "province": true,
}

// UnknownPlaces finds place names that only their context vouches for. It
// skips tokens the caller already knows as something (a place, an actor, a
// date), reported through taken.
//
// isPlace tells which tokens are known places, the context that vouches
// for "in X, <known place>".
func UnknownPlaces(doc *text.Doc, taken, isPlace func(sent, tok int) bool) []Unknown {
	var out []Unknown
	for si, s := range doc.Sentences {
		toks := s.Tokens
		for i := 0; i < len(toks); i++ {
			// "<cue> of X Y": the village of Mucojo.
			if unknownBefore[toks[i].Norm] && i+2 < len(toks) && toks[i+1].Norm == "of" {
				if end := nameRun(toks, i+2, taken, si); end > i+2 {
					out = append(out, unknown(doc, si, i+2, end, toks[i].Norm))
					i = end - 1
					continue
				}
			}
			// "in X, <known place>": in Kibirizi, Rutshuru; near Oicha, North Kivu.
			if inPreps[toks[i].Norm] && i+1 < len(toks) {
				if end := nameRun(toks, i+1, taken, si); end > i+1 && end+1 < len(toks) && toks[end].Norm == "," && isPlace(si, end+1) {
					out = append(out, unknown(doc, si, i+1, end, toks[i].Norm))
					i = end - 1
					continue
				}
			}
			// "X Y <cue>": Bambui village, Mir Ali area.
			if unknownAfter[toks[i].Norm] && i > 0 {
				start := i
				for start > 0 && start > i-3 && !taken(si, start-1) &&
					(isNameTok(toks[start-1]) || (start < i && articleWords[toks[start-1].Norm] && start-1 > 0 && isCapital(toks[start-1]))) {
					start-- // "Abu Shouk camp", "Umm Jalal village"
				}
				if start < i && start > 0 { // a capital at the start of a sentence proves nothing
					out = append(out, unknown(doc, si, start, i, toks[i].Norm))
				}
			}
		}
	}
	for k := range out {
		u := &out[k]
		toks := doc.Sentences[u.Sent].Tokens
		u.AdminHintTokenAt = -1
		// "in Kibirizi, Rutshuru territory" / "Mucojo in Cabo Delgado".
		for j := u.TokEnd; j < len(toks) && j <= u.TokEnd+3; j++ {
			if isPlace(u.Sent, j) {
				u.AdminHintTokenAt = j
				u.AdminHint = toks[j].Text
				break
			}
		}
	}
	return out
}

func unknown(doc *text.Doc, si, start, end int, cue string) Unknown {
	toks := doc.Sentences[si].Tokens
	sp := model.Span{Start: toks[start].Start, End: toks[end-1].End}
	sp.Text = doc.Slice(sp.Start, sp.End)
	return Unknown{Span: sp, Sent: si, TokStart: start, TokEnd: end, Cue: cue}
}

// nameRun returns the end of a run of 1–3 capitalised tokens starting at i
// (joined by "al-"-style particles), or i when there is none.
func nameRun(toks []text.Token, i int, taken func(sent, tok int) bool, si int) int {
	j := i
	for j < len(toks) && j < i+3 {
		if taken(si, j) {
			break
		}
		if isNameTok(toks[j]) || (j > i && articleWords[toks[j].Norm] && j+1 < len(toks) && isNameTok(toks[j+1])) {
			j++
			continue
		}
		break
	}
	return j
}

// isNameTok reports whether a token looks like part of a proper name.
func isNameTok(t text.Token) bool {
	rs := []rune(t.Text)
	if len(rs) < 2 || !unicode.IsUpper(rs[0]) {
		return false
	}
	if stopNames[t.Norm] || functionWords[t.Norm] {
		return false
	}
	for _, r := range rs {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '\u2019' {
			return false
		}
	}
	return true
}

func isCapital(t text.Token) bool {
	r := []rune(t.Text)
	return len(r) > 0 && unicode.IsUpper(r[0])
}
