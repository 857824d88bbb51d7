package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sitrep/sitrep/internal/credibility/techniques"
)

// runTrainTechniques trains the propaganda technique model on a corpus in
// the PTC layout and writes the quantised, gzip'd model.
func runTrainTechniques(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("train techniques", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	data := fs.String("data", "../shared/data/ptc/train", "training corpus in the PTC layout (articles/, labels-si/, labels-tc/)")
	out := fs.String("out", "data/credibility/techniques.model.gz", "where to write the model")
	epochs := fs.Int("epochs", 0, "passes over the span data (0: default)")
	tcEpochs := fs.Int("tc-epochs", 0, "passes over the technique data (0: default)")
	seed := fs.Int64("seed", 1, "random seed (training is deterministic for a given seed)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	t0 := time.Now()
	arts, err := techniques.ReadCorpus(*data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdio.Err, "read %d articles from %s\n", len(arts), *data)
	m, err := techniques.Train(arts, techniques.TrainOptions{Epochs: *epochs, TCEpochs: *tcEpochs, Seed: *seed, Log: stdio.Err})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	fmt.Fprintf(stdio.Out, "wrote %s (%d bytes) in %s\n", *out, buf.Len(), time.Since(t0).Round(time.Second))
	return nil
}
