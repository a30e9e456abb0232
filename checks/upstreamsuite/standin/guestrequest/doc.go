// Package guestrequest stands in for hcsshim's
// internal/protocol/guestrequest: the WCOW NIC request types.
package guestrequest
