package savepb

// SchemaVersion is the value written to [Payload.SchemaVersion] by this
// implementation. Import accepts only this version. It matches hcsshim's
// network save schema version, whose wire layout this package mirrors.
const SchemaVersion uint32 = 1

// TypeURL identifies a [Payload] packed into an anypb.Any by uvmnet. It is
// derived from the proto full name uvmnet.netcore.save.v1.Payload with the
// default type.googleapis.com prefix, i.e. what anypb.New produces.
const TypeURL = "type.googleapis.com/uvmnet.netcore.save.v1.Payload"

// HCSShimTypeURL identifies hcsshim's network save payload in an anypb.Any.
// Its message bytes have the same wire layout as [Payload], so a snapshot
// carrying this type URL can be decoded with [Payload] directly.
const HCSShimTypeURL = "type.microsoft.com/hcsshim.controller.network.save.v1.Payload"
