package hcsmodifytest

import (
	"context"
	"sync"
)

// Recorder is an hcsmodify.Modifier that keeps every document it is
// handed and answers each with Err. It is safe for concurrent use.
type Recorder struct {
	// Err is returned from every Modify.
	Err error

	mu   sync.Mutex
	docs []interface{}
}

// Modify implements hcsmodify.Modifier.
func (r *Recorder) Modify(_ context.Context, config interface{}) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.docs = append(r.docs, config)
	return r.Err
}

// Documents returns the documents handed to Modify so far, in order.
func (r *Recorder) Documents() []interface{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]interface{}(nil), r.docs...)
}
