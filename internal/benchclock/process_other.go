//go:build !unix

package benchclock

import "time"

// Process returns 0: this system has no process CPU clock here.
func Process() time.Duration { return 0 }
