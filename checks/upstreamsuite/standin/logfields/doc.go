// Package logfields stands in for hcsshim's internal/logfields: the field
// names the network controller logs under.
package logfields
