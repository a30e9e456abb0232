package guestrequest

import "github.com/uvmnet/uvmnet/netwcow"

// RequestType is a guest request's type.
type RequestType = netwcow.RequestType

// The request types the network controller sends.
const (
	RequestTypeAdd    = netwcow.RequestTypeAdd
	RequestTypeRemove = netwcow.RequestTypeRemove
	RequestTypePreAdd = netwcow.RequestTypePreAdd
)
