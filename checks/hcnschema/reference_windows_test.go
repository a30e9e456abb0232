//go:build windows

package hcnschema_test

// The schema tests load hcsshim's hcn package and the model by import path
// at run time. These imports make go mod tidy keep the modules in go.mod:
// hcnhost, the module that converts between the two, brings the hcsshim
// version a shim gets with it, so the comparison runs against that version,
// in and out of the workspace. (The file is for windows only because hcn
// and hcnhost's converters build only there; tidy reads files for every
// platform.)
import (
	_ "github.com/Microsoft/hcsshim/hcn"
	_ "github.com/uvmnet/uvmnet/hcnhost"
	_ "github.com/uvmnet/uvmnet/netcore/hcnmodel"
)
