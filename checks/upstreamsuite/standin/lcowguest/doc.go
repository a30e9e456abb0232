// Package guestmanager stands in for hcsshim's internal/vm/guestmanager
// as the LCOW controller uses it: the guest's network calls, forwarded to
// the suite's netlcow guest contract, and its capabilities.
package guestmanager
