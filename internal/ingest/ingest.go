// Package ingest reads articles (spec §1) from files, directories and
// standard input, ready for the pipeline.
//
// In: a path. Out: a sequence of (model.Article, error) pairs, in a stable
// order; each article has an id and a non-empty plain Text (HTML is turned
// into text here, with a readability extractor, and HTML is then cleared).
// A failure on one input (a bad JSON line, a binary file) is yielded as an
// error naming the file (and line) and reading goes on with the next input;
// only a cancelled context or an unreadable path stops the sequence.
// It never touches the network or a store, and never analyses.
//
// What each kind of path gives:
//   - name.txt: one article, id "name", text = the file content;
//   - name.html, name.htm: one article, id "name", text and title extracted
//     from the page (a page that is not UTF-8 is decoded from the charset it
//     declares, else windows-1252) (published date and language from its metadata when
//     the page has them and the defaults do not);
//   - name.jsonl: one article object per line (spec §1); blank lines are
//     skipped; an object may carry html instead of text;
//   - name.json: one article object, or a gold file (an object with an
//     "article" field);
//   - "-": standard input, read as JSON lines when its first non-space byte
//     is '{', else as one plain-text article with id "stdin";
//   - a directory: every .txt, .html, .htm, .jsonl and .json file below it,
//     in lexical order of path, skipping names that start with '.';
//   - a file with any other extension, named explicitly: sniffed like
//     standard input ('{' → JSON lines, '<' → HTML, else text).
//
// Every article then gets the fields of Options.Defaults it lacks (source,
// url, published, language: the --source, --url, --published flags), source
// falls back to the host of url without "www.", and published must be
// YYYY-MM-DD or RFC 3339.
//
// Bytes: an empty (or all white space) file is an error "name: empty file";
// a file with NUL bytes or mostly non-text bytes is an error "name: binary
// file"; a UTF-8 byte-order mark is dropped; invalid UTF-8 is repaired with
// U+FFFD and reported through Options.Warn, and the article is still read.
// Reading is linear in the input size (a 20 MB article is fine).
package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/internal/model"
	"golang.org/x/net/html/charset"
)

// Options configure reading.
type Options struct {
	// Defaults supplies Source, URL, Published and Language to articles that
	// lack them; ID is the id of a plain-text standard input ("stdin" when
	// empty). Other fields are ignored.
	Defaults model.Article
	// Stdin is what the path "-" reads; os.Stdin when nil.
	Stdin io.Reader
	// Warn receives non-fatal notes (invalid UTF-8 repaired); nil drops them.
	Warn func(error)
}

func (o Options) warn(err error) {
	if o.Warn != nil {
		o.Warn(err)
	}
}

// ErrEmpty is returned (wrapped, with the file name) for an empty input.
var ErrEmpty = errors.New("empty file")

// ErrBinary is returned (wrapped, with the file name) for an input that is
// not text.
var ErrBinary = errors.New("binary file")

// Extensions read from directories, with their kind.
var kinds = map[string]string{
	".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".json": "json",
}

// ReadPath reads the articles at path (a file, a directory, or "-" for
// standard input). See the package comment for what each kind of path gives.
func ReadPath(ctx context.Context, path string, opt Options) iter.Seq2[model.Article, error] {
	return func(yield func(model.Article, error) bool) {
		if path == "-" {
			in := opt.Stdin
			if in == nil {
				in = os.Stdin
			}
			readStream(ctx, in, "stdin", opt, yield)
			return
		}
		info, err := os.Stat(path)
		if err != nil {
			yield(model.Article{}, fmt.Errorf("read input: %w", err))
			return
		}
		if !info.IsDir() {
			readFile(ctx, path, kindOf(path), opt, yield)
			return
		}
		var files []string
		err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != path && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && kindOf(p) != "" {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			yield(model.Article{}, fmt.Errorf("read input: %w", err))
			return
		}
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				yield(model.Article{}, err)
				return
			}
			if !readFile(ctx, f, kindOf(f), opt, yield) {
				return
			}
		}
	}
}

// ReadReader reads articles from r as it would standard input: JSON lines
// when the first non-space byte is '{', else one plain-text article whose id
// is Options.Defaults.ID or "stdin". name labels errors.
func ReadReader(ctx context.Context, r io.Reader, name string, opt Options) iter.Seq2[model.Article, error] {
	return func(yield func(model.Article, error) bool) {
		readStream(ctx, r, name, opt, yield)
	}
}

