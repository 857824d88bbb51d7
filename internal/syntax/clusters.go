package syntax

// Word clusters are classes of words that occur in similar contexts,
// learned from unlabelled text. They give the parser (its transitions, its
// labeller and relabeller) a back-off for words the treebank has seen
// seldom or never: "baghdad" shares a class with "washington" and
// "paris", "killed" with "established" and "founded", "soldiers" with
// "workers" and "farmers". (The tagger does not read them: with cluster
// features it tagged EWT dev no better, 95.52 % against 95.51 %, and more
// slowly.)
//
// They are learned by the exchange algorithm (Kneser and Ney 1993; Martin,
// Liermann and Ney 1998): every word starts in some class, and words are
// moved one at a time to the class that most raises the likelihood of a
// class bigram model of the text, until few words move. The likelihood is,
// up to constants, Σ f(N(a,b)) − 2 Σ f(N(a)) with f(x) = x log x, N(a,b)
// the count of class a followed by class b and N(a) the count of class a.
// Two clusterings of different sizes are kept: a coarse one and a fine one.

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// clusterCorpus holds the counts the exchange algorithm needs: the words
// kept (id 0 is the sentence boundary, id 1 every rarer word), their counts,
// and, per word, its left and right neighbours with counts.
type clusterCorpus struct {
	words  []string
	ids    map[string]int32
	count  []int64
	pairs  map[uint64]int64 // (left id << 32 | right id) -> count, until finish
	left   [][]wcount       // left[w]: words before w
	right  [][]wcount       // right[w]: words after w
	tokens int64
}

type wcount struct {
	w int32
	n int64
}

const (
	clusterBoundary = 0
	clusterRare     = 1
)

// clusterCounter counts the normalised forms of a corpus and their
// bigrams in one pass, under provisional ids (0 is the sentence boundary).
type clusterCounter struct {
	ids    map[string]int32
	words  []string
	freq   []int64
	pairs  map[uint64]int64 // (left id << 32 | right id) -> count
	tokens int64
}

func newClusterCounter() *clusterCounter {
	return &clusterCounter{ids: map[string]int32{}, words: []string{"<s>"}, freq: []int64{0}, pairs: map[uint64]int64{}}
}

// addSentence counts the words and bigrams of one sentence, with the
// boundary before and after it.
func (c *clusterCounter) addSentence(forms []string) {
	prev := int32(clusterBoundary)
	for _, f := range forms {
		w := normWord(f)
		id, ok := c.ids[w]
		if !ok {
			id = int32(len(c.words))
			c.ids[w] = id
			c.words = append(c.words, w)
			c.freq = append(c.freq, 0)
		}
		c.freq[id]++
		c.pairs[uint64(prev)<<32|uint64(id)]++
		prev = id
	}
	c.freq[clusterBoundary]++
	c.pairs[uint64(prev)<<32|clusterBoundary]++
	c.tokens += int64(len(forms))
}

// corpus keeps the words seen at least minCount times, most frequent first
// (ids from 2), folds the rarer ones into the rare pseudo-word (id 1), and
// builds the neighbour lists.
func (c *clusterCounter) corpus(minCount int64) *clusterCorpus {
	var kept []int32
	for id := 1; id < len(c.words); id++ {
		if c.freq[id] >= minCount {
			kept = append(kept, int32(id))
		}
	}
	slices.SortFunc(kept, func(a, b int32) int {
		if d := cmp.Compare(c.freq[b], c.freq[a]); d != 0 {
			return d
		}
		return cmp.Compare(c.words[a], c.words[b])
	})
	final := make([]int32, len(c.words)) // provisional id -> id; 0 stays the boundary
	for id := 1; id < len(c.words); id++ {
		final[id] = clusterRare
	}
	cc := &clusterCorpus{words: []string{"<s>", "<rare>"}, ids: map[string]int32{}, pairs: map[uint64]int64{}, tokens: c.tokens}
	for i, id := range kept {
		final[id] = int32(i + 2)
		cc.words = append(cc.words, c.words[id])
		cc.ids[c.words[id]] = int32(i + 2) // the pseudo-words are not looked up
	}
	cc.count = make([]int64, len(cc.words))
	for id, n := range c.freq {
		cc.count[final[id]] += n
	}
	for k, n := range c.pairs {
		cc.pairs[uint64(final[k>>32])<<32|uint64(final[uint32(k)])] += n
	}
	cc.finish()
	return cc
}

