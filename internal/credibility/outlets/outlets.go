// Package outlets is sitrep's registry of news outlets: for each outlet its
// domains, name and aliases, country, ownership or state affiliation, and what
// is known of its reliability, with the reason and the date of the assessment.
//
// In: CSV files in the registry format (see ReadCSV): the built-in registry
// embedded in the binary and, optionally, a user's own file whose rows
// override the built-in ones. Out: Lookup by domain, URL or name. An outlet
// that is not in the registry is reported as unrated; the registry never
// guesses a rating.
package outlets

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Reliability levels. Any other value in a file is rejected.
const (
	High    = "high"
	Mixed   = "mixed"
	Low     = "low"
	Unrated = "unrated"
)

// Header is the column list of the registry CSV format, in order.
var header = []string{"domains", "name", "aliases", "country", "affiliation", "reliability", "reason", "date"}

// Header returns the registry CSV header row.
func Header() []string { return append([]string(nil), header...) }

// Outlet is one news outlet.
type Outlet struct {
	Domains     []string // lower case, without "www."
	Name        string
	Aliases     []string // other names the outlet is cited by, e.g. "SOHR"
	Country     string   // ISO 3166-1 alpha-3 or "" (international)
	Affiliation string   // ownership or state affiliation, free text
	Reliability string   // High, Mixed, Low or Unrated
	Reason      string
	Date        string // YYYY-MM-DD of the assessment
	User        bool   // true when the row came from the user's file
}

// Names returns the outlet's name followed by its aliases.
func (o Outlet) Names() []string { return append([]string{o.Name}, o.Aliases...) }

// Registry is a set of outlets indexed by domain and by name. It is read-only
// after construction and safe for concurrent use.
type Registry struct {
	outlets  []Outlet
	byDomain map[string]int
	byName   map[string]int
}

// New builds a registry from outlets; later outlets override earlier ones
// that share a domain or (when they have no domain in common) a name.
func New(list []Outlet) *Registry {
	r := &Registry{byDomain: map[string]int{}, byName: map[string]int{}}
	for _, o := range list {
		r.add(o)
	}
	return r
}

func (r *Registry) add(o Outlet) {
	idx := -1
	for _, d := range o.Domains {
		if i, ok := r.byDomain[d]; ok {
			idx = i
			break
		}
	}
	if idx < 0 && len(o.Domains) == 0 {
		if i, ok := r.byName[foldName(o.Name)]; ok {
			idx = i
		}
	}
	if idx >= 0 {
		old := r.outlets[idx]
		// Keep the old domains and aliases the new row does not mention.
		o.Domains = union(o.Domains, old.Domains)
		o.Aliases = union(o.Aliases, old.Aliases)
		if o.Name == "" {
			o.Name = old.Name
		}
		if o.Country == "" {
			o.Country = old.Country
		}
		if o.Affiliation == "" {
			o.Affiliation = old.Affiliation
		}
		r.outlets[idx] = o
	} else {
		idx = len(r.outlets)
		r.outlets = append(r.outlets, o)
	}
	for _, d := range o.Domains {
		r.byDomain[d] = idx
	}
	for _, n := range o.Names() {
		if k := foldName(n); k != "" {
			r.byName[k] = idx
		}
	}
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string(nil), a...), b...) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Merge returns a new registry with the outlets of other laid over r.
func (r *Registry) Merge(other *Registry) *Registry {
	out := New(r.outlets)
	for _, o := range other.outlets {
		out.add(o)
	}
	return out
}

// named fills in the name of an outlet known only by its domain.
func named(o Outlet) Outlet {
	if o.Name == "" && len(o.Domains) > 0 {
		o.Name = o.Domains[0]
	}
	return o
}

