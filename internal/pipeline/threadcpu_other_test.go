//go:build !linux

package pipeline

import "time"

var start = time.Now()

// threadCPU falls back to wall-clock time where no thread CPU clock is
// available.
func threadCPU() time.Duration { return time.Since(start) }

const clockName = "wall-clock time"
