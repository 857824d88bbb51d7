package ingest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strings"
	"time"

	"github.com/sitrep/sitrep/internal/model"
	"golang.org/x/net/html/charset"
)

// FeedItem is one entry of an RSS or Atom feed.
type FeedItem struct {
	Title     string
	Link      string // absolute
	ID        string // guid or atom:id
	Published string // YYYY-MM-DD or RFC 3339; "" when absent or unreadable
	Content   string // description, summary or content (HTML)
}

// ErrNotFeed is returned for a document that is neither RSS nor Atom.
var ErrNotFeed = errors.New("not an RSS or Atom feed")

type rssDoc struct {
	XMLName xml.Name
	Channel struct {
		Items []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			GUID        string `xml:"guid"`
			PubDate     string `xml:"pubDate"`
			Date        string `xml:"http://purl.org/dc/elements/1.1/ date"`
			Description string `xml:"description"`
			Encoded     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
	// Atom
	Entries []struct {
		Title string `xml:"title"`
		ID    string `xml:"id"`
		Links []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
		Summary   string `xml:"summary"`
		Content   string `xml:"content"`
	} `xml:"entry"`
}

// ParseFeed reads an RSS 2.0 or Atom feed; base resolves relative links
// (it may be "").
func ParseFeed(data []byte, base string) ([]FeedItem, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charset.NewReaderLabel
	dec.Strict = false
	var doc rssDoc
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotFeed, err)
	}
	var b *url.URL
	if base != "" {
		b, _ = url.Parse(base)
	}
	abs := func(link string) string {
		link = strings.TrimSpace(link)
		if link == "" || b == nil {
			return link
		}
		u, err := b.Parse(link)
		if err != nil {
			return link
		}
		return u.String()
	}
	var items []FeedItem
	switch strings.ToLower(doc.XMLName.Local) {
	case "rss", "rdf":
		for _, it := range doc.Channel.Items {
			items = append(items, FeedItem{
				Title: oneSpace(it.Title), Link: abs(it.Link), ID: strings.TrimSpace(it.GUID),
				Published: feedDate(it.PubDate, it.Date), Content: firstNonEmpty(it.Encoded, it.Description),
			})
		}
	case "feed":
		for _, e := range doc.Entries {
			link := ""
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					link = l.Href
					break
				}
			}
			items = append(items, FeedItem{
				Title: oneSpace(e.Title), Link: abs(link), ID: strings.TrimSpace(e.ID),
				Published: feedDate(e.Published, e.Updated), Content: firstNonEmpty(e.Content, e.Summary),
			})
		}
	default:
		return nil, fmt.Errorf("%w: root element <%s>", ErrNotFeed, doc.XMLName.Local)
	}
	return items, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// feedDate reads the first date that parses (RFC 1123 and its variants,
// RFC 3339) and renders it as RFC 3339.
func feedDate(ss ...string) string {
	layouts := []string{time.RFC1123Z, time.RFC1123, time.RFC3339, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700", "2006-01-02"}
	for _, s := range ss {
		s = strings.TrimSpace(s)
		for _, l := range layouts {
			if t, err := time.Parse(l, s); err == nil {
				return formatTime(t.UTC())
			}
		}
	}
	return ""
}

// Feed fetches an RSS or Atom feed and yields one article per item: the
// page its link points to (main text extracted), with the item's title and
// date where the page lacks them. An item whose page cannot be fetched falls
// back to the item's own content when it has some, else it is yielded as an
// error and the next item follows.
func (f *Fetcher) Feed(ctx context.Context, feedURL string, opt Options) iter.Seq2[model.Article, error] {
	return func(yield func(model.Article, error) bool) {
		data, _, err := f.get(ctx, feedURL)
		if err != nil {
			yield(model.Article{}, err)
			return
		}
		items, err := ParseFeed(data, feedURL)
		if err != nil {
			yield(model.Article{}, fmt.Errorf("%s: %w", feedURL, err))
			return
		}
		for _, it := range items {
			if err := ctx.Err(); err != nil {
				yield(model.Article{}, err)
				return
			}
			if !yield(f.item(ctx, it, feedURL, opt)) {
				return
			}
		}
	}
}

func (f *Fetcher) item(ctx context.Context, it FeedItem, feedURL string, opt Options) (model.Article, error) {
	o := opt
	if o.Defaults.Published == "" {
		o.Defaults.Published = it.Published
	}
	if it.Link != "" && IsURL(it.Link) {
		a, err := f.Page(ctx, it.Link, o)
		if err == nil {
			if a.Title == "" {
				a.Title = it.Title
			}
			return a, nil
		}
		if strings.TrimSpace(it.Content) == "" {
			return a, err
		}
	}
	if strings.TrimSpace(it.Content) == "" {
		return model.Article{}, fmt.Errorf("%s: item %q has neither a link nor content", feedURL, it.Title)
	}
	u := firstNonEmpty(it.Link, it.ID, feedURL+"#"+it.Title)
	o.Defaults.URL = it.Link
	a, err := htmlArticle([]byte(it.Content), feedURL, URLID(u), o)
	if a.Title == "" {
		a.Title = it.Title
	}
	return a, err
}
