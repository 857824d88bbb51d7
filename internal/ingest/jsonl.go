package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/model"
)

// readJSONL reads one article object per line from r and reports whether to
// go on. A bad line is yielded as an error "name:line: reason" and reading
// goes on with the next line. Lines may be of any length.
func readJSONL(ctx context.Context, r *bufio.Reader, name string, opt Options, yield func(model.Article, error) bool) bool {
	if head, _ := r.Peek(sniffLen); len(head) > 0 {
		if why := binaryReason(head); why != "" {
			return yield(model.Article{}, fmt.Errorf("%s: %w (%s)", name, ErrBinary, why))
		}
	}
	seen := false
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			yield(model.Article{}, err)
			return false
		}
		line, rerr := r.ReadBytes('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return yield(model.Article{}, fmt.Errorf("%s:%d: %w", name, n, rerr))
		}
		if len(bytes.TrimSpace(line)) > 0 {
			seen = true
			if !utf8.Valid(line) {
				opt.warn(fmt.Errorf("%s:%d: invalid UTF-8 repaired with U+FFFD", name, n))
			}
			a, err := lineArticle(line, opt)
			if err != nil {
				err = fmt.Errorf("%s:%d: %w", name, n, err)
			}
			if !yield(a, err) {
				return false
			}
		}
		if rerr != nil { // io.EOF
			if !seen {
				return yield(model.Article{}, fmt.Errorf("%s: %w", name, ErrEmpty))
			}
			return true
		}
	}
}

// lineArticle decodes and completes one JSON lines record.
func lineArticle(line []byte, opt Options) (model.Article, error) {
	if bytes.IndexByte(line, 0) >= 0 {
		return model.Article{}, fmt.Errorf("%w (NUL bytes)", ErrBinary)
	}
	a, err := decodeArticle(line)
	if err != nil {
		return a, err
	}
	if strings.TrimSpace(a.ID) == "" {
		return a, errors.New(`missing field "id"`)
	}
	return finish(a, opt.Defaults)
}

// readJSON reads a .json file: one article object, or a gold file whose
// "article" field is the article. A missing id defaults to the file's base
// name.
func readJSON(data []byte, name string, opt Options) (model.Article, error) {
	s, err := decodeText(data, name, opt)
	if err != nil {
		return model.Article{}, err
	}
	var fields map[string]json.RawMessage
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "[") {
		return model.Article{}, fmt.Errorf("%s: not a JSON object (put a list of articles in a .jsonl file, one per line)", name)
	}
	if err := json.Unmarshal([]byte(s), &fields); err != nil {
		return model.Article{}, fmt.Errorf("%s: %w", name, jsonError(err))
	}
	raw := []byte(s)
	_, hasText := fields["text"]
	_, hasHTML := fields["html"]
	if art, ok := fields["article"]; ok && !hasText && !hasHTML {
		raw = art
	}
	a, err := decodeArticle(raw)
	if err != nil {
		return a, fmt.Errorf("%s: %w", name, err)
	}
	if strings.TrimSpace(a.ID) == "" {
		a.ID = baseID(name)
	}
	a, err = finish(a, opt.Defaults)
	if err != nil {
		return a, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

// decodeArticle decodes one article object; unknown fields are ignored.
func decodeArticle(raw []byte) (model.Article, error) {
	var a model.Article
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return a, errors.New("not a JSON object")
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return model.Article{}, jsonError(err)
	}
	return a, nil
}

// jsonError rewords a decoding error so that it names the field at fault.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Errorf("field %q: want %s, got %s", te.Field, te.Type, te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d: %w", se.Offset, err)
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// finish turns an article's HTML into text when it has no text, then
// completes it.
func finish(a model.Article, defaults model.Article) (model.Article, error) {
	if strings.TrimSpace(a.Text) == "" {
		if strings.TrimSpace(a.HTML) == "" {
			return a, fmt.Errorf("article %q: missing field \"text\" (or \"html\")", a.ID)
		}
		page := a.URL
		if page == "" {
			page = defaults.URL
		}
		ex, err := ExtractHTML(a.HTML, page)
		if err != nil {
			return a, fmt.Errorf("article %q: field \"html\": %w", a.ID, err)
		}
		a.Text = ex.Text
		if a.Title == "" {
			a.Title = ex.Title
		}
		if a.Published == "" && defaults.Published == "" {
			a.Published = ex.Published
		}
		if a.Language == "" && defaults.Language == "" {
			a.Language = ex.Language
		}
	}
	a.HTML = ""
	a, err := complete(a, defaults)
	if err != nil {
		return a, fmt.Errorf("article %q: %w", a.ID, err)
	}
	return a, nil
}

// complete fills the fields an article lacks from defaults, derives source
// from url, and checks published.
func complete(a, defaults model.Article) (model.Article, error) {
	fill := func(v *string, d string) {
		if strings.TrimSpace(*v) == "" {
			*v = d
		}
	}
	fill(&a.Source, defaults.Source)
	fill(&a.URL, defaults.URL)
	fill(&a.Published, defaults.Published)
	fill(&a.Language, defaults.Language)
	if a.Source == "" {
		a.Source = SourceFromURL(a.URL)
	}
	if err := CheckPublished(a.Published); err != nil {
		return a, err
	}
	return a, nil
}

// SourceFromURL returns the host of an absolute URL, lower case, without
// port and without a leading "www."; "" when raw is not such a URL.
func SourceFromURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// CheckPublished accepts "" (unknown), YYYY-MM-DD and RFC 3339.
func CheckPublished(s string) error {
	if s == "" {
		return nil
	}
	if _, err := time.Parse("2006-01-02", s); err == nil {
		return nil
	}
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		return nil
	}
	return fmt.Errorf("field \"published\": %q is neither YYYY-MM-DD nor RFC 3339", s)
}
