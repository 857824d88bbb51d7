package syntax

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/internal/text"
)

// Scores are CoNLL 2018 style evaluation figures. With gold tokenisation
// they are accuracies over gold words; from raw text they are F1 scores
// over words aligned by character span. LAS compares the universal part of
// the relation (CoNLL 2018); LASFull compares the full relation with its
// subtype.
type Scores struct {
	Sentences, GoldWords, PredWords, Aligned int
	WordsF1                                  float64
	UPOS, XPOS, Lemma, UAS, LAS, LASFull     float64

	nUPOS, nXPOS, nLemma, nUAS, nLAS, nLASFull int
}

func (s *Scores) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "sentences %d  gold words %d  predicted words %d\n", s.Sentences, s.GoldWords, s.PredWords)
	if s.WordsF1 > 0 {
		fmt.Fprintf(&b, "words F1   %6.2f\n", s.WordsF1)
	}
	fmt.Fprintf(&b, "UPOS       %6.2f\nXPOS       %6.2f\nlemma      %6.2f\nUAS        %6.2f\nLAS        %6.2f  (universal relation)\nLAS full   %6.2f  (with subtypes)\n",
		s.UPOS, s.XPOS, s.Lemma, s.UAS, s.LAS, s.LASFull)
	return b.String()
}

// score adds one sentence given gold words, predicted words and the
// alignment predIdx[g] = index of the predicted word aligned to gold word g
// (or -1).
func (s *Scores) score(gold []Row, pred []Word, predIdx []int) {
	s.Sentences++
	s.GoldWords += len(gold)
	s.PredWords += len(pred)
	goldOf := make([]int, len(pred)) // pred -> gold index or -1
	for i := range goldOf {
		goldOf[i] = -1
	}
	for g, p := range predIdx {
		if p >= 0 {
			goldOf[p] = g
		}
	}
	for g, p := range predIdx {
		if p < 0 {
			continue
		}
		s.Aligned++
		gw, pw := gold[g], pred[p]
		if gw.UPOS == pw.UPOS {
			s.nUPOS++
		}
		if gw.XPOS == pw.XPOS {
			s.nXPOS++
		}
		if gw.Lemma == pw.Lemma {
			s.nLemma++
		}
		headOK := false
		if gw.Head == 0 {
			headOK = pw.Head == 0
		} else if pw.Head > 0 {
			headOK = goldOf[pw.Head-1] == gw.Head-1
		}
		if headOK {
			s.nUAS++
			if baseRel(gw.Deprel) == baseRel(pw.Deprel) {
				s.nLAS++
			}
			if gw.Deprel == pw.Deprel {
				s.nLASFull++
			}
		}
	}
}

// addAligned scores a sentence parsed with gold tokenisation.
func (s *Scores) addAligned(gold []Row, pred []Word) {
	idx := make([]int, len(gold))
	for i := range idx {
		idx[i] = i
	}
	s.score(gold, pred, idx)
}

func (s Scores) finish() Scores {
	f1 := func(c int) float64 {
		if s.GoldWords == 0 || s.PredWords == 0 || c == 0 {
			return 0
		}
		p, r := float64(c)/float64(s.PredWords), float64(c)/float64(s.GoldWords)
		return 100 * 2 * p * r / (p + r)
	}
	s.UPOS, s.XPOS, s.Lemma = f1(s.nUPOS), f1(s.nXPOS), f1(s.nLemma)
	s.UAS, s.LAS, s.LASFull = f1(s.nUAS), f1(s.nLAS), f1(s.nLASFull)
	if s.GoldWords != s.PredWords || s.Aligned != s.GoldWords {
		s.WordsF1 = f1(s.Aligned)
	}
	return s
}

