// Package guestmanager stands in for hcsshim's internal/vm/guestmanager
// as the WCOW controller uses it: the guest's network calls, forwarded to
// the suite's netwcow guest contract, and its capabilities.
package guestmanager
