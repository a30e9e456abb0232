package netwcow

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
)

// The controller's behaviour is netcore's and is tested there and end to
// end; these tests cover only what this package adds before delegating.

func TestNewRequiresGuest(t *testing.T) {
	c, err := New(Config{NamespaceID: testNamespaceID})
	if !errors.Is(err, errdefs.ErrInvalidArgument) {
		t.Fatalf("New = %v, %v; want invalid argument", c, err)
	}
	if !strings.Contains(err.Error(), "Guest") {
		t.Errorf("error %q does not name the field", err)
	}
}

func TestResumeRequiresController(t *testing.T) {
	ctx := context.Background()
	// A controller not made by New or Import is refused rather than
	// dereferenced.
	if err := (&Controller{}).Resume(ctx, nil, nil, &fakeGuest{}); !errors.Is(err, errdefs.ErrFailedPrecondition) {
		t.Errorf("Resume on zero controller = %v, want failed precondition", err)
	}
	var nilCtrl *Controller
	if err := nilCtrl.Resume(ctx, nil, nil, &fakeGuest{}); !errors.Is(err, errdefs.ErrFailedPrecondition) {
		t.Errorf("Resume on nil controller = %v, want failed precondition", err)
	}
}
