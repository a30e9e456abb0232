// Package vmmanager stands in for hcsshim's internal/vm/vmmanager: the
// Utility VM whose NIC hot-add and hot-remove the controller calls,
// forwarding to the suite's VM network manager.
package vmmanager
