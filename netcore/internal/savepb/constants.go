package savepb

// SchemaVersion is the value written to [Payload.SchemaVersion] by this
// implementation. Import accepts only this version. It matches hcsshim's
// network save schema version, whose wire layout this package mirrors.
const SchemaVersion uint32 = 1

// TypeURL identifies a network snapshot payload in an anypb.Any. It is the
// URL hcsshim's controller writes and the only one its Import accepts, so
// snapshots carry it whichever controller wrote them; the message bytes
// have the same wire layout as [Payload].
const TypeURL = "type.microsoft.com/hcsshim.controller.network.save.v1.Payload"

// LegacyTypeURL is the URL uvmnet wrote before it adopted [TypeURL]:
// the proto full name uvmnet.netcore.save.v1.Payload with the default
// type.googleapis.com prefix, i.e. what anypb.New produces. Import still
// accepts it so that snapshots taken by earlier builds can be restored.
const LegacyTypeURL = "type.googleapis.com/uvmnet.netcore.save.v1.Payload"
