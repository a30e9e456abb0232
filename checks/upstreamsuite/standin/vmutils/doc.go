// Package vmutils stands in for hcsshim's internal/vm/vmutils: whether a
// VM call failed because the VM is gone.
package vmutils
