package syntax

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	syntaxdata "github.com/sitrep/sitrep/data/syntax"
)

// TrainOptions control training; the zero value gives the shipped models.
type TrainOptions struct {
	TaggerEpochs  int // default 10
	ParserEpochs  int // default 15
	RelabelEpochs int // relabeller and punctuation attacher epochs; default 10, negative for neither
	Folds         int // jackknife folds for the parser's training tags; default 4
	// Parsers is how many parsers are trained, each with its own random
	// seed (order of sentences, exploration); the shipped model has the
	// mean of their weights. Default 4.
	Parsers         int
	MinWeight       float64 // parser weights below this magnitude are dropped; default 1
	TaggerMinWeight float64 // tagger weights below this magnitude are dropped; default 0.05
	// Lexicon is the word lexicon file (written by BuildLexicon); empty
	// means the embedded data/syntax/wordnet.gz. It is copied to the
	// output directory with the models.
	Lexicon string
	// Clusters is the word cluster file (written by BuildClusters); empty
	// means the embedded data/syntax/clusters.gz. It is copied to the
	// output directory with the models.
	Clusters string
	Logf     func(format string, args ...any)

	noLexicon   bool // experiments: models without the word lexicon
	noClusters  bool // experiments: models without word clusters
	taggerOnly  bool // experiments: stop after the tagger
	taggerPass2 bool
	wordDrop    float64
	forward1    bool // first tagger pass left to right
	tagSweep    func(*perceptron)
	treeEpoch   int    // parser epoch whose trees train the relabeller; default 1 (the second)
	tagCache    string // experiments: file caching the tagger and jackknifed tags
}

