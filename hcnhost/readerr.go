package hcnhost

import (
	"fmt"

	"github.com/containerd/errdefs"
)

// Object kinds named in read errors.
const (
	kindNamespace = "namespace"
	kindEndpoint  = "endpoint"
)

// readError explains a failed HCN read of the object id. hcsshim reports
// "not found" with its own error types, which callers of netcore should not
// have to import; when isNotFound recognises err, the result also wraps
// errdefs.ErrNotFound. The original error stays in the chain either way.
//
// The predicate is a parameter so that this mapping, unlike the HCN calls,
// can be tested on any OS.
func readError(kind, id string, err error, isNotFound func(error) bool) error {
	if isNotFound != nil && isNotFound(err) {
		return fmt.Errorf("HCN %s %s: %w: %w", kind, id, errdefs.ErrNotFound, err)
	}
	return fmt.Errorf("read HCN %s %s: %w", kind, id, err)
}
