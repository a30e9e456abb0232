package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
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
marshal them or as Windows tools print them (keys match in any letter
case), or in HNS's V1 schema (plain Get-HnsEndpoint), converted with a
warning for each field V2 cannot carry; UTF-8 or UTF-16, with or without a
byte-order mark. For V2 on a node, with the HNS module's hns.v2.psm1:
	Get-HnsNamespace -Version 2 -Id ID | ConvertTo-Json -Depth 10 > ns.json
	Get-HnsEndpoint -Version 2 | ConvertTo-Json -Depth 10 > eps.json
--namespace is one namespace document. The endpoints planned are those the
namespace lists, in its order (Setup then puts the one named ...eth0
first); each --endpoints file (one endpoint or a JSON array) supplies their
documents, and an endpoint listed but not given, or given but not listed,
is an error. With --live, the namespace and its endpoints are read from
the host's HCN instead, read-only.

NIC IDs are random in a shim. Here they are fixed so the output is
reproducible: the n-th NIC (in attach order) gets the version-5 GUID of
"nic-<n>" in the namespace's GUID, unless --nic-ids lists them, one per
endpoint.

An endpoint Setup refuses prints Setup's error, naming the endpoint, field
and value, and exits 1. The operator's guide:
	go doc github.com/uvmnet/uvmnet/cmd/uvmnet

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
	fs.StringVar(&o.platform, "platform", "", "guest platform: lcow (Linux guest) or wcow (Windows guest), in any letter case; required")
	fs.StringVar(&o.route, "route", routeConn, "guest route: conn (the guest connection, a current shim) or legacy (through the compute system)")
	fs.StringVar(&o.namespaceFile, "namespace", "", "HCN namespace `FILE` (JSON, V2 or HNS V1)")
	fs.Var(&endpoints, "endpoints", "HCN endpoints `FILE` (JSON, V2 or HNS V1: one endpoint or an array); repeatable")
	fs.StringVar(&o.live, "live", "", "read `NAMESPACE-ID` and its endpoints from this host's HCN (Windows only)")
	fs.BoolVar(&o.guestNamespace, "guest-namespace", true, "the guest accepts namespace add requests (its capability)")
	fs.BoolVar(&o.policyBasedRouting, "policy-based-routing", false, "configure policy-based routing in the guest")
	fs.StringVar(&nicIDs, "nic-ids", "", "comma-separated NIC `GUIDs`, one per endpoint in attach order, instead of the derived ones")
	fs.BoolVar(&o.raw, "raw", false, "print each document's exact bytes on one line instead of indented")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return o, err
		}
		return o, usageError{msg: err.Error()}
	}
	o.endpointFiles = endpoints
	o.platform = strings.ToLower(o.platform)
	o.route = strings.ToLower(o.route)
	switch {
	case fs.NArg() > 0:
		return o, usagef("unexpected argument %s", boundedQuote(fs.Arg(0)))
	case o.platform != "lcow" && o.platform != "wcow":
		return o, usagef("flag --platform: invalid value %s: want lcow or wcow", boundedQuote(o.platform))
	case o.route != routeConn && o.route != routeLegacy:
		return o, usagef("flag --route: invalid value %s: want %s or %s", boundedQuote(o.route), routeConn, routeLegacy)
	case o.live != "" && (o.namespaceFile != "" || len(o.endpointFiles) > 0):
		return o, usagef("flag --live reads HCN: it takes no --namespace or --endpoints file")
	case o.live == "" && o.namespaceFile == "":
		return o, usagef("flag --namespace (or --live) is required")
	}
	var err error
	o.nicIDs, err = parseNICIDs(nicIDs)
	return o, err
}

func runPlan(ctx context.Context, fs *flag.FlagSet, args []string, s streams) error {
	o, err := parsePlan(fs, args)
	if err != nil {
		return err
	}
	host, namespaceID, warnings, err := planHost(o)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintf(s.stderr, "uvmnet plan: warning: %s\n", w)
	}
	if err := checkNICIDCount(ctx, o, host, namespaceID); err != nil {
		return err
	}
	out := bufio.NewWriter(s.stdout)
	p := &planPrinter{w: out, o: o, namespaceID: namespaceID}
	if err := plan(ctx, o, host, namespaceID, p.print); err != nil {
		return err
	}
	if err := p.finish(); err != nil {
		return err
	}
	return out.Flush()
}

