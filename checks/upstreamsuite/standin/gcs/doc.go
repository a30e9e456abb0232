// Package gcs stands in for what the network controller takes from
// hcsshim's internal/gcs: the guest's capabilities and the bridge's
// closed-connection error.
package gcs
