package benchclock

import (
	"runtime"
	"testing"
	"time"
)

// TestNowCountsWork: the clock advances while the thread works and
// (for a CPU clock) hardly at all while it sleeps.
func TestNowCountsWork(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0 := Now()
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	t1 := Now()
	if t1-t0 <= 0 {
		t.Fatalf("clock did not advance over a busy loop (%d)", x)
	}
	time.Sleep(50 * time.Millisecond)
	t2 := Now()
	if Name == "thread CPU time" && t2-t1 > 20*time.Millisecond {
		t.Errorf("thread CPU clock advanced %v while sleeping 50ms", t2-t1)
	}
}
