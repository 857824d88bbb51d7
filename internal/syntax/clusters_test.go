package syntax

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// toyCorpus yields sentences of a small grammar: determiners, nouns,
// verbs and adjectives in fixed slots, words chosen at random.
func toyCorpus(n int) ClusterSource {
	det := []string{"the", "a", "every", "this"}
	noun := []string{"cat", "dog", "horse", "cow", "bird", "fox", "goat", "mouse"}
	verb := []string{"sees", "likes", "chases", "bites", "follows", "hears"}
	adj := []string{"big", "small", "old", "young", "brown", "quiet"}
	return func(yield func([]string)) error {
		r := rand.New(rand.NewPCG(1, 2))
		pick := func(ws []string) string { return ws[r.IntN(len(ws))] }
		for range n {
			s := []string{pick(det), pick(noun), pick(verb), pick(det)}
			if r.IntN(2) == 0 {
				s = append(s, pick(adj))
			}
			s = append(s, pick(noun), ".")
			yield(s)
		}
		return nil
	}
}

func TestBuildClustersGroupsWordsByContext(t *testing.T) {
	var b bytes.Buffer
	if err := BuildClusters(context.Background(), toyCorpus(3000), &b, ClusterOptions{Coarse: 12, Fine: 16}); err != nil {
		t.Fatal(err)
	}
	cl, err := readClusters(&b)
	if err != nil {
		t.Fatal(err)
	}
	class := func(w string) uint64 {
		_, f := cl.get(strHash(w))
		if f == 0 {
			t.Fatalf("%q has no class", w)
		}
		return f
	}
	// The exchange algorithm gives each of the most frequent words its own
	// class to start with and never merges two of them, so a category may
	// keep several classes; but words of different categories must never
	// share one.
	groups := [][]string{
		{"the", "a", "every", "this"},
		{"cat", "dog", "horse", "cow", "bird", "fox", "goat", "mouse"},
		{"sees", "likes", "chases", "bites", "follows", "hears"},
		{"big", "small", "old", "young", "brown", "quiet"},
		{"."},
	}
	owner := map[uint64]int{}
	for gi, g := range groups {
		for _, w := range g {
			c := class(w)
			if o, ok := owner[c]; ok && o != gi {
				t.Errorf("%q shares class %d with the words of %q", w, c, groups[o][0])
			}
			owner[c] = gi
		}
	}
	if _, f := cl.get(strHash("unseen")); f != 0 {
		t.Errorf("an unseen word has class %d", f)
	}
}

func TestBuildClustersIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	for _, buf := range []*bytes.Buffer{&a, &b} {
		if err := BuildClusters(context.Background(), toyCorpus(500), buf, ClusterOptions{Coarse: 3, Fine: 5}); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two builds from the same corpus differ")
	}
}

func TestBuildClustersRefuses(t *testing.T) {
	empty := func(yield func([]string)) error { return nil }
	for name, tc := range map[string]struct {
		src ClusterSource
		opt ClusterOptions
	}{
		"empty corpus":    {empty, ClusterOptions{}},
		"one class":       {toyCorpus(10), ClusterOptions{Coarse: 1}},
		"boundary only":   {toyCorpus(10), ClusterOptions{Fine: 2}},
		"too many":        {toyCorpus(10), ClusterOptions{Fine: 1 << 16}},
		"negative counts": {toyCorpus(10), ClusterOptions{Coarse: -3}},
	} {
		if err := BuildClusters(context.Background(), tc.src, &bytes.Buffer{}, tc.opt); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestReadClustersRefusesBadFiles(t *testing.T) {
	var good bytes.Buffer
	if err := BuildClusters(context.Background(), toyCorpus(200), &good, ClusterOptions{Coarse: 3, Fine: 4}); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"empty":     nil,
		"no magic":  []byte("hello"),
		"truncated": good.Bytes()[:len(good.Bytes())-9],
		"not gzip":  append([]byte(clusterMagic), "plain"...),
	} {
		if _, err := readClusters(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func FuzzReadClusters(f *testing.F) {
	var good bytes.Buffer
	if err := BuildClusters(context.Background(), toyCorpus(100), &good, ClusterOptions{Coarse: 3, Fine: 4}); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	f.Add([]byte(clusterMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		cl, err := readClusters(bytes.NewReader(b))
		if err != nil {
			return
		}
		for h := range cl {
			if c, f := cl.get(h); c == 0 || f == 0 {
				t.Fatalf("word %x read with class 0 (%d, %d)", h, c, f)
			}
		}
	})
}

func TestClusterFilesReadsEachKind(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.txt":     "Rebels shelled the town. Residents fled.",
		"b.conllu":  "1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tadvanced\tadvance\tVERB\tVBD\t_\t0\troot\t_\t_\n\n",
		"data.noun": "  1 This software and database is licensed\n00001740 03 n 01 entity 0 000 | that which is perceived; \"an entity exists\"\n",
		"skip.json": `{"text": "never read"}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := ClusterFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := src(func(forms []string) { got = append(got, strings.Join(forms, " ")) }); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Rebels shelled the town .", "Residents fled .",
		"Troops advanced",
		"that which is perceived", "an entity exists",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences\n got %q\nwant %q", got, want)
	}
	if _, err := ClusterFiles([]string{filepath.Join(dir, "skip.json")}); err == nil {
		t.Error("a source with no readable files gave no error")
	}
	if _, err := ClusterFiles([]string{filepath.Join(dir, "missing")}); err == nil {
		t.Error("a missing source gave no error")
	}
}
