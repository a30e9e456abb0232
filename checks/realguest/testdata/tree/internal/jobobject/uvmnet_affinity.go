//go:build !windows

package jobobject

// GroupAffinity is the one type of this package that the container
// interface (internal/cow) names. The real one, with the rest of the
// package, is Windows-only; uvmnet's realguest check declares it for
// Linux, field for field, so the host side of the guest connection builds.
type GroupAffinity struct {
	Mask  uint64
	Group uint16
}
