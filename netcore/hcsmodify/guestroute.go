package hcsmodify

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
)

// GuestRoute delivers guest requests to the guest agent. There are two
// routes, and a shim uses the one its guest requests really travel by:
//
//   - [ViaGuestConnection], the route of a current shim: the bare request
//     goes on the guest connection, and the guest agent reads its
//     ResourceType at the top level;
//   - [ViaComputeSystem], the legacy route for a shim with no guest
//     connection: the request travels inside an HCS modify document's
//     GuestRequest, and HCS forwards it.
//
// Sending a wrapped document on the guest connection, or a bare one to the
// compute system, reaches nothing: the guest agent refuses the first (it
// finds no ResourceType) and HCS the second. The ready guest managers of
// netlcow and netwcow are built over a route.
type GuestRoute interface {
	// SendGuestRequest delivers req. Errors from the transport are wrapped,
	// never replaced; hcsshim's signs of a gone guest or VM gain netcore's
	// sentinel (see [ComputeSystem] and [GuestConnection]).
	SendGuestRequest(ctx context.Context, req *GuestRequest) error
}

// ViaGuestConnection returns the route that sends each guest request,
// bare, on conn. A closed bridge is reported as [netcore.ErrGuestUnavailable]
// without sending. A route over a nil conn, or a nil pointer in the
// interface, sends nothing and says so from [CheckRoute].
func ViaGuestConnection(conn GuestConnection) GuestRoute {
	if missing(conn) {
		conn = nil
	}
	return guestConnectionRoute{conn: conn}
}

// ViaComputeSystem returns the legacy route: each guest request is sent to
// cs as the GuestRequest of an HCS modify document. A route over a nil cs,
// or a nil pointer in the interface, sends nothing and says so from
// [CheckRoute].
func ViaComputeSystem(cs ComputeSystem) GuestRoute {
	if missing(cs) {
		cs = nil
	}
	return computeSystemRoute{cs: cs}
}

type guestConnectionRoute struct{ conn GuestConnection }

func (r guestConnectionRoute) SendGuestRequest(ctx context.Context, req *GuestRequest) error {
	if r.conn == nil {
		return fmt.Errorf("guest connection route: no guest connection: %w", errdefs.ErrFailedPrecondition)
	}
	if !r.conn.IsBridgeConnected() {
		return fmt.Errorf("guest connection: bridge is not connected: %w", netcore.ErrGuestUnavailable)
	}
	return classifyGone(fromGuestConnection, kindOf(req), r.conn.Modify(ctx, req))
}

type computeSystemRoute struct{ cs ComputeSystem }

func (r computeSystemRoute) SendGuestRequest(ctx context.Context, req *GuestRequest) error {
	if r.cs == nil {
		return fmt.Errorf("compute system route: no compute system: %w", errdefs.ErrFailedPrecondition)
	}
	if err := classifyGone(fromComputeSystem, kindOf(req), r.cs.Modify(ctx, &ModifySettingRequest{GuestRequest: req})); err != nil {
		return fmt.Errorf("guest request %s %s through compute system %s: %w", req.RequestType, req.ResourceType, r.cs.ID(), err)
	}
	return nil
}

// kindOf says whether a guest request removes something: a Windows
// guest's pre-add travels as an Add too.
func kindOf(req *GuestRequest) callKind {
	if req != nil && req.RequestType == RequestTypeRemove {
		return removeCall
	}
	return addCall
}