func (o *TrainOptions) defaults() {
	if o.TaggerEpochs == 0 {
		o.TaggerEpochs = 10
	}
	if o.ParserEpochs == 0 {
		o.ParserEpochs = 15
	}
	if o.RelabelEpochs == 0 {
		o.RelabelEpochs = 10
	}
	if o.treeEpoch == 0 {
		o.treeEpoch = 1
	}
	if o.MinWeight == 0 {
		o.MinWeight = 1
	}
	if o.TaggerMinWeight == 0 {
		o.TaggerMinWeight = 0.05
	}
	if o.Folds == 0 {
		o.Folds = 4
	}
	if o.Parsers == 0 {
		o.Parsers = 4
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

// forEpochs calls body once per epoch with the indexes 0..n-1 in an order
// rng shuffles anew each time; it stops at body's first error or when ctx
// is done.
func forEpochs(ctx context.Context, epochs, n int, rng *rand.Rand, body func(ep int, order []int) error) error {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	for ep := range epochs {
		if err := ctx.Err(); err != nil {
			return err
		}
		rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		if err := body(ep, order); err != nil {
			return err
		}
	}
	return nil
}

// tsent is a training sentence.
type tsent struct {
	forms  []string
	tags   []int // combined UPOS+XPOS ids
	lemmas []string
	heads  []int // 1..n indexed, 0 = root
	labels []int
	ws     []wordInfo
}

// Train trains all models on train.conllu in treebankDir and writes them
// to outDir. Training is deterministic.
func Train(ctx context.Context, treebankDir, outDir string, opt TrainOptions) error {
	opt.defaults()
	if opt.Parsers < 1 || opt.Folds < 2 {
		return fmt.Errorf("train syntax: need at least one parser and two folds (%d, %d)", opt.Parsers, opt.Folds)
	}
	start := time.Now()
	sents, err := readFile(filepath.Join(treebankDir, "train.conllu"))
	if err != nil {
		return err
	}
	var dev []Sentence
	if d, err := readFile(filepath.Join(treebankDir, "dev.conllu")); err == nil {
		dev = d
	}
	m := &Model{}
	var lexBytes []byte
	if !opt.noLexicon {
		if opt.Lexicon != "" {
			lexBytes, err = os.ReadFile(opt.Lexicon)
		} else {
			lexBytes, err = fs.ReadFile(syntaxdata.FS, lexFile)
		}
		name := opt.Lexicon
		if name == "" {
			name = "embedded " + lexFile
		}
		if err != nil {
			return fmt.Errorf("train syntax: word lexicon %s: %w", name, err)
		}
		if m.lex, err = readLexicon(bytes.NewReader(lexBytes)); err != nil {
			return fmt.Errorf("train syntax: word lexicon %s: %w", name, err)
		}
		m.useLex = true
	}
	var clusBytes []byte
	if !opt.noClusters {
		name := opt.Clusters
		if name != "" {
			clusBytes, err = os.ReadFile(name)
		} else {
			name = "embedded " + clusterFile
			clusBytes, err = fs.ReadFile(syntaxdata.FS, clusterFile)
		}
		if err != nil {
			return fmt.Errorf("train syntax: word clusters %s: %w", name, err)
		}
		if m.clus, err = readClusters(bytes.NewReader(clusBytes)); err != nil {
			return fmt.Errorf("train syntax: word clusters %s: %w", name, err)
		}
		m.useClus = true
	}
	tagSet, labSet := map[string]bool{}, map[string]bool{}
	for _, s := range sents {
		for _, w := range s.Words() {
			tagSet[w.UPOS+"\t"+w.XPOS] = true
			labSet[w.Deprel] = true
		}
	}
	m.setTags(sortedKeys(tagSet))
	m.setLabels(sortedKeys(labSet))
	if m.rootLab < 0 || len(m.tags) > 256 || len(m.labels) > 64 {
		return fmt.Errorf("unusable tag or label set (%d tags, %d labels)", len(m.tags), len(m.labels))
	}
	data := m.toTrain(sents)
	opt.Logf("read %d sentences, %d tags, %d labels", len(data), len(m.tags), len(m.labels))

	var tagBytes []byte
	var predTags [][]int
	if opt.tagCache != "" {
		if b, err := os.ReadFile(opt.tagCache); err == nil {
			var c tagCacheData
			if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&c); err != nil {
				return err
			}
			if err := m.readTagger(bufio.NewReader(bytes.NewReader(c.Tagger))); err != nil {
				return err
			}
			m.useLex = m.lex != nil
			m.useClus = m.clus != nil
			m.reindex()
			for i := range data {
				data[i].ws = makeWordInfos(data[i].forms, m.ix, nil)
			}
			tagBytes, predTags = c.Tagger, c.Pred
			opt.Logf("tagger and jackknifed tags read from %s", opt.tagCache)
		}
	}
	if tagBytes == nil {
		tagBytes, predTags, err = m.trainTaggers(ctx, data, dev, opt, start)
		if err != nil || opt.taggerOnly {
			return err
		}
		if opt.tagCache != "" {
			var b bytes.Buffer
			if err := gob.NewEncoder(&b).Encode(tagCacheData{tagBytes, predTags}); err != nil {
				return err
			}
			if err := os.WriteFile(opt.tagCache, b.Bytes(), 0o644); err != nil {
				return err
			}
		}
	}

	parseBytes, err := m.trainParser(ctx, data, predTags, dev, opt)
	if err != nil {
		return err
	}
	opt.Logf("parser trained at %s", time.Since(start).Round(time.Second))

	var forms, xposs, lemmas []string
	for _, s := range sents {
		for _, w := range s.Words() {
			forms, xposs, lemmas = append(forms, w.Form), append(xposs, w.XPOS), append(lemmas, w.Lemma)
		}
	}
	lz := trainLemmatizer(forms, xposs, lemmas)
	var lb bytes.Buffer
	if err := writeLemmatizer(&lb, lz); err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return fmt.Errorf("train syntax: %w", err)
	}
	for name, b := range map[string][]byte{taggerFile: tagBytes, parserFile: parseBytes, lemmaFile: lb.Bytes()} {
		if err := writeGzip(filepath.Join(outDir, name), b); err != nil {
			return err
		}
	}
	if lexBytes != nil {
		if err := os.WriteFile(filepath.Join(outDir, lexFile), lexBytes, 0o644); err != nil {
			return fmt.Errorf("write lexicon: %w", err)
		}
	}
	if clusBytes != nil {
		if err := os.WriteFile(filepath.Join(outDir, clusterFile), clusBytes, 0o644); err != nil {
			return fmt.Errorf("write word clusters: %w", err)
		}
	}
	opt.Logf("models written to %s in %s", outDir, time.Since(start).Round(time.Second))
	return nil
}

// tagCacheData is what TrainOptions.tagCache keeps between experiments.
type tagCacheData struct {
	Tagger []byte
	Pred   [][]int
}

