package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netlcow"
	"github.com/uvmnet/uvmnet/netwcow"
)

const planUsage = `Usage: uvmnet plan --platform lcow|wcow --namespace FILE --endpoints FILE... [flags]
       uvmnet plan --platform lcow|wcow --live NAMESPACE-ID [flags]   (Windows hosts)

Plan prints, in order, every document uvmnet's controller sends when it sets
up a pod's network and then tears it down, each after a '#' line naming the
operation, its transport (compute-system or guest-connection) and the step.
It runs the real controller and managers; only the transports record the
bytes instead of sending them. Nothing is sent anywhere.

The HCN documents are JSON in HCN's V2 schema, as hcsshim's hcn types
marshal them or as Windows tools print them (Id or ID, IpConfigurations or
IPConfigurations, IpAddress or IPAddress, Dns or DNS: keys match in any
letter case). --namespace is one namespace document. Each --endpoints file is
one endpoint document or a JSON array of them; every endpoint given is in the
namespace, listed in the order given (Setup then puts the one named ...eth0
first). With --live, the namespace and its endpoints are read from the
host's HCN instead, read-only.

NIC IDs are random in a shim. Here they are fixed so the output is
reproducible: the n-th NIC (in attach order) gets the version-5 GUID of
"nic-<n>" in the namespace's GUID, unless --nic-ids lists them.

An endpoint Setup refuses prints Setup's error, naming the endpoint, field
and value, and exits 1.

Example:
	uvmnet plan --platform lcow --namespace ns.json --endpoints eps.json
	uvmnet plan --platform wcow --route legacy --raw \
		--namespace ns.json --endpoints eth0.json --endpoints eth1.json
`

var planCommand = command{name: "plan", usage: planUsage, run: runPlan}

// Guest routes, as --route takes them.
const (
	routeConn   = "conn"
	routeLegacy = "legacy"
)

// planOptions is a parsed plan command line.
type planOptions struct {
	platform           string
	route              string
	namespaceFile      string
	endpointFiles      []string
	live               string
	guestNamespace     bool
	policyBasedRouting bool
	nicIDs             []string
	raw                bool
}

// fileList is a repeatable flag.
type fileList []string

func (l *fileList) String() string     { return strings.Join(*l, ",") }
func (l *fileList) Set(v string) error { *l = append(*l, v); return nil }

func parsePlan(fs *flag.FlagSet, args []string) (planOptions, error) {
	var o planOptions
	var endpoints fileList
	var nicIDs string
	fs.StringVar(&o.platform, "platform", "", "guest platform: lcow (Linux guest) or wcow (Windows guest); required")
	fs.StringVar(&o.route, "route", routeConn, "guest route: conn (the guest connection, a current shim) or legacy (through the compute system)")
	fs.StringVar(&o.namespaceFile, "namespace", "", "HCN namespace `FILE` (JSON)")
	fs.Var(&endpoints, "endpoints", "HCN endpoints `FILE` (JSON: one endpoint or an array); repeatable")
	fs.StringVar(&o.live, "live", "", "read `NAMESPACE-ID` and its endpoints from this host's HCN (Windows only)")
	fs.BoolVar(&o.guestNamespace, "guest-namespace", true, "the guest accepts namespace add requests (its capability)")
	fs.BoolVar(&o.policyBasedRouting, "policy-based-routing", false, "configure policy-based routing in the guest")
	fs.StringVar(&nicIDs, "nic-ids", "", "comma-separated NIC `GUIDs`, in attach order, instead of the derived ones")
	fs.BoolVar(&o.raw, "raw", false, "print each document's exact bytes on one line instead of indented")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return o, err
		}
		return o, usageError{msg: err.Error()}
	}
	o.endpointFiles = endpoints
	switch {
	case fs.NArg() > 0:
		return o, usagef("unexpected argument %q", fs.Arg(0))
	case o.platform != "lcow" && o.platform != "wcow":
		return o, usagef("flag --platform: invalid value %q: want lcow or wcow", o.platform)
	case o.route != routeConn && o.route != routeLegacy:
		return o, usagef("flag --route: invalid value %q: want %s or %s", o.route, routeConn, routeLegacy)
	case o.live != "" && (o.namespaceFile != "" || len(o.endpointFiles) > 0):
		return o, usagef("flag --live reads HCN: it takes no --namespace or --endpoints file")
	case o.live == "" && o.namespaceFile == "":
		return o, usagef("flag --namespace (or --live) is required")
	}
	var err error
	o.nicIDs, err = parseNICIDs(nicIDs)
	return o, err
}

func runPlan(ctx context.Context, fs *flag.FlagSet, args []string, _ io.Reader, stdout io.Writer) error {
	o, err := parsePlan(fs, args)
	if err != nil {
		return err
	}
	host, namespaceID, err := planHost(o)
	if err != nil {
		return err
	}
	docs, err := plan(ctx, o, host, namespaceID)
	if err != nil {
		return err
	}
	return printPlan(stdout, o, namespaceID, docs)
}

