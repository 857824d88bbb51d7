package ingest

import (
	"errors"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
)

// Extracted is what ExtractHTML finds in a page.
type Extracted struct {
	Text      string // main text, paragraphs separated by a blank line
	Title     string // page title ("" when none)
	Published string // from the page metadata, YYYY-MM-DD or RFC 3339; "" when none
	Language  string // ISO 639-1 from the page metadata; "" when none
}

// ErrNoText is returned for a page with no text.
var ErrNoText = errors.New("no text found in HTML page")

// ExtractHTML extracts the main text of an HTML page with a readability
// extractor (a Go port of Mozilla's Readability.js), which drops navigation,
// footers, scripts and other clutter. When it finds no article, the whole
// visible text of the body is used instead. pageURL may be "".
func ExtractHTML(page, pageURL string) (Extracted, error) {
	var u *url.URL
	if pageURL != "" {
		if p, err := url.Parse(pageURL); err == nil && p.IsAbs() {
			u = p
		}
	}
	var ex Extracted
	art, err := readability.FromReader(strings.NewReader(page), u)
	if err == nil {
		ex.Title = oneSpace(art.Title())
		if t, err := art.PublishedTime(); err == nil && t.Year() > 1 {
			ex.Published = formatTime(t)
		}
		ex.Language = language(art.Language())
		if art.Node != nil {
			ex.Text = cleanText(render.InnerText(art.Node))
		}
	}
	if ex.Text == "" {
		doc, perr := html.Parse(strings.NewReader(page))
		if perr == nil {
			ex.Text = cleanText(render.InnerText(body(doc)))
		}
	}
	if ex.Text == "" {
		return ex, ErrNoText
	}
	return ex, nil
}

// body returns the <body> element of a parsed document, or the document.
func body(doc *html.Node) *html.Node {
	var found *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "body" {
				found = c
				return
			}
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		return doc
	}
	return found
}

// formatTime renders a time as YYYY-MM-DD when it has no time of day, else
// as RFC 3339.
func formatTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// language reduces a language tag ("en-US") to its ISO 639-1 code ("en").
func language(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 || tag[0] < 'a' || tag[0] > 'z' || tag[1] < 'a' || tag[1] > 'z' {
		return ""
	}
	return tag
}

// oneSpace collapses runs of white space into one space.
func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanText trims spaces at the ends of lines and of the text, and keeps at
// most one blank line between paragraphs.
func cleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	blank := 0
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = 0
		b.WriteString(line)
	}
	return b.String()
}
