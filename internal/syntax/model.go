// Package syntax tags, lemmatises and parses English sentences in the style
// of Universal Dependencies (UD English EWT): UPOS and XPOS tags, lemmas and
// a labelled dependency tree per sentence.
//
// In: one sentence of tokens (text.Token with rune offsets, or bare forms).
// Out: one Word per input token, in order, with Head (0 = root, else 1-based
// index into the sentence) and Deprel, and the token's rune offsets copied
// unchanged. Parse never splits, merges or drops tokens; for the best
// accuracy on article text call m.Parse(SplitWords(sentence.Tokens)), which
// first turns text tokens into UD-convention words (offsets kept).
//
// The models (a greedy right-to-left averaged-perceptron tagger over joint
// UPOS+XPOS tags that also reads a word lexicon derived from WordNet 3.1,
// an edit-script lemmatiser and a greedy arc-hybrid parser
// with a separate relation classifier, plus a relabeller run over the
// finished tree) are trained by Train from a UD treebank and
// embedded in the binary (data/syntax); nothing is read from disk or the
// network at run time. A Model is read-only and safe for concurrent use.
package syntax

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"

	syntaxdata "github.com/sitrep/sitrep/data/syntax"
	"github.com/sitrep/sitrep/internal/text"
)

// Word is one parsed word.
type Word struct {
	Form, Lemma, UPOS, XPOS string
	Head                    int // 0 = root, else 1-based index into the sentence
	Deprel                  string
	Start, End              int // rune offsets copied from input tokens
}

// Model holds the tagger, lemmatiser and parser.
type Model struct {
	tags    []string // "UPOS\tXPOS"
	upos    []string
	xpos    []string
	uposID  []uint64 // tag id -> hash of its UPOS
	amb     map[uint64]uint64
	lex     map[uint64]uint32 // word lexicon (wordnet.gz), nil when the tagger does not use it
	useLex  bool
	clus    wordClusters // word clusters (clusters.gz), nil when the models do not use them
	useClus bool
	tagger  *linear // first pass, left to right (right to left when rev1)
	rev1    bool
	tagger2 *linear // second pass, also sees first-pass tags to the right
	labels  []string
	rootLab int
	parser  *linear // unlabelled transitions: shift, left, right
	labeler *linear // relation of each arc
	// relabeler, when present, chooses the relations again once the tree
	// is complete (optional third table of parser.gz).
	relabeler *linear
	// punct, when present, attaches punctuation marks again once the tree
	// is complete (optional fourth table of parser.gz; see punct.go).
	punct    *linear
	punctLab int // label id of "punct" (-1 = none)
	lemma    *lemmatizer
	scratch  sync.Pool
	// tagdict gives frequent unambiguous words their tag without scoring
	// (form hash -> tag id; see tagdict.go).
	tagdict map[uint64]int
	// ix gathers amb, lex, clus and tagdict for lookups (reindex).
	ix    *wordIndex
	verbs verbTags // for finiteVerb (finite.go)
}

// Model file names inside data/syntax.
const (
	taggerFile = "tagger.gz"
	parserFile = "parser.gz"
	lemmaFile  = "lemma.gz"
	lexFile    = "wordnet.gz"
)

var loadOnce = sync.OnceValues(func() (*Model, error) { return LoadFS(syntaxdata.FS) })

// Load returns the embedded models, decoded once (lazily, safe for
// concurrent use).
func Load() (*Model, error) { return loadOnce() }

