//go:build unix

package benchclock

import (
	"syscall"
	"time"
)

// Process returns the CPU time (user and system) the whole process has
// used, all threads together: for benchmarks that run on several cores.
// It is 0 where the system cannot tell.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
