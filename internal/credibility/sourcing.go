package credibility

import (
	"strings"

	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/text"
)

// Sourcing finds who the article cites (spec §2 credibility.sourcing):
//
//   - attributions: "X said", "X told Y", "according to X", "X reported",
//     ", X added" — the span covers the source and the reporting words;
//   - anonymous sources: "a source", "medical sources", "witnesses",
//     "residents said", "activists said", "a local man told", "leaked
//     footage", "on condition of anonymity";
//   - self-citations: the outlet (names from the registry entry of
//     Article.Source) cites itself as a source: "SMM Syria has already
//     reported it", "SOHR documented", "according to SOHR", "as we
//     reported", "We in the SOHR". "A man told DVB" in a DVB article is the
//     outlet's own interview, not self-citation; "told SANA" in another
//     outlet's article is an attribution.

// reportingVerbs are the verbs that attribute words or claims to a source.
var reportingVerbs = wordSet(`said say says saying told tell tells reported reports report stated states
	added adds announced announces claimed claims alleged alleges confirmed confirms noted notes warned warns
	insisted insists stressed stresses affirmed affirms acknowledged acknowledges explained explains
	declared declares asserted asserts revealed reveals disclosed discloses documented documents
	recorded records accused accuses denied denies described describes estimated estimates wrote writes
	indicated indicates suggested suggests argued argues maintained maintains quoted quotes cited cites
	mentioned mentions pointed tweeted posted recounted recalled urged urges vowed vows`)

// verbsDocumenting are what an outlet does when it reports from its own records.
var selfVerbs = wordSet(`reported reports documented documents recorded records monitored monitors learned learnt
	learns confirmed confirms revealed reveals obtained verified verifies counted counts said says noted notes
	published publishes wrote writes covered has have had already recently previously earlier exclusively`)

// ownStaff are the outlet's own people and media after "our".
var ownStaff = wordSet(`correspondent correspondents reporter reporters journalist journalists channel newspaper
	paper website site agency team crew bureau newsroom editorial editors`)

// anonymousHeads are nouns that stand for a source without naming it.
var anonymousHeads = wordSet(`source sources witness witnesses eyewitness eyewitnesses resident residents
	local locals activist activists insider insiders official officials observers informant informants
	people person man woman men women villager villagers diplomat diplomats`)

// alwaysAnonymous heads are anonymous wherever they appear (others need a
// reporting verb next to them).
var alwaysAnonymous = wordSet(`source sources eyewitness eyewitnesses insider insiders informant informants`)

var leakedObjects = wordSet(`footage video videos document documents audio recording recordings memo memos
	emails email images photos files cable cables`)

var determiners = wordSet(`a an the one two three several some many other unnamed anonymous local medical
	military security government official civilian field informed reliable private close well-informed
	senior diplomatic intelligence hospital humanitarian opposition rebel tribal police western arab
	independent knowledgeable`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// flat is the document's tokens in one slice, with their sentence index.
type flat struct {
	doc  *text.Doc
	toks []text.Token
	sent []int
}

func flatten(doc *text.Doc) *flat {
	f := &flat{doc: doc}
	for si, s := range doc.Sentences {
		for _, t := range s.Tokens {
			f.toks = append(f.toks, t)
			f.sent = append(f.sent, si)
		}
	}
	return f
}

func (f *flat) norm(i int) string {
	if i < 0 || i >= len(f.toks) {
		return ""
	}
	return f.toks[i].Norm
}

func (f *flat) span(i, j int) model.Span {
	s, e := f.toks[i].Start, f.toks[j-1].End
	return model.Span{Start: s, End: e, Text: f.doc.Slice(s, e)}
}

func isPunct(s string) bool {
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			return false
		}
	}
	return true
}

func capitalised(t text.Token) bool {
	if t.Text == "" {
		return false
	}
	r := []rune(t.Text)[0]
	return r >= 'A' && r <= 'Z' || (r > 127 && t.Text != t.Norm)
}

// subjectBefore returns the start of the noun phrase that ends just before
// token j (exclusive), within the sentence, or -1.
func (f *flat) subjectBefore(j int) int {
	i := j - 1
	if i < 0 || isPunct(f.toks[i].Norm) {
		return -1
	}
	start := -1
	for k := i; k >= 0 && k > j-9 && f.sent[k] == f.sent[i]; k-- {
		n := f.toks[k].Norm
		if isPunct(n) && n != "'s" && n != "-" {
			break
		}
		if stopSubject[n] {
			break
		}
		start = k
	}
	return start
}

// stopSubject words end a subject noun phrase when walking backwards.
var stopSubject = wordSet(`that which who and but when while after before as because if although though
	said told says is was are were has have had will would could should may might also then`)

