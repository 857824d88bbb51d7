//go:build !linux

package benchclock

import "time"

// Name says what Now measures.
const Name = "wall-clock time"

var start = time.Now()

// Now returns the time since the program started.
func Now() time.Duration { return time.Since(start) }