// trainTaggers trains the tagger on all of data and, by jackknifing, the
// predicted tags of data that the parser trains on.
func (m *Model) trainTaggers(ctx context.Context, data []tsent, dev []Sentence, opt TrainOptions, start time.Time) ([]byte, [][]int, error) {
	// First-pass tagger on all of train.
	pass1, err := m.trainTagger(ctx, data, dev, opt)
	if err != nil {
		return nil, nil, err
	}
	opt.Logf("tagger pass 1 trained in %s", time.Since(start).Round(time.Second))
	if opt.taggerOnly && !opt.taggerPass2 {
		return nil, nil, nil
	}
	full1 := m.tagger

	// Jackknifed first-pass tags: features of the second pass and the
	// parser's training tags.
	// The folds are independent (each has its own model and random
	// generators), so they run concurrently without losing determinism.
	predTags := make([][]int, len(data))
	ferrs := make([]error, opt.Folds)
	var wg sync.WaitGroup
	for f := 0; f < opt.Folds; f++ {
		wg.Go(func() {
			var tr []tsent
			var te []int
			for i := range data {
				if i%opt.Folds == f {
					te = append(te, i)
				} else {
					tr = append(tr, data[i])
				}
			}
			fm := &Model{rev1: m.rev1, lex: m.lex, useLex: m.useLex, clus: m.clus, useClus: m.useClus}
			fm.setTags(m.tags)
			fm.setLabels(m.labels)
			fopt := opt
			fopt.Logf = func(string, ...any) {}
			if _, err := fm.trainTagger(ctx, tr, nil, fopt); err != nil {
				ferrs[f] = err
				return
			}
			sc := &scratch{}
			for _, i := range te {
				ws := makeWordInfos(data[i].forms, fm.ix, nil)
				predTags[i] = slices.Clone(fm.tagWords(ws, nil, sc))
			}
			opt.Logf("jackknife fold %d done at %s", f, time.Since(start).Round(time.Second))
		})
	}
	wg.Wait()
	if err := errors.Join(ferrs...); err != nil {
		return nil, nil, err
	}
	correct, total := 0, 0
	for i := range data {
		for j, t := range predTags[i] {
			total++
			if t == data[i].tags[j] {
				correct++
			}
		}
	}
	opt.Logf("jackknife tag accuracy %.2f%%", 100*float64(correct)/float64(total))

	// Optional second pass with first-pass tags of the context (not
	// shipped: it gains little over the right-to-left first pass).
	var pass2 []byte
	if opt.taggerPass2 {
		tagger2, raw, err := trainTagPass(ctx, data, predTags, len(m.tags), opt)
		if err != nil {
			return nil, nil, err
		}
		pass2 = raw
		m.tagger, m.tagger2 = full1, tagger2
		if len(dev) > 0 {
			opt.Logf("tagger pass 2 dev UPOS %.2f%%", m.devUPOS(dev))
		}
	}
	m.tagger = full1
	// The tag dictionary serves the shipped tagger only; the jackknifed
	// tags above come from the fold models without it (they differ on ~1
	// token in 10,000).
	m.tagdict = buildTagDict(data, m.upos)
	m.reindex()
	tagBytes := m.taggerBytes(pass1, pass2)
	return tagBytes, predTags, nil
}

func readFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read treebank: %w", err)
	}
	defer f.Close()
	s, err := ReadCoNLLU(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return s, nil
}