// findSourcing extracts attributions, anonymous sources and self-citations.
func findSourcing(f *flat, self []string) model.Sourcing {
	out := model.Sourcing{Attributions: []model.Span{}, Anonymous: []model.Span{}, SelfCitations: []model.Span{}}
	n := len(f.toks)
	seenAttr := map[[2]int]bool{}
	addAttr := func(i, j int) {
		if i < 0 || j <= i {
			return
		}
		k := [2]int{i, j}
		if !seenAttr[k] {
			seenAttr[k] = true
			out.Attributions = append(out.Attributions, f.span(i, j))
		}
	}
	anon := map[[2]int]bool{}
	addAnon := func(i, j int) {
		for k := range anon {
			if i < k[1] && k[0] < j {
				return
			}
		}
		anon[[2]int{i, j}] = true
		out.Anonymous = append(out.Anonymous, f.span(i, j))
	}
	for i := 0; i < n; i++ {
		w := f.toks[i].Norm
		switch {
		case w == "according" && f.norm(i+1) == "to":
			// according to X: X runs to the next punctuation (max 8 tokens).
			j := i + 2
			for j < n && j < i+10 && f.sent[j] == f.sent[i] && !isPunct(f.toks[j].Norm) {
				j++
			}
			if j > i+2 {
				addAttr(i, j)
			}
		case reportingVerbs[w]:
			// X said / X has said / X told: subject before (skipping auxiliaries).
			k := i
			for k > 0 && (f.norm(k-1) == "has" || f.norm(k-1) == "have" || f.norm(k-1) == "had" || f.norm(k-1) == "also" || f.norm(k-1) == "later" || f.norm(k-1) == "further" || f.norm(k-1) == "reportedly") {
				k--
			}
			if s := f.subjectBefore(k); s >= 0 {
				addAttr(s, i+1)
			} else if k > 0 && isPunct(f.norm(k-1)) && i+1 < n && f.sent[i+1] == f.sent[i] {
				// Inverted: ", said the spokesman" / "\" said X".
				j := i + 1
				for j < n && j < i+8 && f.sent[j] == f.sent[i] && !isPunct(f.toks[j].Norm) {
					j++
				}
				if j > i+1 {
					addAttr(i, j)
				}
			}
		case (w == "speaking" || w == "talking") && f.norm(i+1) == "to":
			j := i + 2
			for j < n && j < i+8 && f.sent[j] == f.sent[i] && !isPunct(f.toks[j].Norm) {
				j++
			}
			addAttr(i, j)
		}
	}
	// Anonymous sources.
	for i := 0; i < n; i++ {
		w := f.toks[i].Norm
		switch {
		case w == "leaked" && leakedObjects[f.norm(i+1)]:
			addAnon(i, i+2)
		case w == "on" && f.norm(i+1) == "condition" && f.norm(i+2) == "of" && f.norm(i+3) == "anonymity":
			addAnon(i, i+4)
		case (w == "declined" || w == "asked" || w == "refused") && (f.norm(i+1) == "to" || f.norm(i+1) == "not") && strings.Contains(f.norm(i+2)+" "+f.norm(i+3)+" "+f.norm(i+4), "named") || (w == "declined" || w == "asked" || w == "refused") && strings.Contains(f.norm(i+2)+" "+f.norm(i+3)+" "+f.norm(i+4), "identified"):
			addAnon(i, min(n, i+5))
		case (w == "unnamed" || w == "anonymous" || w == "unidentified") && i+1 < n && anonymousHeads[f.norm(i+1)]:
			addAnon(i, i+2)
		case anonymousHeads[w]:
			if !anonymousUse(f, i) {
				continue
			}
			s := i
			for s > 0 && f.sent[s-1] == f.sent[i] && determiners[f.norm(s-1)] && s > i-4 {
				s--
			}
			addAnon(s, i+1)
		}
	}
	// Self-citations.
	for _, m := range selfMentions(f, self) {
		i, j := m[0], m[1]
		switch {
		case selfVerbs[f.norm(j)] && f.norm(j) != "said" && f.norm(j) != "says" || (f.norm(j) == "has" || f.norm(j) == "had") && selfVerbs[f.norm(j+1)]:
			// "SOHR documented", "SMM Syria has already reported it".
			k := j
			for k < n && k < j+4 && selfVerbs[f.norm(k)] {
				k++
			}
			out.SelfCitations = append(out.SelfCitations, f.span(i, k))
		case f.norm(i-1) == "to" && f.norm(i-2) == "according":
			out.SelfCitations = append(out.SelfCitations, f.span(i-2, j))
		case f.norm(i-1) == "the" && f.norm(i-2) == "in" && f.norm(i-3) == "we":
			out.SelfCitations = append(out.SelfCitations, f.span(i-3, j))
		case f.norm(i-1) == "in" && f.norm(i-2) == "we":
			out.SelfCitations = append(out.SelfCitations, f.span(i-2, j))
		case f.norm(j) == "'s" && (f.norm(j+1) == "sources" || f.norm(j+1) == "correspondent" || f.norm(j+1) == "reporter" || f.norm(j+1) == "correspondents"):
			out.SelfCitations = append(out.SelfCitations, f.span(i, j+2))
		}
	}
	// "told our correspondent", "as our channel has reported".
	for i := 0; i+1 < n; i++ {
		if f.toks[i].Norm == "our" && ownStaff[f.norm(i+1)] {
			out.SelfCitations = append(out.SelfCitations, f.span(i, i+2))
		}
	}
	// "as we reported", "we have reported", "we reported earlier".
	for i := 0; i+1 < n; i++ {
		if f.toks[i].Norm != "we" {
			continue
		}
		j := i + 1
		for j < n && j < i+4 && (f.norm(j) == "have" || f.norm(j) == "had" || f.norm(j) == "already" || f.norm(j) == "previously" || f.norm(j) == "recently" || f.norm(j) == "earlier") {
			j++
		}
		switch f.norm(j) {
		case "reported", "documented", "revealed", "published", "wrote", "recorded", "learned", "learnt":
			out.SelfCitations = append(out.SelfCitations, f.span(i, j+1))
		}
	}
	return out
}

