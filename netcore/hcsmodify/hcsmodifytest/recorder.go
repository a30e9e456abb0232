package hcsmodifytest

import (
	"context"
	"encoding/json"
	"sync"
)

// Recorder stands in for a compute system (hcsmodify.ComputeSystem) or a
// guest connection (hcsmodify.GuestConnection): it keeps every document it
// is handed and answers each with Err. It is safe for concurrent use.
type Recorder struct {
	// Err is returned from every Modify.
	Err error
	// Disconnected makes IsBridgeConnected report a closed bridge.
	Disconnected bool

	mu   sync.Mutex
	docs []interface{}
}

// ID implements hcsmodify.ComputeSystem.
func (r *Recorder) ID() string { return "recorder" }

// IsBridgeConnected implements hcsmodify.GuestConnection.
func (r *Recorder) IsBridgeConnected() bool { return !r.Disconnected }

// Modify implements hcsmodify.ComputeSystem and hcsmodify.GuestConnection.
func (r *Recorder) Modify(_ context.Context, doc interface{}) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.docs = append(r.docs, doc)
	return r.Err
}

// Documents returns the documents handed to Modify so far, in order.
func (r *Recorder) Documents() []interface{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]interface{}(nil), r.docs...)
}

// Wire returns the documents handed to Modify so far as the bytes a
// transport would send (encoding/json), in order.
func (r *Recorder) Wire() ([]string, error) {
	var out []string
	for _, d := range r.Documents() {
		b, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		out = append(out, string(b))
	}
	return out, nil
}
