// Package benchclock gives benchmarks a clock that holds on a busy machine:
// the CPU time of the calling thread. A benchmark locks its goroutine to
// its thread (runtime.LockOSThread) and reads the clock around the work it
// measures; where the system has no thread CPU clock, the clock is
// wall-clock time and Name says so.
package benchclock