func writeGzip(path string, b []byte) error {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (m *Model) toTrain(sents []Sentence) []tsent {
	tagID := map[string]int{}
	for i, t := range m.tags {
		tagID[t] = i
	}
	labID := map[string]int{}
	for i, l := range m.labels {
		labID[l] = i
	}
	var out []tsent
	for _, s := range sents {
		ws := s.Words()
		if len(ws) == 0 {
			continue
		}
		t := tsent{heads: make([]int, len(ws)+2), labels: make([]int, len(ws)+2)}
		ok := true
		for i, w := range ws {
			t.forms = append(t.forms, w.Form)
			t.lemmas = append(t.lemmas, w.Lemma)
			id, known := tagID[w.UPOS+"\t"+w.XPOS]
			if !known {
				id = 0
			}
			t.tags = append(t.tags, id)
			if w.Head < 0 || w.Head > len(ws) {
				ok = false
			}
			t.heads[i+1] = w.Head
			t.labels[i+1] = labID[w.Deprel]
		}
		if ok {
			out = append(out, t)
		}
	}
	return out
}

// buildAmb computes ambiguity classes: for words (lower-cased, and exact
// forms) seen at least three times, the set of tags covering at least 5% of
// their occurrences.
func buildAmb(data []tsent, ntags int) map[uint64]uint64 {
	counts := map[uint64]map[int]int{}
	add := func(h uint64, t int) {
		if counts[h] == nil {
			counts[h] = map[int]int{}
		}
		counts[h][t]++
	}
	for _, s := range data {
		for i, f := range s.forms {
			add(strHash(normWord(f)), s.tags[i])
			add(formKey(strHash(f)), s.tags[i])
		}
	}
	amb := map[uint64]uint64{}
	for h, c := range counts {
		total := 0
		for _, n := range c {
			total += n
		}
		if total < 3 {
			continue
		}
		var set []int
		for t, n := range c {
			if n*20 >= total {
				set = append(set, t)
			}
		}
		slices.Sort(set)
		v := uint64(1469598103)
		for _, t := range set {
			v = mix(v, uint64(t)+1)
		}
		amb[h] = v
	}
	return amb
}

// trainTagger builds the ambiguity table and trains the first-pass tagger.
func (m *Model) trainTagger(ctx context.Context, data []tsent, dev []Sentence, opt TrainOptions) ([]byte, error) {
	m.amb = buildAmb(data, len(m.tags))
	m.reindex()
	for i := range data {
		data[i].ws = makeWordInfos(data[i].forms, m.ix, nil)
	}
	m.rev1 = !opt.forward1
	pass1 := data
	if m.rev1 {
		pass1 = make([]tsent, len(data))
		for i, s := range data {
			pass1[i] = tsent{ws: slices.Clone(s.ws), tags: slices.Clone(s.tags)}
			slices.Reverse(pass1[i].ws)
			slices.Reverse(pass1[i].tags)
		}
	}
	lin, raw, err := trainTagPass(ctx, pass1, nil, len(m.tags), opt)
	if err != nil {
		return nil, err
	}
	m.tagger, m.tagger2 = lin, nil
	if len(dev) > 0 {
		opt.Logf("tagger pass 1 dev UPOS %.2f%%", m.devUPOS(dev))
	}
	return raw, nil
}

func (m *Model) devUPOS(dev []Sentence) float64 {
	c, t := 0, 0
	sc := &scratch{}
	for _, s := range dev {
		ws := s.Words()
		forms := make([]string, len(ws))
		for i, w := range ws {
			forms[i] = w.Form
		}
		wi := makeWordInfos(forms, m.ix, nil)
		tags := m.tagWords(wi, nil, sc)
		for i, w := range ws {
			t++
			if m.upos[tags[i]] == w.UPOS {
				c++
			}
		}
	}
	return 100 * float64(c) / float64(t)
}

// trainTagPass trains one tagger pass; right holds first-pass tags for the
// second pass, nil for the first.
func trainTagPass(ctx context.Context, data []tsent, right [][]int, ntags int, opt TrainOptions) (*linear, []byte, error) {
	p, err := trainTagPerceptron(ctx, data, right, ntags, opt)
	if err != nil {
		return nil, nil, err
	}
	if opt.tagSweep != nil {
		opt.tagSweep(p)
	}
	return p.compile(opt.TaggerMinWeight)
}

func trainTagPerceptron(ctx context.Context, data []tsent, right [][]int, ntags int, opt TrainOptions) (*perceptron, error) {
	p := newPerceptron(ntags)
	rng := rand.New(rand.NewPCG(1, 2))
	scores := make([]float64, ntags)
	var keys []uint64
	freq := map[uint64]int{}
	for _, s := range data {
		for _, w := range s.ws {
			freq[w.lw]++
		}
	}
	drop := rand.New(rand.NewPCG(5, 6))
	var tmp []wordInfo
	if err := forEpochs(ctx, opt.TaggerEpochs, len(data), rng, func(ep int, order []int) error {
		correct, total := 0, 0
		for _, si := range order {
			s := &data[si]
			var r []int
			if right != nil {
				r = right[si]
			}
			p1, p2 := tagStart, tagStart
			for i := range s.ws {
				ws := s.ws
				if opt.wordDrop > 0 && freq[ws[i].lw] == 1 && drop.Float64() < opt.wordDrop {
					// Simulate an unknown word: its identity features get
					// values never seen again.
					tmp = append(tmp[:0], ws...)
					tmp[i].lw, tmp[i].form = drop.Uint64(), drop.Uint64()
					ws = tmp
				}
				keys = tagFeatures(ws, i, p1, p2, r, keys[:0])
				p.score(keys, scores)
				best := 0
				for c := 1; c < len(scores); c++ {
					if scores[c] > scores[best] {
						best = c
					}
				}
				gold := s.tags[i]
				if !p.learn(keys, gold, best) {
					correct++
				}
				total++
				p.tick()
				p2, p1 = p1, best
			}
		}
		opt.Logf("tagger epoch %d train acc %.2f%% features %d", ep+1, 100*float64(correct)/float64(total), len(p.feats))
		return nil
	}); err != nil {
		return nil, err
	}
	return p, nil
}

// taggerBytes serialises the tag set, ambiguity table, flags, tag
// dictionary and the two tagger passes.
func (m *Model) taggerBytes(pass1, pass2 []byte) []byte {
	var out bytes.Buffer
	writeStrings(&out, m.tags)
	writeHashTable(&out, m.amb)
	flags := byte(0)
	if m.rev1 {
		flags |= 1
	}
	if m.useLex {
		flags |= 2
	}
	if m.tagdict != nil {
		flags |= 4
	}
	if m.useClus {
		flags |= 8
	}
	out.WriteByte(flags)
	if m.tagdict != nil {
		writeHashTable(&out, m.tagdict)
	}
	out.Write(pass1)
	out.Write(pass2)
	return out.Bytes()
}

// projectivize lifts non-projective arcs until the tree is projective.
func projectivize(heads []int, n int) []int {
	h := slices.Clone(heads)
	isAnc := func(a, d int) bool { // a dominates d
		for d != 0 {
			d = h[d]
			if d == a {
				return true
			}
		}
		return a == 0
	}
	for iter := 0; iter < 4*n; iter++ {
		// find shortest non-projective arc
		best, bestLen := -1, 1<<30
		for d := 1; d <= n; d++ {
			a := h[d]
			lo, hi := min(a, d), max(a, d)
			for k := lo + 1; k < hi; k++ {
				if !isAnc(a, k) {
					if hi-lo < bestLen {
						best, bestLen = d, hi-lo
					}
					break
				}
			}
		}
		if best < 0 {
			break
		}
		h[best] = h[h[best]]
	}
	return h
}

// goldInfo holds what the dynamic oracle needs about the gold tree.
type goldInfo struct {
	heads  []int // projectivised, 0 = root
	labels []int
	deps   [][]int
}

// costs returns the costs of shift, left and right (unlabelled) and the
// gold label of s0 for arcs that would be correct.
func (g *goldInfo) costs(s *pstate) (cs, cl, cr int) {
	n := s.n
	var s0, s1 int
	if len(s.stack) > 0 {
		s0 = s.stack[len(s.stack)-1]
	}
	if len(s.stack) > 1 {
		s1 = s.stack[len(s.stack)-2]
	}
	b := s.b
	depsInBuf := func(x int) int {
		c := 0
		for _, d := range g.deps[x] {
			if d >= b {
				c++
			}
		}
		return c
	}
	if b <= n {
		// shift
		h := g.heads[b]
		if h != 0 && h != s0 && s.inStk[h] {
			cs++
		}
		if h == 0 && len(s.stack) > 0 {
			cs++
		}
		for _, d := range g.deps[b] {
			if s.inStk[d] {
				cs++
			}
		}
	}
	if s0 > 0 {
		// left: s0 <- b
		// A root head is reachable for s0 only while it is alone on the stack.
		h := g.heads[s0]
		if b <= n {
			if (s1 > 0 && h == s1) || h > b || (h == 0 && len(s.stack) == 1) {
				cl++
			}
		} else if h != 0 {
			cl++
		}
		cl += depsInBuf(s0)
		if s1 > 0 {
			// right: s1 -> s0
			if h >= b {
				cr++
			}
			cr += depsInBuf(s0)
		}
	}
	return
}

func (m *Model) trainParser(ctx context.Context, data []tsent, predTags [][]int, dev []Sentence, opt TrainOptions) ([]byte, error) {
	golds := make([]goldInfo, len(data))
	for i, s := range data {
		n := len(s.forms)
		h := projectivize(s.heads[:n+1], n)
		g := goldInfo{heads: h, labels: s.labels, deps: make([][]int, n+2)}
		for d := 1; d <= n; d++ {
			g.deps[h[d]] = append(g.deps[h[d]], d)
		}
		golds[i] = g
	}
	// The parsers are independent (each has its own random generators)
	// and their weights are averaged in a fixed order, so they train
	// concurrently without losing determinism.
	k := opt.Parsers
	members := make([]parserMember, k)
	errs := make([]error, k)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range k {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			mdev := dev
			if k > 1 {
				mdev = nil
			}
			members[i], errs[i] = m.trainParserMember(ctx, data, golds, predTags, uint64(i), mdev, opt)
			if errs[i] == nil && opt.RelabelEpochs >= 0 {
				members[i].rl, errs[i] = m.trainRelabeler(ctx, data, predTags, members[i].heads, uint64(i), opt)
			}
			if errs[i] == nil && opt.RelabelEpochs >= 0 && m.punctLab >= 0 {
				members[i].pu, errs[i] = m.trainPunct(ctx, data, predTags, members[i].punctHeads, uint64(i), opt)
			}
			opt.Logf("parser member %d trained", i)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	pick := func(f func(pm parserMember) *perceptron) []*perceptron {
		var out []*perceptron
		for _, pm := range members {
			out = append(out, f(pm))
		}
		return out
	}
	lin, b1, err := compileMerged(pick(func(pm parserMember) *perceptron { return pm.p }), opt.MinWeight)
	if err != nil {
		return nil, err
	}
	lab, b2, err := compileMerged(pick(func(pm parserMember) *perceptron { return pm.pl }), opt.MinWeight)
	if err != nil {
		return nil, err
	}
	m.parser, m.labeler = lin, lab
	var out bytes.Buffer
	writeStrings(&out, m.labels)
	out.Write(b1)
	out.Write(b2)
	if len(dev) > 0 {
		r := m.evalGold(dev)
		opt.Logf("parser dev: UAS %.2f LAS %.2f", r.UAS, r.LAS)
	}
	// The later passes, each appended to the file and reported on dev.
	for _, pass := range []struct {
		name string
		get  func(parserMember) *perceptron
		set  **linear
		skip bool
	}{
		{"relabeller", func(pm parserMember) *perceptron { return pm.rl }, &m.relabeler, opt.RelabelEpochs < 0},
		{"punctuation attacher", func(pm parserMember) *perceptron { return pm.pu }, &m.punct, opt.RelabelEpochs < 0 || m.punctLab < 0},
	} {
		if pass.skip {
			break
		}
		lin, b, err := compileMerged(pick(pass.get), opt.MinWeight)
		if err != nil {
			return nil, err
		}
		*pass.set = lin
		if len(dev) > 0 {
			r := m.evalGold(dev)
			opt.Logf("%s dev: UAS %.2f LAS %.2f", pass.name, r.UAS, r.LAS)
		}
		out.Write(b)
	}
	return out.Bytes(), nil
}

// parserMember is one trained parser: transition and label perceptrons,
// the relabeller, and the trees of its early epoch.
type parserMember struct {
	p, pl, rl, pu *perceptron
	heads         [][]int
	punctHeads    [][]int // trees of a later epoch, for the punctuation attacher
}

// compileMerged compiles the mean of the averaged perceptrons ps.
func compileMerged(ps []*perceptron, minWeight float64) (*linear, []byte, error) {
	if len(ps) == 1 {
		return ps[0].compile(minWeight)
	}
	acc := map[uint64][]centry{}
	for _, p := range ps {
		keys, rows := p.averaged()
		for i, k := range keys {
			row := acc[k]
			for _, e := range rows[i] {
				j := slices.IndexFunc(row, func(x centry) bool { return x.c == e.c })
				if j < 0 {
					row = append(row, centry{c: e.c})
					j = len(row) - 1
				}
				row[j].w += e.w / float64(len(ps))
			}
			acc[k] = row
		}
	}
	keys := make([]uint64, 0, len(acc))
	for k := range acc {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	rows := make([][]centry, len(keys))
	for i, k := range keys {
		rows[i] = acc[k]
		slices.SortFunc(rows[i], func(a, b centry) int { return a.c - b.c })
	}
	var buf bytes.Buffer
	if err := writeLinear(&buf, ps[0].nclass, keys, rows, minWeight); err != nil {
		return nil, nil, err
	}
	b := buf.Bytes()
	lin, err := readLinear(bufio.NewReader(bytes.NewReader(b)))
	if err != nil {
		return nil, nil, err
	}
	return lin, b, nil
}

// trainParserMember trains one parser with random generators seeded by
// seed (0 for a single parser).
func (m *Model) trainParserMember(ctx context.Context, data []tsent, golds []goldInfo, predTags [][]int, seed uint64, dev []Sentence, opt TrainOptions) (parserMember, error) {
	nlab := len(m.labels)
	p := newPerceptron(numActs)
	pl := newPerceptron(nlab)
	rng := rand.New(rand.NewPCG(3+seed*1000003, 4))
	scores := make([]float64, numActs)
	lscores := make([]float64, nlab)
	var keys, lkeys []uint64
	st := &pstate{}
	in := &pinput{}
	// The trees of one early epoch, parsed before the model has seen each
	// sentence more than once, train the relabeller: they have errors like
	// those on unseen text, unlike the trees of the final model.
	predHeads := make([][]int, len(data))
	punctHeads := make([][]int, len(data))
	if err := forEpochs(ctx, opt.ParserEpochs, len(data), rng, func(ep int, order []int) error {
		errs, total, lerrs, ltotal := 0, 0, 0, 0
		for _, si := range order {
			s := &data[si]
			g := &golds[si]
			n := len(s.forms)
			st.reset(n)
			in.fill(s.ws, predTags[si], m.uposID)
			for !st.terminal() {
				keys = parseFeatures(st, in, keys[:0])
				p.score(keys, scores)
				pred := bestAction(st, scores)
				cs, cl, cr := g.costs(st)
				costs := [numActs]int{cs, cl, cr}
				valid := [numActs]bool{}
				valid[actShift], valid[actLeft], valid[actRight] = st.valid()
				best := -1
				for a := range numActs {
					if valid[a] && (best < 0 || costs[a] < costs[best] || (costs[a] == costs[best] && scores[a] > scores[best])) {
						best = a
					}
				}
				total++
				next := best
				if costs[pred] > costs[best] {
					errs++
					p.update(keys, best, 1)
					p.update(keys, pred, -1)
					if ep > 0 && rng.Float64() < 0.9 {
						next = pred
					}
				}
				p.tick()
				lab := -1
				if next != actShift {
					h, d := st.arc(next)
					gh := h
					if h == n+1 {
						gh = 0
					}
					if h == n+1 {
						lab = m.rootLab
					} else {
						lkeys = labelFeatures(st, in, next, h, d, lkeys[:0])
						pl.score(lkeys, lscores)
						lp := -1
						for l, v := range lscores {
							if l != m.rootLab && (lp < 0 || v > lscores[lp]) {
								lp = l
							}
						}
						lab = lp
						if g.heads[d] == gh {
							gold := g.labels[d]
							ltotal++
							if pl.learn(lkeys, gold, lp) {
								lerrs++
							}
							pl.tick()
							lab = gold
						}
					}
				}
				st.apply(next, lab)
			}
			if ep == opt.treeEpoch {
				h := slices.Clone(st.heads[:n+1])
				h[0] = 0
				predHeads[si] = h
			}
			if ep == min(punctTreeEpoch, opt.ParserEpochs-1) {
				h := slices.Clone(st.heads[:n+1])
				h[0] = 0
				punctHeads[si] = h
			}
		}
		opt.Logf("parser %d epoch %d train action errors %.2f%% label errors %.2f%% features %d+%d", seed, ep+1,
			100*float64(errs)/float64(total), 100*float64(lerrs)/float64(max(ltotal, 1)), len(p.feats), len(pl.feats))
		if len(dev) > 0 && (ep+1)%5 == 0 && ep+1 < opt.ParserEpochs {
			lin, _, err := p.compile(opt.MinWeight)
			if err != nil {
				return err
			}
			lab, _, err := pl.compile(opt.MinWeight)
			if err != nil {
				return err
			}
			m.parser, m.labeler, m.relabeler = lin, lab, nil
			r := m.evalGold(dev)
			opt.Logf("parser dev after epoch %d: UAS %.2f LAS %.2f", ep+1, r.UAS, r.LAS)
		}
		return nil
	}); err != nil {
		return parserMember{}, err
	}
	return parserMember{p: p, pl: pl, heads: predHeads, punctHeads: punctHeads}, nil
}

// trainRelabeler trains a relabeller on the trees predHeads that the parser
// built for data in training (the gold tree where one is missing), with the
// jackknifed tags predTags.
func (m *Model) trainRelabeler(ctx context.Context, data []tsent, predTags, predHeads [][]int, seed uint64, opt TrainOptions) (*perceptron, error) {
	p := newPerceptron(len(m.labels))
	rng := rand.New(rand.NewPCG(7+seed*1000003, 8))
	scores := make([]float64, len(m.labels))
	var keys []uint64
	in := &pinput{}
	t := &rtree{}
	var labels []int
	if err := forEpochs(ctx, opt.RelabelEpochs, len(data), rng, func(ep int, order []int) error {
		errs, total := 0, 0
		for _, si := range order {
			s := &data[si]
			in.fill(s.ws, predTags[si], m.uposID)
			heads := s.heads
			if predHeads[si] != nil {
				heads = predHeads[si]
			}
			t.build(heads, len(s.forms))
			labels = append(labels[:0], s.labels...)
			m.walkTree(t, labels, in, &keys, nil, func(keys []uint64, gold, d int) int {
				p.score(keys, scores)
				best := -1
				for l, v := range scores {
					if l != m.rootLab && (best < 0 || v > scores[best]) {
						best = l
					}
				}
				if heads[d] != s.heads[d] {
					return best // only arcs with the right head are scored
				}
				total++
				if p.learn(keys, gold, best) {
					errs++
				}
				p.tick()
				return best
			})
		}
		opt.Logf("relabeller %d epoch %d train errors %.2f%% features %d", seed, ep+1, 100*float64(errs)/float64(max(total, 1)), len(p.feats))
		return nil
	}); err != nil {
		return nil, err
	}
	return p, nil
}

// trainPunct trains the punctuation attacher on the trees predHeads that
// the parser built for data in training, with the jackknifed tags
// predTags and the gold relations.
func (m *Model) trainPunct(ctx context.Context, data []tsent, predTags, predHeads [][]int, seed uint64, opt TrainOptions) (*perceptron, error) {
	p := newPerceptron(1)
	rng := rand.New(rand.NewPCG(9+seed*1000003, 10))
	in := &pinput{}
	var cands []punctCand
	var keys []uint64
	var span []int32
	var feats [][]uint64
	score := make([]float64, 1)
	if err := forEpochs(ctx, opt.RelabelEpochs, len(data), rng, func(ep int, order []int) error {
		errs, total := 0, 0
		for _, si := range order {
			s := &data[si]
			heads := predHeads[si]
			if heads == nil {
				continue
			}
			n := len(s.forms)
			in.fill(s.ws, predTags[si], m.uposID)
			span = subtreeSpans(heads, n, span)
			kids := make([]int, n+2)
			for d := 1; d <= n; d++ {
				kids[heads[d]]++
			}
			for q := 1; q <= n; q++ {
				if s.labels[q] != m.punctLab || kids[q] != 0 {
					continue
				}
				cands = punctCandidates(heads, n, q, cands)
				gold := -1
				for i, c := range cands {
					if c.h == s.heads[q] {
						gold = i
					}
				}
				if gold < 0 || len(cands) < 2 {
					continue
				}
				feats = feats[:0]
				best, bestV := -1, 0.0
				for i, c := range cands {
					keys = punctFeatures(in, heads, s.labels, span, n, q, c, cands, heads[q], keys[:0])
					feats = append(feats, append([]uint64(nil), keys...))
					p.score(keys, score)
					if best < 0 || score[0] > bestV {
						best, bestV = i, score[0]
					}
				}
				total++
				if best != gold {
					errs++
					p.update(feats[gold], 0, 1)
					p.update(feats[best], 0, -1)
				}
				p.tick()
			}
		}
		opt.Logf("punctuation attacher %d epoch %d train errors %.2f%% features %d", seed, ep+1, 100*float64(errs)/float64(max(total, 1)), len(p.feats))
		return nil
	}); err != nil {
		return nil, err
	}
	return p, nil
}

// evalGold scores the model on gold-tokenised sentences (lemmatiser not
// needed: lemma scores are skipped when m.lemma is nil).
func (m *Model) evalGold(sents []Sentence) Scores {
	var sc Scores
	for _, s := range sents {
		gold := s.Words()
		forms := make([]string, len(gold))
		for i, w := range gold {
			forms[i] = w.Form
		}
		pred := m.parseNoLemma(forms)
		sc.addAligned(gold, pred)
	}
	return sc.finish()
}

func (m *Model) parseNoLemma(forms []string) []Word {
	if m.lemma != nil {
		return m.ParseForms(forms)
	}
	lz := &lemmatizer{}
	m.lemma = lz
	defer func() { m.lemma = nil }()
	return m.ParseForms(forms)
}

// baseRel is the universal part of a relation ("nmod:poss" → "nmod").
func baseRel(r string) string {
	b, _, _ := strings.Cut(r, ":")
	return b
}
