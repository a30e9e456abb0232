package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
)

const snapshotUsage = `Usage: uvmnet snapshot [--json] FILE|-

Snapshot reads a pod network's live-migration snapshot (what a shim's Save
returns, written by uvmnet or by hcsshim) from FILE, or from standard input
for '-', and prints the namespace, the flags and each NIC with its endpoint,
MAC address and endpoint name. The snapshot is the anypb.Any itself, in
protobuf binary, in base64 of that, or in protojson; the encoding is
detected. It is validated by netcore.Import itself: what a destination
would refuse is refused here with Import's error, and exits 1.

Example:
	uvmnet snapshot network.snap
	base64 -d <saved.b64 | uvmnet snapshot --json -
`

var snapshotCommand = command{name: "snapshot", usage: snapshotUsage, run: runSnapshot}

// snapshotReport is what a snapshot holds, as --json prints it.
type snapshotReport struct {
	Format                  string              `json:"format"`
	TypeURL                 string              `json:"typeUrl"`
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
	stdin, stdout := s.stdin, s.stdout
	asJSON := fs.Bool("json", false, "print the snapshot as JSON, for machines")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{msg: err.Error()}
	}
	if fs.NArg() != 1 {
		return usagef("want one FILE, or - for standard input; got %d arguments", fs.NArg())
	}
	data, err := readSnapshotInput(fs.Arg(0), stdin)
	if err != nil {
		return err
	}
	report, err := inspectSnapshot(ctx, data)
	if err != nil {
		return err
	}
	if *asJSON {
		out, err := json.MarshalIndent(report, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", out)
		return err
	}
	return printSnapshot(stdout, report)
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

func printSnapshot(w io.Writer, r snapshotReport) error {
	var out bytes.Buffer
	writer := "uvmnet's legacy type URL"
	if r.TypeURL == netcore.SnapshotTypeURL {
		writer = "hcsshim's type URL, which uvmnet writes too"
	}
	fmt.Fprintf(&out, "snapshot:                  %s, %s (%s)\n", r.Format, r.TypeURL, writer)
	fmt.Fprintf(&out, "namespace:                 %s\n", r.NamespaceID)
	fmt.Fprintf(&out, "policy-based routing:      %t\n", r.PolicyBasedRouting)
	fmt.Fprintf(&out, "guest namespace supported: %t\n", r.GuestNamespaceSupported)
	fmt.Fprintf(&out, "NICs:                      %d\n", len(r.NICs))
	for _, n := range r.NICs {
		fmt.Fprintf(&out, "  NIC %s\n", n.ID)
		fmt.Fprintf(&out, "    endpoint: %s\n", n.EndpointID)
		fmt.Fprintf(&out, "    MAC:      %s\n", n.MacAddress)
		fmt.Fprintf(&out, "    name:     %s\n", n.EndpointName)
	}
	_, err := w.Write(out.Bytes())
	return err
}