// LoadFS reads models from a file system holding tagger.gz, parser.gz,
// lemma.gz and the word lexicon wordnet.gz (such as the directory written by
// Train).
func LoadFS(fsys fs.FS) (*Model, error) {
	m := &Model{}
	read := func(name string, f func(*bufio.Reader) error) error {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("load syntax model: %w", err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("load syntax model %s: %w", name, err)
		}
		if err := f(bufio.NewReaderSize(zr, 1<<16)); err != nil {
			return fmt.Errorf("load syntax model %s: %w", name, err)
		}
		return nil
	}
	// The files are independent: decode them concurrently.
	var wg sync.WaitGroup
	errs := make([]error, 5)
	var lex map[uint64]uint32
	var clus wordClusters
	// The word lexicon and the clusters may be missing (models trained
	// without them); the tagger's flags say whether they are needed.
	optional := func(name string, errp *error, parse func([]byte) error) {
		b, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			return
		}
		if err == nil {
			err = parse(b)
		}
		if err != nil {
			*errp = fmt.Errorf("load syntax model %s: %w", name, err)
		}
	}
	wg.Go(func() {
		optional(clusterFile, &errs[4], func(b []byte) (err error) {
			clus, err = readClusters(bytes.NewReader(b))
			return err
		})
	})
	wg.Go(func() {
		optional(lexFile, &errs[3], func(b []byte) (err error) {
			lex, err = readLexicon(bytes.NewReader(b))
			return err
		})
	})
	wg.Go(func() { errs[0] = read(taggerFile, m.readTagger) })
	wg.Go(func() { errs[1] = read(parserFile, m.readParser) })
	wg.Go(func() {
		errs[2] = read(lemmaFile, func(r *bufio.Reader) (err error) {
			m.lemma, err = readLemmatizer(r)
			return err
		})
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if m.useLex {
		if lex == nil {
			return nil, fmt.Errorf("load syntax model: the tagger needs the word lexicon %s", lexFile)
		}
		m.lex = lex
	}
	if m.useClus {
		if clus == nil {
			return nil, fmt.Errorf("load syntax model: the models need the word clusters %s", clusterFile)
		}
		m.clus = clus
	}
	m.reindex()
	return m, nil
}

// reindex rebuilds m.ix after amb, lex, clus or tagdict changed.
func (m *Model) reindex() { m.ix = newWordIndex(m.amb, m.lex, m.clus, m.tagdict) }

func (m *Model) readTagger(r *bufio.Reader) error {
	tags, err := readStrings(r)
	if err != nil {
		return err
	}
	if len(tags) == 0 || len(tags) > 256 {
		return fmt.Errorf("bad tag set size %d", len(tags))
	}
	m.setTags(tags)
	if m.amb, err = readHashTable[uint64](r, 1<<24, math.MaxUint64); err != nil {
		return errors.New("bad ambiguity table")
	}
	flags, err := r.ReadByte()
	if err != nil {
		return errors.New("bad tagger flags")
	}
	m.rev1 = flags&1 != 0
	m.useLex = flags&2 != 0
	m.useClus = flags&8 != 0
	if flags&4 != 0 {
		if m.tagdict, err = readHashTable[int](r, 1<<20, uint64(len(tags)-1)); err != nil {
			return errors.New("bad tag dictionary")
		}
	}
	if m.tagger, err = readLinear(r); err != nil {
		return err
	}
	if m.tagger.nclass != len(tags) {
		return errors.New("tagger classes do not match tag set")
	}
	if _, err := r.Peek(1); err == io.EOF {
		return nil // single-pass tagger
	}
	if m.tagger2, err = readLinear(r); err != nil {
		return err
	}
	if m.tagger2.nclass != len(tags) {
		return errors.New("tagger classes do not match tag set")
	}
	return nil
}

func (m *Model) setTags(tags []string) {
	m.tags = tags
	m.upos = make([]string, len(tags))
	m.xpos = make([]string, len(tags))
	m.uposID = make([]uint64, len(tags))
	for i, t := range tags {
		m.upos[i], m.xpos[i], _ = strings.Cut(t, "\t")
		m.uposID[i] = strHash(m.upos[i])
	}
	m.setVerbTags()
}

func (m *Model) readParser(r *bufio.Reader) error {
	labels, err := readStrings(r)
	if err != nil {
		return err
	}
	m.setLabels(labels)
	if m.rootLab < 0 {
		return errors.New("no root relation in label set")
	}
	if m.parser, err = readLinear(r); err != nil {
		return err
	}
	if m.labeler, err = readLinear(r); err != nil {
		return err
	}
	if m.parser.nclass != numActs || m.labeler.nclass != len(labels) {
		return errors.New("parser classes do not match label set")
	}
	if _, err := r.Peek(1); err == io.EOF {
		return nil // no relabeller
	}
	if m.relabeler, err = readLinear(r); err != nil {
		return err
	}
	if m.relabeler.nclass != len(labels) {
		return errors.New("relabeller classes do not match label set")
	}
	if _, err := r.Peek(1); err == io.EOF {
		return nil // no punctuation attacher
	}
	if m.punct, err = readLinear(r); err != nil {
		return err
	}
	if m.punct.nclass != 1 || m.punctLab < 0 {
		return errors.New("punctuation attacher without one class or without the punct relation")
	}
	return nil
}

func (m *Model) setLabels(labels []string) {
	m.labels = labels
	m.rootLab, m.punctLab = -1, -1
	for i, l := range labels {
		switch l {
		case "root":
			m.rootLab = i
		case "punct":
			m.punctLab = i
		}
	}
}

func writeStrings(w io.Writer, ss []string) error {
	var buf [binary.MaxVarintLen64]byte
	w.Write(buf[:binary.PutUvarint(buf[:], uint64(len(ss)))])
	for _, s := range ss {
		w.Write(buf[:binary.PutUvarint(buf[:], uint64(len(s)))])
		if _, err := io.WriteString(w, s); err != nil {
			return err
		}
	}
	return nil
}

func readStrings(r *bufio.Reader) ([]string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<16 {
		return nil, errors.New("bad string table")
	}
	out := make([]string, n)
	for i := range out {
		l, err := binary.ReadUvarint(r)
		if err != nil || l > 1<<16 {
			return nil, errors.New("bad string table")
		}
		b := make([]byte, l)
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, errors.New("bad string table")
		}
		out[i] = string(b)
	}
	return out, nil
}

