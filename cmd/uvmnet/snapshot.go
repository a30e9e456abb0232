package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/proto"

	"github.com/uvmnet/uvmnet/netcore"
)

const snapshotUsage = `Usage: uvmnet snapshot [--json] FILE|-

Snapshot reads a pod network's live-migration snapshot (what a shim's Save
returns, written by uvmnet or by hcsshim) from FILE, or from standard input
for '-', and prints its schema version, the namespace, the flags and each
NIC with its endpoint, MAC address and endpoint name. It reads a snapshot
however it travels, and says which it found:

  - the anypb.Any in protobuf binary, in base64 of that, or in protojson;
  - its type URL and its value in base64, on two lines;
  - its value alone (a bare payload), in binary, base64 or protojson,
    read as hcsshim's type since it names none;
  - the report 'uvmnet snapshot --json' prints.

Text may be UTF-8 or UTF-16, with or without a byte-order mark. The
snapshot is validated by netcore.Import itself: what a destination would
refuse is refused here with Import's error, and exits 1. Strings from the
snapshot are printed as they are when plainly printable, and quoted with Go
escapes otherwise.

Example:
	uvmnet snapshot network.snap
	base64 -d <saved.b64 | uvmnet snapshot --json -
	uvmnet snapshot --json network.snap | uvmnet snapshot -
`

var snapshotCommand = command{name: "snapshot", usage: snapshotUsage, run: runSnapshot}

// snapshotReport is what a snapshot holds, as --json prints it. It holds
// every field of the snapshot, so the command reads it back.
type snapshotReport struct {
	Format                  string              `json:"format"`
	TypeURL                 string              `json:"typeUrl"`
	SchemaVersion           uint32              `json:"schemaVersion"`
	NamespaceID             string              `json:"namespaceId"`
	PolicyBasedRouting      bool                `json:"policyBasedRouting"`
	GuestNamespaceSupported bool                `json:"guestNamespaceSupported"`
	NICs                    []snapshotNICReport `json:"nics"`
}

// snapshotNICReport is one NIC binding of a snapshot.
type snapshotNICReport struct {
	ID           string `json:"id"`
	EndpointID   string `json:"endpointId"`
	MacAddress   string `json:"macAddress"`
	EndpointName string `json:"endpointName"`
}

func runSnapshot(ctx context.Context, fs *flag.FlagSet, args []string, s streams) error {
	asJSON := fs.Bool("json", false, "print the snapshot as JSON, for machines (the command reads it back)")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{msg: err.Error()}
	}
	if fs.NArg() != 1 {
		return usagef("want one FILE, or - for standard input; got %d arguments", fs.NArg())
	}
	data, err := readSnapshotInput(fs.Arg(0), s.stdin)
	if err != nil {
		return err
	}
	report, err := inspectSnapshot(ctx, data)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(s.stdout)
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return err
		}
	} else {
		printSnapshot(out, report)
	}
	return out.Flush()
}

func readSnapshotInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		return readBounded(stdin, "standard input", maxSnapshotInput)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, errdefs.ErrInvalidArgument)
	}
	defer f.Close()
	return readBounded(f, name, maxSnapshotInput)
}

// inspectSnapshot decodes a snapshot and hands it to netcore.Import, the
// function a migration destination calls, so the bounds, checks and errors
// are exactly Import's; the imported controller is only described.
func inspectSnapshot(ctx context.Context, data []byte) (snapshotReport, error) {
	snap, format, err := decodeSnapshot(data)
	if err != nil {
		return snapshotReport{}, err
	}
	ctrl, err := netcore.Import(ctx, snap, netcore.Tuning{})
	if err != nil {
		return snapshotReport{}, err
	}
	d := ctrl.Describe()
	r := snapshotReport{
		Format:                  format,
		TypeURL:                 snap.GetTypeUrl(),
		SchemaVersion:           schemaVersion(snap.GetValue()),
		NamespaceID:             d.NamespaceID,
		PolicyBasedRouting:      d.PolicyBasedRouting,
		GuestNamespaceSupported: d.GuestNamespaceSupported,
		NICs:                    make([]snapshotNICReport, 0, len(d.NICs)),
	}
	for _, n := range d.NICs {
		r.NICs = append(r.NICs, snapshotNICReport{ID: n.ID, EndpointID: n.EndpointID, MacAddress: n.MacAddress, EndpointName: n.EndpointName})
	}
	return r, nil
}

// schemaVersion reads the version of a payload Import accepted.
func schemaVersion(value []byte) uint32 {
	mt, err := payloadType()
	if err != nil {
		return 0
	}
	m := mt.New()
	if proto.Unmarshal(value, m.Interface()) != nil {
		return 0
	}
	return uint32(m.Get(mt.Descriptor().Fields().ByName("schema_version")).Uint())
}

// printSnapshot writes the report for a reader. Every string in it came
// from the snapshot and passes through label: a name with a newline or an
// escape sequence is printed quoted, never raw.
func printSnapshot(w io.Writer, r snapshotReport) {
	writer := "uvmnet's legacy type URL"
	if r.TypeURL == netcore.SnapshotTypeURL {
		writer = "hcsshim's type URL, which uvmnet writes too"
	}
	fmt.Fprintf(w, "snapshot:                  %s, %s (%s)\n", r.Format, label(r.TypeURL), writer)
	if strings.HasPrefix(r.Format, formatBarePrefix) {
		fmt.Fprintf(w, "note:                      a bare payload names no type; read as hcsshim's %s\n", hcsshimPayloadName)
	}
	fmt.Fprintf(w, "schema version:            %d\n", r.SchemaVersion)
	fmt.Fprintf(w, "namespace:                 %s\n", label(r.NamespaceID))
	fmt.Fprintf(w, "policy-based routing:      %t\n", r.PolicyBasedRouting)
	fmt.Fprintf(w, "guest namespace supported: %t\n", r.GuestNamespaceSupported)
	fmt.Fprintf(w, "NICs:                      %d\n", len(r.NICs))
	for _, n := range r.NICs {
		fmt.Fprintf(w, "  NIC %s\n", label(n.ID))
		fmt.Fprintf(w, "    endpoint: %s\n", label(n.EndpointID))
		fmt.Fprintf(w, "    MAC:      %s\n", label(n.MacAddress))
		fmt.Fprintf(w, "    name:     %s\n", label(n.EndpointName))
	}
}
