//go:build windows

package hcnschema_test

// The schema tests load these two packages by import path at run time. The
// imports make go mod tidy keep both modules in go.mod, so the comparison
// runs against the hcsshim version netcore requires, in and out of the
// workspace. (The file is for windows only because hcn builds only there;
// tidy reads files for every platform.)
import (
	_ "github.com/Microsoft/hcsshim/hcn"
	_ "github.com/uvmnet/uvmnet/netcore/hcnmodel"
)