// checkNICIDCount makes --nic-ids a usage error unless it gives exactly
// one ID per endpoint the namespace lists: a surplus ID is as much a
// mistake as a missing one.
func checkNICIDCount(ctx context.Context, o planOptions, host netcore.HostNetwork, namespaceID string) error {
	if o.nicIDs == nil {
		return nil
	}
	ids, err := host.GetNamespaceEndpointIDs(ctx, namespaceID)
	if err != nil {
		return err
	}
	if len(o.nicIDs) != len(ids) {
		return usagef("flag --nic-ids: %d IDs for %d endpoints: give one per endpoint, in attach order", len(o.nicIDs), len(ids))
	}
	return nil
}

// planHost returns the HCN the plan reads, the namespace to plan, and the
// warnings reading the files gave.
func planHost(o planOptions) (netcore.HostNetwork, string, []string, error) {
	if o.live != "" {
		host, err := liveHost()
		return host, o.live, nil, err
	}
	ns, warnings, err := readNamespaceFile(o.namespaceFile)
	if err != nil {
		return nil, "", nil, err
	}
	files := newEndpointFiles()
	for _, name := range o.endpointFiles {
		w, err := files.read(name)
		if err != nil {
			return nil, "", nil, err
		}
		warnings = append(warnings, w...)
	}
	host, err := newFileHost(ns, files.endpoints, files.from)
	if err != nil {
		return nil, "", nil, err
	}
	return host, ns.Id, warnings, nil
}

func readNamespaceFile(name string) (*hcnmodel.Namespace, []string, error) {
	data, err := readHCNFile(name, maxHCNFileBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("namespace file: %w", err)
	}
	ns, warnings, err := decodeNamespace(data)
	if err != nil {
		return nil, nil, fmt.Errorf("namespace file %s: %w", name, err)
	}
	for i, w := range warnings {
		warnings[i] = fmt.Sprintf("namespace file %s: %s", name, w)
	}
	return ns, warnings, nil
}

// endpointFiles gathers the endpoints of every --endpoints file under
// bounds on the whole plan: maxHCNFileBytes of files in all, and no more
// endpoints than a Utility VM takes NICs.
type endpointFiles struct {
	endpoints []*hcnmodel.Endpoint
	from      []string // the file each endpoint came from
	budget    int64
}

func newEndpointFiles() *endpointFiles { return &endpointFiles{budget: maxHCNFileBytes} }

func (f *endpointFiles) read(name string) ([]string, error) {
	data, err := readHCNFile(name, f.budget)
	var over tooLarge
	if errors.As(err, &over) {
		return nil, fmt.Errorf("endpoints file: %s: more than %d bytes left of the %d all --endpoints files together may hold: %w",
			name, int64(over), int64(maxHCNFileBytes), errdefs.ErrInvalidArgument)
	}
	if err != nil {
		return nil, fmt.Errorf("endpoints file: %w", err)
	}
	f.budget -= int64(len(data))
	eps, warnings, err := decodeEndpoints(data)
	if err != nil {
		return nil, fmt.Errorf("endpoints file %s: %w", name, err)
	}
	if n := len(f.endpoints) + len(eps); n > netcore.MaxNICs {
		return nil, fmt.Errorf("endpoints file %s: %d endpoints given in all: a Utility VM takes at most %d NICs (netcore.MaxNICs): %w",
			name, n, netcore.MaxNICs, errdefs.ErrInvalidArgument)
	}
	for _, ep := range eps {
		f.endpoints = append(f.endpoints, ep)
		f.from = append(f.from, name)
	}
	for i, w := range warnings {
		warnings[i] = fmt.Sprintf("endpoints file %s: %s", name, w)
	}
	return warnings, nil
}

// plan builds the controller a shim would build, over recording
// transports, and runs Setup then Teardown, handing each document to emit
// as the transports receive it.
func plan(ctx context.Context, o planOptions, host netcore.HostNetwork, namespaceID string, emit func(sentDocument) error) error {
	j := &journal{emit: emit}
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
		return err
	}
	j.setOperation("setup")
	if err := ctrl.Setup(ctx); err != nil {
		return fmt.Errorf("setup refused: %w", err)
	}
	j.setOperation("teardown")
	if err := ctrl.Teardown(ctx); err != nil {
		return fmt.Errorf("teardown failed: %w", err)
	}
	return nil
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