// Evaluate parses every sentence of a gold treebank and scores the result.
// With raw set, the words come from tokenising each sentence's "# text"
// comment with text.Tokenize and SplitWords, aligned to the gold words by
// character span; otherwise the gold word forms are used. When out is
// non-nil the predicted sentences are written to it as CoNLL-U.
func (m *Model) Evaluate(gold []Sentence, raw bool, filter func(*Sentence) bool, out io.Writer) (Scores, error) {
	var sc Scores
	var outSents []Sentence
	for i := range gold {
		s := &gold[i]
		if filter != nil && !filter(s) {
			continue
		}
		gw := s.Words()
		if !raw {
			forms := make([]string, len(gw))
			for j, w := range gw {
				forms[j] = w.Form
			}
			pred := m.ParseForms(forms)
			sc.addAligned(gw, pred)
			if out != nil {
				outSents = append(outSents, ToSentence(s.Comments, pred))
			}
			continue
		}
		txt := s.Comment("text")
		if txt == "" {
			return Scores{}, fmt.Errorf("sentence %q has no # text comment", s.Comment("sent_id"))
		}
		rs := []rune(txt)
		toks := SplitWords(text.Tokenize(rs))
		pred := m.Parse(toks)
		// Character spans counted over non-space runes.
		nonSpace := make([]int, len(rs)+1)
		for j, r := range rs {
			nonSpace[j+1] = nonSpace[j]
			if !unicode.IsSpace(r) {
				nonSpace[j+1]++
			}
		}
		predSpan := map[[2]int]int{}
		for j, w := range pred {
			predSpan[[2]int{nonSpace[w.Start], nonSpace[w.End]}] = j
		}
		idx := make([]int, len(gw))
		for j, sp := range goldSpans(s) {
			if p, ok := predSpan[sp]; ok {
				idx[j] = p
			} else {
				idx[j] = -1
			}
		}
		sc.score(gw, pred, idx)
		if out != nil {
			outSents = append(outSents, ToSentence(s.Comments, pred))
		}
	}
	if out != nil {
		if err := WriteCoNLLU(out, outSents); err != nil {
			return Scores{}, err
		}
	}
	return sc.finish(), nil
}

// goldSpans returns each gold word's span in non-space characters. Words of
// a multiword token get consecutive sub-spans when their forms spell the
// token, else the whole token's span.
func goldSpans(s *Sentence) [][2]int {
	var out [][2]int
	pos := 0
	count := func(f string) int {
		n := 0
		for _, r := range f {
			if !unicode.IsSpace(r) {
				n++
			}
		}
		return n
	}
	for i := 0; i < len(s.Rows); i++ {
		r := s.Rows[i]
		switch {
		case r.IsMultiword():
			var a, b int
			fmt.Sscanf(r.ID, "%d-%d", &a, &b)
			var parts []Row
			j := i + 1
			for ; j < len(s.Rows) && len(parts) < b-a+1; j++ {
				if s.Rows[j].IsWord() {
					parts = append(parts, s.Rows[j])
				}
			}
			joined := ""
			for _, p := range parts {
				joined += p.Form
			}
			tl := count(r.Form)
			if strings.EqualFold(joined, r.Form) {
				for _, p := range parts {
					n := count(p.Form)
					out = append(out, [2]int{pos, pos + n})
					pos += n
				}
			} else {
				for range parts {
					out = append(out, [2]int{pos, pos + tl})
				}
				pos += tl
			}
			i = j - 1
		case r.IsWord():
			n := count(r.Form)
			out = append(out, [2]int{pos, pos + n})
			pos += n
		}
	}
	return out
}

// ToSentence turns parsed words into a CoNLL-U sentence with the given
// comments.
func ToSentence(comments []string, words []Word) Sentence {
	s := Sentence{Comments: comments}
	for i, w := range words {
		s.Rows = append(s.Rows, Row{ID: fmt.Sprint(i + 1), Form: w.Form, Lemma: w.Lemma, UPOS: w.UPOS,
			XPOS: w.XPOS, Feats: "_", Head: w.Head, Deprel: w.Deprel, Deps: "_", Misc: "_"})
	}
	return s
}