// finish turns the bigram counts into neighbour lists.
func (cc *clusterCorpus) finish() {
	cc.left = make([][]wcount, len(cc.words))
	cc.right = make([][]wcount, len(cc.words))
	keys := make([]uint64, 0, len(cc.pairs))
	for k := range cc.pairs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		a, b, n := int32(k>>32), int32(uint32(k)), cc.pairs[k]
		cc.right[a] = append(cc.right[a], wcount{b, n})
		cc.left[b] = append(cc.left[b], wcount{a, n})
	}
	cc.pairs = nil
}

// xlogx is f(x) = x log x with a table for small counts.
type xlogx struct{ t []float64 }

func newXlogx(n int) xlogx {
	t := make([]float64, n)
	for i := 1; i < n; i++ {
		t[i] = float64(i) * math.Log(float64(i))
	}
	return xlogx{t}
}

func (f xlogx) at(x int64) float64 {
	if x < int64(len(f.t)) {
		return f.t[x]
	}
	return float64(x) * math.Log(float64(x))
}

// exchange clusters the words of cc into k classes, class 0 being the
// sentence boundary's alone (so k-1 classes of words); it returns the class
// of every word. Deterministic: words are visited in order of frequency and
// ties go to the lower class.
func (cc *clusterCorpus) exchange(ctx context.Context, k, maxIter int, logf func(string, ...any)) ([]int32, error) {
	nw := len(cc.words)
	cls := make([]int32, nw)
	// Start: the boundary, the rare pseudo-word and the k-3 most frequent
	// words alone in their classes, the rest in the last class (Martin et
	// al.'s initialisation).
	for w := range cls {
		cls[w] = int32(min(w, k-1))
	}
	n := make([]int64, k*k)  // n[a*k+b]: class a followed by class b
	nt := make([]int64, k*k) // transpose: nt[b*k+a] = n[a*k+b]
	nc := make([]int64, k)
	for a := range nw {
		nc[cls[a]] += cc.count[a]
		for _, r := range cc.right[a] {
			n[int(cls[a])*k+int(cls[r.w])] += r.n
			nt[int(cls[r.w])*k+int(cls[a])] += r.n
		}
	}
	f := newXlogx(1 << 20)
	lc := make([]int64, k) // counts of w's left neighbours by class
	rc := make([]int64, k)
	var lt, rt []int32 // classes touched in lc, rc
	for it := 0; it < maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		moved := 0
		// The boundary keeps its own class; it is not a word.
		for w := 1; w < nw; w++ {
			c := int(cls[w])
			var self int64
			lt, rt = lt[:0], rt[:0]
			for _, l := range cc.left[w] {
				if l.w == int32(w) {
					self = l.n
					continue
				}
				d := cls[l.w]
				if lc[d] == 0 {
					lt = append(lt, d)
				}
				lc[d] += l.n
			}
			for _, r := range cc.right[w] {
				if r.w == int32(w) {
					continue
				}
				d := cls[r.w]
				if rc[d] == 0 {
					rt = append(rt, d)
				}
				rc[d] += r.n
			}
			move := func(c int, sign int64) {
				for _, d := range lt {
					n[int(d)*k+c] += sign * lc[d]
					nt[c*k+int(d)] += sign * lc[d]
				}
				for _, d := range rt {
					n[c*k+int(d)] += sign * rc[d]
					nt[int(d)*k+c] += sign * rc[d]
				}
				n[c*k+c] += sign * self
				nt[c*k+c] += sign * self
				nc[c] += sign * cc.count[w]
			}
			move(c, -1)
			best, bestGain := c, math.Inf(-1)
			for t := 0; t < k; t++ {
				if t == clusterBoundary && w != clusterBoundary {
					continue
				}
				col := nt[t*k : t*k+k] // col[d] = n[d][t]
				row := n[t*k : t*k+k]
				var g float64
				for _, d := range lt {
					if int(d) != t {
						x := col[d]
						g += f.at(x+lc[d]) - f.at(x)
					}
				}
				for _, d := range rt {
					if int(d) != t {
						x := row[d]
						g += f.at(x+rc[d]) - f.at(x)
					}
				}
				x := row[t]
				g += f.at(x+lc[t]+rc[t]+self) - f.at(x)
				g -= 2 * (f.at(nc[t]+cc.count[w]) - f.at(nc[t]))
				if g > bestGain+1e-9 {
					best, bestGain = t, g
				}
			}
			move(best, 1)
			if best != c {
				cls[w] = int32(best)
				moved++
			}
			for _, d := range lt {
				lc[d] = 0
			}
			for _, d := range rt {
				rc[d] = 0
			}
		}
		logf("clusters %d: iteration %d moved %d of %d words (log-likelihood %.6g)", k, it+1, moved, nw, cc.objective(n, nc, f))
		if moved*1000 < nw {
			break
		}
	}
	return cls, nil
}