func kindOf(path string) string {
	return kinds[strings.ToLower(filepath.Ext(path))]
}

// baseID is the file name without its extension: "dir/foo.txt" → "foo".
func baseID(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// readFile reads one file of the given kind ("" sniffs it) and reports
// whether to go on.
func readFile(ctx context.Context, path, kind string, opt Options, yield func(model.Article, error) bool) bool {
	if kind == "jsonl" {
		f, err := os.Open(path)
		if err != nil {
			return yield(model.Article{}, fmt.Errorf("read input: %w", err))
		}
		defer f.Close()
		return readJSONL(ctx, bufio.NewReaderSize(f, 64<<10), path, opt, yield)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return yield(model.Article{}, fmt.Errorf("read input: %w", err))
	}
	id := baseID(path)
	if kind == "" {
		kind = sniff(data)
		if kind == "jsonl" {
			return readJSONL(ctx, bufio.NewReader(bytes.NewReader(data)), path, opt, yield)
		}
	}
	switch kind {
	case "json":
		a, err := readJSON(data, path, opt)
		return yield(a, err)
	case "html":
		a, err := htmlArticle(data, path, id, opt)
		return yield(a, err)
	default:
		a, err := textArticle(data, path, id, opt)
		return yield(a, err)
	}
}

// fromCharset converts an HTML page that is not valid UTF-8 to UTF-8, using
// the charset its byte-order mark or <meta> declares, else windows-1252
// (the HTML standard's fallback).
func fromCharset(data []byte) []byte {
	if utf8.Valid(data) {
		return data
	}
	enc, name, _ := charset.DetermineEncoding(data, "text/html")
	if enc == nil || name == "utf-8" {
		return data
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// sniff guesses the kind of an input from its first non-space byte.
func sniff(data []byte) string {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\r', '\n', '\f', '\v':
			continue
		case '{':
			return "jsonl"
		case '<':
			return "html"
		}
		return "text"
	}
	return "text"
}

// readStream reads standard input (or any reader): JSON lines when the first
// non-space byte is '{', else one plain-text article.
func readStream(ctx context.Context, r io.Reader, name string, opt Options, yield func(model.Article, error) bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	var lead []byte
	for {
		c, err := br.ReadByte()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				yield(model.Article{}, fmt.Errorf("%s: %w", name, err))
				return
			}
			yield(model.Article{}, fmt.Errorf("%s: %w", name, ErrEmpty))
			return
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' {
			lead = append(lead, c)
			continue
		}
		_ = br.UnreadByte()
		if c == '{' {
			readJSONL(ctx, br, name, opt, yield)
			return
		}
		break
	}
	rest, err := io.ReadAll(br)
	if err != nil {
		yield(model.Article{}, fmt.Errorf("%s: %w", name, err))
		return
	}
	id := opt.Defaults.ID
	if id == "" {
		id = "stdin"
	}
	a, err := textArticle(append(lead, rest...), name, id, opt)
	yield(a, err)
}

// textArticle makes a plain-text article from a file's bytes.
func textArticle(data []byte, name, id string, opt Options) (model.Article, error) {
	text, err := decodeText(data, name, opt)
	if err != nil {
		return model.Article{ID: id}, err
	}
	a, err := complete(model.Article{ID: id, Text: text}, opt.Defaults)
	if err != nil {
		return a, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

// htmlArticle makes an article from an HTML page's bytes.
func htmlArticle(data []byte, name, id string, opt Options) (model.Article, error) {
	page, err := decodeText(fromCharset(data), name, opt)
	if err != nil {
		return model.Article{ID: id}, err
	}
	a := model.Article{ID: id, URL: opt.Defaults.URL}
	ex, err := ExtractHTML(page, a.URL)
	if err != nil {
		return a, fmt.Errorf("%s: %w", name, err)
	}
	a.Text, a.Title = ex.Text, ex.Title
	if opt.Defaults.Published == "" {
		a.Published = ex.Published
	}
	if opt.Defaults.Language == "" {
		a.Language = ex.Language
	}
	a, err = complete(a, opt.Defaults)
	if err != nil {
		return a, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}
