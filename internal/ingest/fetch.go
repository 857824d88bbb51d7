package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/model"
)

// Fetcher reads articles from the web: single pages (Page) and RSS/Atom
// feeds whose item links it follows (Feed). It is the only part of ingest
// that touches the network, and only when asked to.
type Fetcher struct {
	client    *http.Client
	userAgent string
	maxBytes  int64
}

// MaxPageBytes is the largest page or feed a Fetcher reads.
const MaxPageBytes = 16 << 20

// NewFetcher returns a Fetcher that uses client (a client with a 30 s
// timeout when nil).
func NewFetcher(client *http.Client) *Fetcher {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	return &Fetcher{client: client, userAgent: "sitrep/1 (+conflict news analysis)", maxBytes: MaxPageBytes}
}

// IsURL says whether an input argument is an http(s) address.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// URLID is the article id of a web page: "web-" and the first 16 hex digits
// of the SHA-256 of its address, stable across runs.
func URLID(u string) string {
	h := sha256.Sum256([]byte(strings.TrimSpace(u)))
	return "web-" + hex.EncodeToString(h[:8])
}

// get fetches a URL and returns its body and content type.
func (f *Fetcher) get(ctx context.Context, u string) ([]byte, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", fmt.Errorf("fetch %s: %w", u, err)
	}
	req.Header.Set("User-Agent", f.userAgent)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("fetch %s: %s", u, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, f.maxBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("fetch %s: %w", u, err)
	}
	if int64(len(data)) > f.maxBytes {
		return nil, "", fmt.Errorf("fetch %s: larger than %d bytes", u, f.maxBytes)
	}
	return data, resp.Header.Get("Content-Type"), nil
}

// ErrNotHTML is returned for a page that is neither HTML nor plain text.
var ErrNotHTML = errors.New("not an HTML or text page")

// Page fetches one web page and makes an article of its main text (its id is
// URLID of the address, its url the address).
func (f *Fetcher) Page(ctx context.Context, u string, opt Options) (model.Article, error) {
	data, ctype, err := f.get(ctx, u)
	if err != nil {
		return model.Article{ID: URLID(u), URL: u}, err
	}
	return pageArticle(data, ctype, u, opt)
}

// pageArticle makes an article from a fetched page.
func pageArticle(data []byte, ctype, u string, opt Options) (model.Article, error) {
	id := URLID(u)
	o := opt
	o.Defaults.URL = u
	ct := strings.ToLower(ctype)
	switch {
	case strings.HasPrefix(ct, "text/plain"):
		a, err := textArticle(data, u, id, o)
		a.URL = u
		return a, err
	case ct == "" || strings.Contains(ct, "html") || strings.Contains(ct, "xml"):
		a, err := htmlArticle(data, u, id, o)
		a.URL = u
		return a, err
	}
	return model.Article{ID: id, URL: u}, fmt.Errorf("%s: %w (%s)", u, ErrNotHTML, ctype)
}
