package ingest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// feedServer serves the fixture feeds and pages of testdata/feeds on a
// local address, with HOST in the feeds replaced by the server's address.
func feedServer(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	mux := http.NewServeMux()
	serve := func(name, ctype string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			data, err := os.ReadFile(filepath.Join("testdata", "feeds", name))
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			w.Header().Set("Content-Type", ctype)
			w.Write([]byte(strings.ReplaceAll(string(data), "http://HOST", srv.URL)))
		}
	}
	mux.HandleFunc("/rss.xml", serve("rss.xml", "application/rss+xml"))
	mux.HandleFunc("/atom.xml", serve("atom.xml", "application/atom+xml"))
	mux.HandleFunc("/news/market-shelling.html", serve("market-shelling.html", "text/html; charset=utf-8"))
	mux.HandleFunc("/news/protest.html", serve("protest.html", "text/html"))
	mux.HandleFunc("/plain.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("Two soldiers were killed in a roadside bomb blast near Gao on Friday, the army said."))
	})
	mux.HandleFunc("/image.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG...."))
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFeedRSS(t *testing.T) {
	srv := feedServer(t)
	f := NewFetcher(srv.Client())
	var got []string
	var errs []string
	for a, err := range f.Feed(context.Background(), srv.URL+"/rss.xml", Options{}) {
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if a.ID == "" || a.Text == "" || a.URL == "" {
			t.Errorf("article %+v: want id, text and url", a)
		}
		got = append(got, a.Title+" | "+a.Published+" | "+a.Source)
		if strings.Contains(a.Text, "Copyright") || strings.Contains(a.Text, "Home | World") {
			t.Errorf("%s: page clutter kept in the text: %q", a.Title, a.Text)
		}
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	host = host[:strings.IndexByte(host, ':')]
	want := []string{
		"Shelling hits market in northern town | 2024-03-04T09:30:00Z | " + host,
		"Protest in the capital | 2024-03-05T18:00:00Z | " + host,
		"Item whose page is gone | 2024-03-06T07:00:00Z | " + host,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("articles:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "404") {
		t.Errorf("errors = %q, want one 404 for the broken item", errs)
	}
}

func TestFeedAtomAndPages(t *testing.T) {
	srv := feedServer(t)
	f := NewFetcher(srv.Client())
	n := 0
	for a, err := range f.Feed(context.Background(), srv.URL+"/atom.xml", Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if a.URL != srv.URL+"/news/protest.html" || !strings.Contains(a.Text, "Khartoum") {
			t.Errorf("atom item = %+v, want the protest page", a)
		}
	}
	if n != 1 {
		t.Errorf("atom items = %d, want 1", n)
	}
	a, err := f.Page(context.Background(), srv.URL+"/plain.txt", Options{})
	if err != nil || !strings.Contains(a.Text, "roadside bomb") || a.ID != URLID(srv.URL+"/plain.txt") {
		t.Errorf("plain page = %+v, %v", a, err)
	}
	if _, err := f.Page(context.Background(), srv.URL+"/image.png", Options{}); err == nil {
		t.Error("image page: no error")
	}
	for _, err := range f.Feed(context.Background(), srv.URL+"/news/protest.html", Options{}) {
		if err == nil {
			t.Error("an HTML page read as a feed: no error")
		}
	}
}

func TestParseFeedErrors(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"not xml", "hello"},
		{"other root", "<html><body/></html>"},
	}
	for _, tc := range tests {
		if _, err := ParseFeed([]byte(tc.doc), ""); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func FuzzParseFeed(f *testing.F) {
	for _, name := range []string{"rss.xml", "atom.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata", "feeds", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("<rss><channel><item><link>::bad</link></item></channel></rss>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := ParseFeed(data, "http://example.org/feed")
		if err != nil && items != nil {
			t.Errorf("error %v with items", err)
		}
	})
}
