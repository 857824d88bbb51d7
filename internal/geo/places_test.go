package geo

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep/sitrep/internal/text"
)

var (
	testGazOnce sync.Once
	testGaz     *Gazetteer
	testGazErr  error
)

func gazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	testGazOnce.Do(func() { testGaz, testGazErr = Load() })
	if testGazErr != nil {
		t.Fatalf("Load: %v", testGazErr)
	}
	return testGaz
}

type wantPlace struct {
	text     string
	lat, lon float64
}

type testArticle struct {
	name      string
	sentences []string
	want      [][]wantPlace
}

// readPlaceSet reads testdata/places.txt.
func readPlaceSet(t *testing.T, path string) []testArticle {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []testArticle
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "# ") && len(strings.Fields(l)) == 2:
			arts = append(arts, testArticle{name: strings.TrimPrefix(l, "# ")})
			continue
		case strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "":
			continue
		}
		sent, ms, ok := strings.Cut(l, "||")
		if !ok || len(arts) == 0 {
			t.Fatalf("bad line %q", l)
		}
		a := &arts[len(arts)-1]
		a.sentences = append(a.sentences, strings.TrimSpace(sent))
		var ws []wantPlace
		for _, m := range strings.Split(ms, ";") {
			name, ll, ok := strings.Cut(m, "@")
			la, lo, ok2 := strings.Cut(ll, ",")
			lat, err1 := strconv.ParseFloat(strings.TrimSpace(la), 64)
			lon, err2 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
			if !ok || !ok2 || err1 != nil || err2 != nil {
				t.Fatalf("bad mention %q in %q", m, l)
			}
			ws = append(ws, wantPlace{strings.TrimSpace(name), lat, lon})
		}
		a.want = append(a.want, ws)
	}
	return arts
}

// TestPlaceSet: at least 95% of the place mentions of our own test set
// resolve within 10 km of the expected point.
func TestPlaceSet(t *testing.T) {
	total, rate := placeSetRate(t, "testdata/places.txt")
	if total < 200 {
		t.Errorf("place set has %d mentions, want at least 200", total)
	}
	if rate < 0.95 {
		t.Errorf("got %.1f%% within 10 km, want at least 95%%", 100*rate)
	}
}

// TestPlaceSetHeldOut runs the set written after the data was frozen; its
// rate is the honest estimate for new text.
func TestPlaceSetHeldOut(t *testing.T) {
	_, rate := placeSetRate(t, "testdata/places_heldout.txt")
	if rate < 0.80 {
		t.Errorf("got %.1f%% within 10 km, want at least 80%%", 100*rate)
	}
}

func placeSetRate(t *testing.T, path string) (int, float64) {
	g := gazetteer(t)
	arts := readPlaceSet(t, path)
	total, hit := 0, 0
	for _, a := range arts {
		doc := text.Parse(strings.Join(a.sentences, " "))
		rs := g.Resolve(doc, g.Mentions(doc))
		// Sentence start offsets of the joined text.
		starts := make([]int, len(a.sentences))
		off := 0
		for i, s := range a.sentences {
			starts[i] = off
			off += len([]rune(s)) + 1
		}
		for si, ws := range a.want {
			end := off
			if si+1 < len(starts) {
				end = starts[si+1]
			}
			for _, w := range ws {
				total++
				var got *Resolved
				for i := range rs {
					if rs[i].Span.Text == w.text && rs[i].Span.Start >= starts[si] && rs[i].Span.End <= end {
						got = &rs[i]
						break
					}
				}
				if got == nil {
					t.Logf("%s: %q not found in %q", a.name, w.text, a.sentences[si])
					continue
				}
				d := Distance(got.Place.Lat, got.Place.Lon, w.lat, w.lon)
				if d > 10 {
					t.Logf("%s: %q resolved to %s (%s, %s) %.2f,%.2f, %.0f km from %.2f,%.2f",
						a.name, w.text, got.Place.Name, got.Place.Admin1, got.Place.Country, got.Place.Lat, got.Place.Lon, d, w.lat, w.lon)
					continue
				}
				hit++
			}
		}
	}
	rate := float64(hit) / float64(total)
	t.Logf("%s: %d/%d within 10 km (%.1f%%)", path, hit, total, 100*rate)
	return total, rate
}