func (cc *clusterCorpus) objective(n, nc []int64, f xlogx) float64 {
	var s float64
	for _, x := range n {
		s += f.at(x)
	}
	for _, x := range nc {
		s -= 2 * f.at(x)
	}
	return s
}

// Cluster file: "sitrep-clusters 1\n", then gzip of a hash table from the
// hash of a normalised word to coarse<<16 | fine, both classes counted
// from 1 (0 is "no class").
const (
	clusterFile  = "clusters.gz"
	clusterMagic = "sitrep-clusters 1\n"
)

// wordClusters maps a word hash to its coarse and fine class.
type wordClusters map[uint64]uint32

func (w wordClusters) get(h uint64) (coarse, fine uint64) {
	v, ok := w[h]
	if !ok {
		return 0, 0
	}
	return uint64(v >> 16), uint64(v & 0xffff)
}

// ClusterOptions control BuildClusters; the zero value gives the shipped
// clusters.
type ClusterOptions struct {
	Coarse, Fine int   // class counts, the sentence boundary's included; default 64 and 512
	MinCount     int64 // words seen fewer times get no class; default 3
	MaxIter      int   // default 20
	Logf         func(string, ...any)
}

// ClusterSource yields the sentences (as word forms) of a corpus.
type ClusterSource func(yield func(forms []string)) error

// BuildClusters learns the two clusterings from the sentences of src and
// writes the cluster file to w.
func BuildClusters(ctx context.Context, src ClusterSource, w io.Writer, opt ClusterOptions) error {
	if opt.Coarse == 0 {
		opt.Coarse = 64
	}
	if opt.Fine == 0 {
		opt.Fine = 512
	}
	if opt.MinCount == 0 {
		opt.MinCount = 3
	}
	if opt.MaxIter == 0 {
		opt.MaxIter = 20
	}
	if opt.Logf == nil {
		opt.Logf = func(string, ...any) {}
	}
	if opt.Coarse < 3 || opt.Fine < 3 || opt.Coarse > 0xffff || opt.Fine > 0xffff {
		return fmt.Errorf("clusters: class counts must be 3..65535 (coarse %d, fine %d)", opt.Coarse, opt.Fine)
	}
	cnt := newClusterCounter()
	if err := src(cnt.addSentence); err != nil {
		return err
	}
	cc := cnt.corpus(opt.MinCount)
	if cc.tokens == 0 {
		return errors.New("clusters: the corpus has no words")
	}
	opt.Logf("clusters: %d tokens, %d words seen at least %d times", cc.tokens, len(cc.words)-2, opt.MinCount)
	coarse, err := cc.exchange(ctx, opt.Coarse, opt.MaxIter, opt.Logf)
	if err != nil {
		return err
	}
	fine, err := cc.exchange(ctx, opt.Fine, opt.MaxIter, opt.Logf)
	if err != nil {
		return err
	}
	for _, probe := range []string{"baghdad", "killed", "monday", "soldiers", "quickly", "militants"} {
		id, ok := cc.ids[probe]
		if !ok {
			continue
		}
		var same []string
		for i := 2; i < len(cc.words) && len(same) < 12; i++ {
			if fine[i] == fine[id] {
				same = append(same, cc.words[i])
			}
		}
		opt.Logf("clusters: %q is in fine class %d with %v", probe, fine[id], same)
	}
	t := map[uint64]uint64{}
	for i := 2; i < len(cc.words); i++ {
		t[strHash(cc.words[i])] = uint64(coarse[i]+1)<<16 | uint64(fine[i]+1)
	}
	var buf bytes.Buffer
	writeHashTable(&buf, t)
	var z bytes.Buffer
	z.WriteString(clusterMagic)
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	zw.Write(buf.Bytes())
	if err := zw.Close(); err != nil {
		return err
	}
	_, err = w.Write(z.Bytes())
	return err
}

// readClusters reads a cluster file.
func readClusters(r io.Reader) (wordClusters, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(clusterMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != clusterMagic {
		return nil, errors.New("not a sitrep cluster file")
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("cluster file: %w", err)
	}
	zb := bufio.NewReader(zr)
	t, err := readHashTable[uint64](zb, 1<<20, 0xffffffff)
	if err != nil {
		return nil, fmt.Errorf("cluster file: %w", err)
	}
	// The rest must be empty and the gzip checksum right.
	if n, err := io.Copy(io.Discard, zb); err != nil {
		return nil, fmt.Errorf("cluster file: %w", err)
	} else if n != 0 {
		return nil, errors.New("cluster file: trailing data")
	}
	out := make(wordClusters, len(t))
	for k, v := range t {
		if v>>16 == 0 || v&0xffff == 0 {
			return nil, errors.New("cluster file: a word with class 0")
		}
		out[k] = uint32(v)
	}
	return out, nil
}
