// Package guestresource stands in for the LCOW network adapter of
// hcsshim's internal/protocol/guestresource, which netlcow builds byte for
// byte as hcsshim does.
package guestresource