// planHost returns the HCN the plan reads and the namespace to plan.
func planHost(o planOptions) (netcore.HostNetwork, string, error) {
	if o.live != "" {
		host, err := liveHost()
		return host, o.live, err
	}
	ns, err := readNamespaceFile(o.namespaceFile)
	if err != nil {
		return nil, "", err
	}
	var eps []*hcnmodel.Endpoint
	for _, name := range o.endpointFiles {
		more, err := readEndpointsFile(name)
		if err != nil {
			return nil, "", err
		}
		eps = append(eps, more...)
	}
	return newFileHost(ns, eps), ns.Id, nil
}

func readNamespaceFile(name string) (*hcnmodel.Namespace, error) {
	data, err := readHCNFile(name)
	if err != nil {
		return nil, fmt.Errorf("namespace file: %w", err)
	}
	ns, err := decodeNamespace(data)
	if err != nil {
		return nil, fmt.Errorf("namespace file %s: %w", name, err)
	}
	return ns, nil
}

func readEndpointsFile(name string) ([]*hcnmodel.Endpoint, error) {
	data, err := readHCNFile(name)
	if err != nil {
		return nil, fmt.Errorf("endpoints file: %w", err)
	}
	eps, err := decodeEndpoints(data)
	if err != nil {
		return nil, fmt.Errorf("endpoints file %s: %w", name, err)
	}
	return eps, nil
}

// plan builds the controller a shim would build, over recording
// transports, and runs Setup then Teardown. It returns every document in
// the order the transports received them.
func plan(ctx context.Context, o planOptions, host netcore.HostNetwork, namespaceID string) ([]sentDocument, error) {
	j := &journal{}
	cs := recordingComputeSystem{j: j}
	conn := recordingGuestConnection{j: j}
	ids := newNICIDSource(namespaceID, o.nicIDs)
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID:        namespaceID,
		PolicyBasedRouting: o.policyBasedRouting,
		VM:                 labelledVM{j: j, inner: hcsmodify.NewVMNetwork(cs)},
		Host:               host,
		Guest:              labelledGuest{j: j, inner: guestSteps(o, cs, conn)},
		Capabilities:       guestCapability(o.guestNamespace),
		// Concurrency 1, the default, keeps the strict call order a shim
		// without tuning gets, and one step at a time for the labels.
		Tuning: netcore.Tuning{NewNICID: ids.newNICID},
	})
	if err != nil {
		return nil, err
	}
	j.setOperation("setup")
	if err := ctrl.Setup(ctx); err != nil {
		return nil, fmt.Errorf("setup refused: %w", err)
	}
	j.setOperation("teardown")
	if err := ctrl.Teardown(ctx); err != nil {
		return nil, fmt.Errorf("teardown failed: %w", err)
	}
	return j.documents(), nil
}

// guestSteps returns the platform's guest steps over its ready guest
// manager on the chosen route, as a shim wires them.
func guestSteps(o planOptions, cs hcsmodify.ComputeSystem, conn hcsmodify.GuestConnection) netcore.GuestSteps {
	switch {
	case o.platform == "lcow" && o.route == routeLegacy:
		return netlcow.NewGuestSteps(netlcow.NewLegacyGuestManager(cs))
	case o.platform == "lcow":
		return netlcow.NewGuestSteps(netlcow.NewGuestManager(conn))
	case o.route == routeLegacy:
		return netwcow.NewGuestSteps(netwcow.NewLegacyGuestManager(cs))
	default:
		return netwcow.NewGuestSteps(netwcow.NewGuestManager(conn))
	}
}

// guestCapability is the guest's answer to the namespace capability.
type guestCapability bool

func (g guestCapability) IsNamespaceAddRequestSupported() bool { return bool(g) }

// printPlan writes the documents under their labels: indented JSON, or with
// raw, each document's exact bytes on one line, so `grep -v '^#'` leaves
// only what the transports were handed.
func printPlan(w io.Writer, o planOptions, namespaceID string, docs []sentDocument) error {
	route := "guest connection"
	if o.route == routeLegacy {
		route = "legacy, through the compute system"
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "# uvmnet plan: namespace %s, platform %s, guest route %s, guest namespace supported %t, policy-based routing %t\n",
		namespaceID, o.platform, route, o.guestNamespace, o.policyBasedRouting)
	counts := map[string]int{}
	for _, d := range docs {
		counts[d.Operation]++
		step := d.Step
		if step == "" {
			step = "(no step)"
		}
		if !o.raw {
			out.WriteByte('\n')
		}
		fmt.Fprintf(&out, "# %s %d, %s: %s\n", d.Operation, counts[d.Operation], d.Transport, step)
		if o.raw {
			out.Write(d.Bytes)
		} else if err := json.Indent(&out, d.Bytes, "", "  "); err != nil {
			return fmt.Errorf("indent document: %v: %w", err, errdefs.ErrInternal)
		}
		out.WriteByte('\n')
	}
	if len(docs) == 0 {
		fmt.Fprintln(&out, "# no documents: the namespace has no endpoints and the guest takes no namespace")
	}
	_, err := w.Write(out.Bytes())
	return err
}
