package cli

import "context"

// trainers is the table of `sitrep train` sub-commands, one line each.
func trainers() map[string]command {
	return map[string]command{
		"techniques": {"train the propaganda technique model on a PTC corpus", runTrainTechniques},
		"syntax":     {"train the POS tagger, lemmatiser and parser on a UD treebank (UD English EWT)", runTrainSyntax},
	}
}

func runTrain(ctx context.Context, stdio Stdio, args []string) error {
	return subcommands(ctx, stdio, "train", args, trainers())
}
