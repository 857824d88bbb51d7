package cli

import "context"

// trainers is the table of `sitrep train` sub-commands, one line each.
func trainers() map[string]command {
	return map[string]command{
		"techniques": {"train the propaganda technique model on a PTC corpus", runTrainTechniques},
	}
}

func runTrain(ctx context.Context, stdio Stdio, args []string) error {
	return subcommands(ctx, stdio, "train", args, trainers())
}