// scratch buffers of one Parse call.
type scratch struct {
	ws     []wordInfo
	keys   []uint64
	scores []int32
	tags   []int
	first  []int
	lkeys  []uint64
	rev    []wordInfo
	st     pstate
	in     pinput
	tree   rtree
	olab   []int32 // online labeller scores per word, for the relabeller
	// punctuation attacher
	kidCount []int32
	cands    []punctCand
	pkeys    []uint64
	span     []int32
}

func (m *Model) getScratch() *scratch {
	if s, ok := m.scratch.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

// Parse tags, lemmatises and parses one sentence of already tokenised words.
func (m *Model) Parse(tokens []text.Token) []Word {
	return m.parseTokens(tokens, true)
}

// ParseTree is Parse without lemmas (Lemma is left empty), for callers
// that read only the tags and the tree: lemmatising is a few per cent of
// the parse.
func (m *Model) ParseTree(tokens []text.Token) []Word {
	return m.parseTokens(tokens, false)
}

func (m *Model) parseTokens(tokens []text.Token, lemmas bool) []Word {
	forms := make([]string, len(tokens))
	for i, t := range tokens {
		forms[i] = t.Text
	}
	out := m.parseForms(forms, lemmas)
	for i, t := range tokens {
		out[i].Start, out[i].End = t.Start, t.End
	}
	return out
}

// ParseForms does the same from bare forms (for CoNLL-U input); Start and
// End are left zero.
func (m *Model) ParseForms(forms []string) []Word {
	return m.parseForms(forms, true)
}

func (m *Model) parseForms(forms []string, lemmas bool) []Word {
	if len(forms) == 0 {
		return []Word{}
	}
	sc := m.getScratch()
	defer m.scratch.Put(sc)
	sc.ws = makeWordInfos(forms, m.ix, sc.ws)
	sc.tags = m.tagWords(sc.ws, sc.tags, sc)
	m.finiteVerb(sc.tags)
	heads, labels := m.parseWords(sc.ws, sc.tags, sc)
	out := make([]Word, len(forms))
	for i, f := range forms {
		t := sc.tags[i]
		out[i] = Word{Form: f, UPOS: m.upos[t], XPOS: m.xpos[t], Head: heads[i+1], Deprel: m.labels[labels[i+1]]}
		if lemmas {
			out[i].Lemma = m.lemma.lemma(f, out[i].XPOS)
		}
	}
	return out
}

func (m *Model) tagWords(ws []wordInfo, tags []int, sc *scratch) []int {
	if cap(sc.scores) < 256 {
		sc.scores = make([]int32, 256)
	}
	if !m.rev1 {
		tags = m.tagPass(m.tagger, ws, nil, tags[:0], sc)
	} else {
		sc.rev = append(sc.rev[:0], ws...)
		slices.Reverse(sc.rev)
		tags = m.tagPass(m.tagger, sc.rev, nil, tags[:0], sc)
		slices.Reverse(tags)
	}
	if m.tagger2 == nil {
		return tags
	}
	sc.first = append(sc.first[:0], tags...)
	return m.tagPass(m.tagger2, ws, sc.first, tags[:0], sc)
}

// tagPass tags ws in order; words of the tag dictionary are not scored.
func (m *Model) tagPass(lin *linear, ws []wordInfo, right []int, tags []int, sc *scratch) []int {
	all := sc.scores[:256]
	scores := all[:len(m.tags)]
	p1, p2 := tagStart, tagStart
	for i := range ws {
		if t := int(ws[i].dict); t >= 0 {
			tags = append(tags, t)
			p2, p1 = p1, t
			continue
		}
		sc.keys = tagFeatures(ws, i, p1, p2, right, sc.keys[:0])
		clear(scores)
		lin.score(sc.keys, all)
		best := 0
		for c := 1; c < len(scores); c++ {
			if scores[c] > scores[best] {
				best = c
			}
		}
		tags = append(tags, best)
		p2, p1 = p1, best
	}
	return tags
}

// parseWords returns heads and label ids indexed 1..n.
func (m *Model) parseWords(ws []wordInfo, tags []int, sc *scratch) ([]int, []int) {
	n := len(ws)
	st := &sc.st
	st.reset(n)
	sc.in.fill(ws, tags, m.uposID)
	if cap(sc.scores) < 256 {
		sc.scores = make([]int32, 256)
	}
	var acts [numActs]int32
	for !st.terminal() {
		a, forced := st.forced()
		if !forced {
			sc.keys = parseFeatures(st, &sc.in, sc.keys[:0])
			acts = [numActs]int32{}
			m.parser.score(sc.keys, acts[:])
			a = bestAction(st, acts[:])
		}
		lab := -1
		if a != actShift {
			lab = m.bestLabel(st, &sc.in, a, sc)
		}
		st.apply(a, lab)
	}
	if m.relabeler != nil {
		m.relabel(st.heads, st.labels, &sc.in, sc)
	}
	if m.punct != nil {
		m.reattachPunct(st.heads, st.labels, &sc.in, sc)
	}
	return st.heads, st.labels
}

// bestLabel chooses the relation of the arc made by action a: "root" for
// the arc onto the root, else the best other label.
func (m *Model) bestLabel(st *pstate, in *pinput, a int, sc *scratch) int {
	h, d := st.arc(a)
	if h == st.n+1 {
		return m.rootLab
	}
	if in.u[d] == punctUPOS && m.punctLab >= 0 {
		// 99.8 % of the words tagged PUNCT in train are punct: no need to
		// score them (one arc in nine); the relabeller leaves them too.
		return m.punctLab
	}
	sc.lkeys = labelFeatures(st, in, a, h, d, sc.lkeys[:0])
	all := sc.scores[:256]
	scores := all[:len(m.labels)]
	clear(scores)
	m.labeler.score(sc.lkeys, all)
	if m.relabeler != nil {
		nl := len(m.labels)
		if len(sc.olab) < (st.n+2)*nl {
			sc.olab = make([]int32, (st.n+2)*nl*2)
		}
		copy(sc.olab[d*nl:(d+1)*nl], scores)
	}
	best := -1
	for l, v := range scores {
		if l != m.rootLab && (best < 0 || v > scores[best]) {
			best = l
		}
	}
	return best
}

var verbUPOS = strHash("VERB")

// onlyPunctAfter reports whether only punctuation follows word i of n.
func (in *pinput) onlyPunctAfter(i, n int) bool { return in.pc[n]-in.pc[i] == int32(n-i) }

func (in *pinput) fill(ws []wordInfo, tags []int, upos []uint64) {
	n := len(ws)
	if cap(in.w) < n+2 {
		in.w, in.p, in.u = make([]uint64, n+2), make([]uint64, n+2), make([]uint64, n+2)
		in.a, in.x = make([]uint64, n+2), make([]uint64, n+2)
		in.c, in.k = make([]uint64, n+2), make([]uint64, n+2)
	}
	in.w, in.p, in.u, in.a, in.x = in.w[:n+2], in.p[:n+2], in.u[:n+2], in.a[:n+2], in.x[:n+2]
	in.c, in.k = in.c[:n+2], in.k[:n+2]
	for i := range ws {
		in.w[i+1] = ws[i].lw
		in.p[i+1] = uint64(tags[i])
		in.u[i+1] = upos[tags[i]]
		in.a[i+1] = ws[i].amb
		in.x[i+1] = ws[i].suf[2]
		in.c[i+1], in.k[i+1] = ws[i].cf, ws[i].cc
	}
	in.w[n+1], in.p[n+1], in.u[n+1], in.a[n+1], in.x[n+1] = 0x7007, 0x7007, 0x7007, 0x7007, 0x7007
	in.c[n+1], in.k[n+1] = 0x7007, 0x7007
	if cap(in.pc) < n+2 {
		in.pc, in.vc, in.nv = make([]int32, n+2), make([]int32, n+2), make([]int32, n+2)
	}
	in.pc, in.vc, in.nv = in.pc[:n+2], in.vc[:n+2], in.nv[:n+2]
	// Prefix counts of punctuation and verbs, then the next verb.
	in.pc[0], in.vc[0] = 0, 0
	for i := 1; i <= n+1; i++ {
		in.pc[i], in.vc[i] = in.pc[i-1], in.vc[i-1]
		switch in.u[i] {
		case punctUPOS:
			in.pc[i]++
		case verbUPOS:
			in.vc[i]++
		}
	}
	next := int32(n + 1)
	for i := n + 1; i >= 0; i-- {
		in.nv[i] = next
		if i >= 1 && i <= n && in.u[i] == verbUPOS {
			next = int32(i)
		}
	}
}

// bestAction returns the highest-scoring legal action.
func bestAction[S int32 | float64](st *pstate, scores []S) int {
	shift, left, right := st.valid()
	best := -1
	for a, ok := range [numActs]bool{shift, left, right} {
		if ok && (best < 0 || scores[a] > scores[best]) {
			best = a
		}
	}
	return best
}
