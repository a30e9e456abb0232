// Package subject binds hcsshim's network controller, as the check copies
// it, to the conformance suite: what an integrator writes to judge a
// controller they did not write. The binding declares what the
// controller has and no more: live migration (Save, Patch, Resume,
// ResetAfterMigration and Import); no hot-plug, NIC IDs of its own
// (guid.NewV4), one call at a time, no observer.
package subject