// anonymousUse decides whether the noun at i stands for an unnamed source.
func anonymousUse(f *flat, i int) bool {
	w := f.toks[i].Norm
	next := f.norm(i + 1)
	if next == "of" && (w == "source" || w == "sources") {
		return false // "the source of the fire"
	}
	// A name right after ("official Ahmed Ali said") names the source.
	if i+1 < len(f.toks) && f.sent[i+1] == f.sent[i] && capitalised(f.toks[i+1]) && !alwaysAnonymous[w] {
		return false
	}
	if alwaysAnonymous[w] {
		switch f.norm(i - 1) {
		case "open", "energy", "water", "power", "main", "primary", "secondary", "food", "income":
			return false
		}
		return true
	}
	switch w {
	case "people", "person", "man", "woman", "men", "women":
		// Only "a local man", "one woman", "several people" and the like.
		switch f.norm(i - 1) {
		case "local", "a", "an", "one", "some", "several", "two", "three":
		default:
			return false
		}
	}
	if f.norm(i-1) == "to" && f.norm(i-2) == "according" || f.norm(i-2) == "to" && f.norm(i-3) == "according" {
		return true
	}
	// The noun is the subject of a reporting verb: "witnesses said", "residents have told".
	for k := i + 1; k < len(f.toks) && k <= i+4 && f.sent[k] == f.sent[i]; k++ {
		n := f.toks[k].Norm
		if reportingVerbs[n] || n == "saw" || n == "heard" || n == "say" {
			return true
		}
		switch n {
		case "also", "have", "has", "had", "later", "reportedly", "previously", "earlier":
			continue
		}
		break
	}
	// Inverted: "..., witnesses said" is covered above; ", said residents".
	p := f.norm(i - 1)
	if reportingVerbs[p] && (f.norm(i-2) == "," || f.norm(i-2) == "\"") {
		return true
	}
	return determiners[p] && reportingVerbs[f.norm(i-2)]
}

// selfMentions finds the token ranges [i, j) where one of the outlet's names
// occurs (names are matched on folded tokens; a leading "the" is optional).
func selfMentions(f *flat, names []string) [][2]int {
	var out [][2]int
	for _, name := range names {
		pat := text.Tokenize([]rune(name))
		if len(pat) == 0 {
			continue
		}
		if text.Fold(pat[0].Text) == "the" && len(pat) > 1 {
			pat = pat[1:]
		}
		for i := 0; i+len(pat) <= len(f.toks); i++ {
			ok := true
			for k, p := range pat {
				if f.toks[i+k].Norm != p.Norm {
					ok = false
					break
				}
			}
			if ok {
				// Short all-caps aliases must match case ("SOHR", not "sohr").
				if len(pat) == 1 && strings.ToUpper(pat[0].Text) == pat[0].Text && f.toks[i].Text != pat[0].Text {
					continue
				}
				dup := false
				for _, o := range out {
					if i < o[1] && o[0] < i+len(pat) {
						dup = true
					}
				}
				if !dup {
					out = append(out, [2]int{i, i + len(pat)})
				}
			}
		}
	}
	return out
}
