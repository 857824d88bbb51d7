package syntax

import (
	"runtime"
	"syscall"
	"unsafe"
)

// hugeMin is the table size from which model tables are placed in memory
// that the kernel may back with transparent huge pages: the parser's
// lookups are random over tens of megabytes, and with 4 KiB pages nearly
// every one of them also misses the TLB.
const hugeMin = 4 << 20

// hugeSlice returns a zeroed slice of n elements of T, in anonymous memory
// advised for huge pages when it is large, or from the Go heap otherwise
// (and whenever the kernel refuses). T must hold no pointers. The memory is
// returned to the kernel when owner becomes unreachable.
func hugeSlice[T, O any](n int, owner *O) []T {
	var zero T
	size := n * int(unsafe.Sizeof(zero))
	if size < hugeMin {
		return make([]T, n)
	}
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]T, n)
	}
	_ = syscall.Madvise(b, 14) // MADV_HUGEPAGE; advisory, errors are harmless
	runtime.AddCleanup(owner, func(b []byte) { _ = syscall.Munmap(b) }, b)
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
}
