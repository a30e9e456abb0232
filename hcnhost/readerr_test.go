package hcnhost

import (
	"context"
	"errors"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
)

var errHCNMissing = errors.New("Namespace ID not found")

func isMissing(err error) bool { return errors.Is(err, errHCNMissing) }

func TestReadErrorMapsNotFound(t *testing.T) {
	err := readError(kindNamespace, "9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34", errHCNMissing, isMissing)

	assert.True(t, errdefs.IsNotFound(err), "a missing object must read as errdefs not-found")
	assert.ErrorIs(t, err, errHCNMissing, "the HCN error must stay in the chain")
	assert.Contains(t, err.Error(), "namespace 9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34")
}

func TestReadErrorKeepsOtherErrors(t *testing.T) {
	hcnDown := errors.New("HNS service unavailable")

	err := readError(kindEndpoint, "5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90", hcnDown, isMissing)

	assert.False(t, errdefs.IsNotFound(err))
	assert.ErrorIs(t, err, hcnDown)
	assert.Contains(t, err.Error(), "endpoint 5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90")
}

func TestReadErrorWrapsContextErrors(t *testing.T) {
	err := readError(kindEndpoint, "5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90", context.Canceled, isMissing)

	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, errdefs.IsNotFound(err))
}

func TestReadErrorWithoutPredicate(t *testing.T) {
	err := readError(kindNamespace, "id", errHCNMissing, nil)

	assert.False(t, errdefs.IsNotFound(err))
	assert.ErrorIs(t, err, errHCNMissing)
}
