// Package benchclock gives benchmarks clocks that hold on a busy machine:
// Now, the CPU time of the calling thread (a benchmark locks its goroutine
// to its thread with runtime.LockOSThread and reads the clock around the
// work it measures; where the system has no thread CPU clock, Now is
// wall-clock time and Name says so), and Process, the CPU time of the
// whole process, for work spread over several cores.
package benchclock
