package petrarch

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// LoadDictionaries reads the dictionaries of a directory. The file names
// come from env when it names them (a records file's <Environment>);
// otherwise, or when a named file is missing, they are recognised by name:
// "*verbs*" or "CAMEO*" (verbs), "*actors*", "*agents*", "*discards*" and
// "*Ontology*" or "*PICO*" (ontology). Verbs and actors are required.
func LoadDictionaries(dir string, env Environment) (*Dictionaries, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("dictionaries: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	pick := func(named []string, match func(string) bool) []string {
		var out []string
		for _, n := range named {
			if n == "" {
				continue
			}
			if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
				out = append(out, n)
			}
		}
		if len(out) > 0 {
			return out
		}
		for _, n := range names {
			if match(strings.ToLower(n)) {
				out = append(out, n)
			}
		}
		return out
	}
	has := func(subs ...string) func(string) bool {
		return func(n string) bool {
			for _, s := range subs {
				if strings.Contains(n, s) {
					return true
				}
			}
			return false
		}
	}
	d := &Dictionaries{}
	verbs := pick([]string{env.Verbfile}, func(n string) bool { return strings.Contains(n, "verbs") || strings.HasPrefix(n, "cameo") })
	if len(verbs) == 0 {
		return nil, fmt.Errorf("dictionaries: no verb dictionary in %s", dir)
	}
	if err := readFile(dir, verbs[0], func(r io.Reader) (err error) { d.Verbs, err = ReadVerbs(r); return }); err != nil {
		return nil, err
	}
	actors := pick(env.Actorfiles, has("actors"))
	if len(actors) == 0 {
		return nil, fmt.Errorf("dictionaries: no actor dictionary in %s", dir)
	}
	for _, a := range actors {
		if err := readFile(dir, a, func(r io.Reader) error {
			as, err := ReadActors(r)
			d.Actors = append(d.Actors, as...)
			return err
		}); err != nil {
			return nil, err
		}
	}
	for _, a := range pick([]string{env.Agentfile}, has("agents")) {
		if err := readFile(dir, a, func(r io.Reader) error {
			as, err := ReadAgents(r)
			d.Agents = append(d.Agents, as...)
			return err
		}); err != nil {
			return nil, err
		}
	}
	for _, a := range pick([]string{env.Discardfile}, has("discards")) {
		if err := readFile(dir, a, func(r io.Reader) error {
			ds, err := ReadDiscards(r)
			d.Discards = append(d.Discards, ds...)
			return err
		}); err != nil {
			return nil, err
		}
	}
	if o := pick([]string{env.PICOfile}, has("ontology", "pico")); len(o) > 0 {
		if err := readFile(dir, o[0], func(r io.Reader) (err error) { d.Ontology, err = ReadOntology(r); return }); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func readFile(dir, name string, read func(io.Reader) error) error {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return fmt.Errorf("dictionaries: %w", err)
	}
	defer f.Close()
	if err := read(f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
