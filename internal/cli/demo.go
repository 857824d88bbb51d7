package cli

import "context"

func runDemo(ctx context.Context, stdio Stdio, args []string) error { return nil }
