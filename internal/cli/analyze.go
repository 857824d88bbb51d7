package cli

import "context"

func runAnalyze(ctx context.Context, stdio Stdio, args []string) error { return nil }
