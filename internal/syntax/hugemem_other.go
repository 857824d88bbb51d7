//go:build !linux

package syntax

// hugeSlice returns a zeroed slice of n elements from the Go heap; only
// Linux gets huge-page backed tables.
func hugeSlice[T, O any](n int, owner *O) []T { return make([]T, n) }