// Outlets returns every outlet, sorted by name.
func (r *Registry) Outlets() []Outlet {
	out := make([]Outlet, len(r.outlets))
	for i, o := range r.outlets {
		out[i] = named(o)
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// Len is the number of outlets.
func (r *Registry) Len() int { return len(r.outlets) }

// Lookup finds an outlet by domain, URL or name ("smmsyria.com",
// "https://www.reuters.com/x", "english.dvb.no", "SOHR"). Sub-domains match
// their parent domain ("en.muraselon.com" → "muraselon.com").
func (r *Registry) Lookup(source string) (Outlet, bool) {
	s := strings.TrimSpace(source)
	if s == "" {
		return Outlet{}, false
	}
	if i, ok := r.byName[foldName(s)]; ok && !strings.Contains(s, ".") {
		return named(r.outlets[i]), true
	}
	d := Domain(s)
	for d != "" {
		if i, ok := r.byDomain[d]; ok {
			return named(r.outlets[i]), true
		}
		k := strings.IndexByte(d, '.')
		if k < 0 || !strings.Contains(d[k+1:], ".") {
			break
		}
		d = d[k+1:]
	}
	if i, ok := r.byName[foldName(s)]; ok {
		return named(r.outlets[i]), true
	}
	return Outlet{}, false
}

// Domain reduces a URL or host to the registry's domain form: lower case,
// no scheme, port, path or leading "www.".
func Domain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.Contains(s, "://") {
		if u, err := url.Parse(s); err == nil {
			s = u.Host
		}
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(s, "www.")
	return strings.Trim(s, ".")
}

func foldName(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// ErrFormat marks a malformed registry file.
var ErrFormat = errors.New("malformed registry")

// ReadCSV reads outlets in the registry format: a header row with the
// columns domains,name,aliases,country,affiliation,reliability,reason,date
// (any order; missing optional columns are empty), then one row per outlet.
// Domains and aliases hold several values separated by "|". Reliability is
// high, mixed, low or unrated (empty means unrated). Every row needs a
// name or a domain.
func ReadCSV(rd io.Reader) ([]Outlet, error) {
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%w: empty file", ErrFormat)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	_, hasDom := col["domains"]
	if _, ok := col["domain"]; ok && !hasDom {
		col["domains"] = col["domain"]
		hasDom = true
	}
	_, hasName := col["name"]
	if !hasDom && !hasName {
		return nil, fmt.Errorf("%w: header needs a domains or name column", ErrFormat)
	}
	get := func(rec []string, k string) string {
		i, ok := col[k]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var out []Outlet
	line := 1
	for {
		rec, err := cr.Read()
		line++
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		o := Outlet{
			Name: get(rec, "name"), Country: get(rec, "country"), Affiliation: get(rec, "affiliation"),
			Reason: get(rec, "reason"), Date: get(rec, "date"),
		}
		for _, d := range splitList(get(rec, "domains")) {
			if d = Domain(d); d != "" {
				o.Domains = append(o.Domains, d)
			}
		}
		o.Aliases = splitList(get(rec, "aliases"))
		rel := strings.ToLower(get(rec, "reliability"))
		switch rel {
		case "":
			rel = Unrated
		case High, Mixed, Low, Unrated:
		default:
			return nil, fmt.Errorf("%w: line %d: reliability %q is not high, mixed, low or unrated", ErrFormat, line, rel)
		}
		o.Reliability = rel
		if o.Name == "" && len(o.Domains) == 0 {
			return nil, fmt.Errorf("%w: line %d: row has neither name nor domain", ErrFormat, line)
		}
		out = append(out, o)
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// WriteCSV writes outlets in the registry format.
func WriteCSV(w io.Writer, list []Outlet) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write registry: %w", err)
	}
	for _, o := range list {
		rec := []string{strings.Join(o.Domains, "|"), o.Name, strings.Join(o.Aliases, "|"), o.Country,
			o.Affiliation, o.Reliability, o.Reason, o.Date}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write registry: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write registry: %w", err)
	}
	return nil
}

// UserFile is where `sitrep sources import` keeps the user's own ratings:
// $SITREP_SOURCES when set, else os.UserConfigDir()/sitrep/sources.csv.
func UserFile() (string, error) {
	if p := os.Getenv("SITREP_SOURCES"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("locate user registry: %w", err)
	}
	return filepath.Join(dir, "sitrep", "sources.csv"), nil
}

// ReadFile reads a registry file; a missing file is an empty registry.
func ReadFile(path string) ([]Outlet, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open registry: %w", err)
	}
	defer f.Close()
	list, err := ReadCSV(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	for i := range list {
		list[i].User = true
	}
	return list, nil
}

// Import merges the outlets read from rd into the registry file at path
// (created with its directory when missing): rows of rd replace rows of the
// file that share a domain or name. It returns the number of rows read.
func Import(path string, rd io.Reader) (int, error) {
	in, err := ReadCSV(rd)
	if err != nil {
		return 0, err
	}
	old, err := ReadFile(path)
	if err != nil {
		return 0, err
	}
	merged := New(old).Merge(New(in)).Outlets()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, fmt.Errorf("create registry dir: %w", err)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, fmt.Errorf("write registry: %w", err)
	}
	if err := WriteCSV(f, merged); err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("write registry: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, fmt.Errorf("write registry: %w", err)
	}
	return len(in), nil
}
