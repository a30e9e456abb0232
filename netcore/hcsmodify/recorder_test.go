package hcsmodify_test

import (
	"context"
	"sync"
)

// recorder is a Modifier that keeps every document it is given and answers
// with a fixed error, standing in for the compute system.
type recorder struct {
	mu   sync.Mutex
	docs []interface{}
	err  error
}

func (r *recorder) Modify(_ context.Context, config interface{}) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.docs = append(r.docs, config)
	return r.err
}

func (r *recorder) documents() []interface{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]interface{}(nil), r.docs...)
}
