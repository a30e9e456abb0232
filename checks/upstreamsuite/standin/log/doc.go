// Package log stands in for hcsshim's internal/log: the controller's
// logging goes to a logger that discards it, so the check's output is the
// suite's findings only.
package log
