//go:build windows && (lcow || wcow)

package guestmanager

import "context"

// Modify sends a bare guest request on the guest connection. With
// IsBridgeConnected it makes the guest manager uvmnet's
// hcsmodify.GuestConnection.
func (gm *Guest) Modify(ctx context.Context, req interface{}) error {
	return gm.modify(ctx, req)
}
