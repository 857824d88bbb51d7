// Command sitrep turns conflict reporting into coded, traceable events and
// credibility assessments. All the work happens in internal/cli.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/sitrep/sitrep/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}
