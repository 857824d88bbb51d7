package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/sitrep/sitrep/internal/syntax"
)

// runTrainSyntax trains the tagger, lemmatiser and parser on a UD treebank
// directory (train.conllu; dev.conllu is only reported on).
func runTrainSyntax(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("train syntax", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	dir := fs.String("treebank", "", "UD treebank directory with train.conllu (required), e.g. UD English EWT")
	out := fs.String("out", "data/syntax", "output directory for tagger.gz, parser.gz, lemma.gz, wordnet.gz, clusters.gz")
	tagEpochs := fs.Int("tagger-epochs", 0, "tagger training epochs (0 = default)")
	parseEpochs := fs.Int("parser-epochs", 0, "parser training epochs (0 = default)")
	folds := fs.Int("folds", 0, "jackknife folds for the parser's training tags (0 = default, 4)")
	parsers := fs.Int("parsers", 0, "parsers trained with different seeds and averaged into the shipped one (0 = default, 4)")
	lexicon := fs.String("wordnet", "", "word lexicon written by 'sitrep syntax wordnet' (default: the embedded data/syntax/wordnet.gz); copied to --out")
	clusters := fs.String("clusters", "", "word clusters written by 'sitrep syntax clusters' (default: the embedded data/syntax/clusters.gz); copied to --out")
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep train syntax --treebank DIR [--out data/syntax]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *dir == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	if *folds == 1 || *folds < 0 {
		return fmt.Errorf("train syntax: --folds %d: need 2 or more (0 for the default)", *folds)
	}
	if *parsers < 0 {
		return fmt.Errorf("train syntax: --parsers %d: need 1 or more (0 for the default)", *parsers)
	}
	return syntax.Train(ctx, *dir, *out, syntax.TrainOptions{
		TaggerEpochs: *tagEpochs,
		ParserEpochs: *parseEpochs,
		Folds:        *folds,
		Parsers:      *parsers,
		Lexicon:      *lexicon,
		Clusters:     *clusters,
		Logf: func(format string, args ...any) {
			fmt.Fprintf(stdio.Err, format+"\n", args...)
		},
	})
}
