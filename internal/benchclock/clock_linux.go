package benchclock

import (
	"time"

	"golang.org/x/sys/unix"
)

// Name says what Now measures.
const Name = "thread CPU time"

// Now returns the CPU time the calling thread has used.
func Now() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}
