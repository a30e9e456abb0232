package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// HNS's V1 schema is what the HNS PowerShell module on every Windows
// Kubernetes node prints by default (`Get-HnsEndpoint`,
// `Get-HnsNamespace`), and what hcsshim's V1 types describe:
// hcsshim.HNSEndpoint (internal/hns/hnsendpoint.go) and hns.Namespace
// (internal/hns/namespace.go) in hcsshim v0.15.0. The types below are
// ours, with the fields and JSON names of those, so the command reads a V1
// dump the way hcsshim reads HNS's V1 answers. Each field is either mapped
// onto the V2 model the controller reads, or, when it holds something, named
// in a warning: a V1 field the plan drops must not drop silently.

// hnsV1Endpoint is a V1 endpoint. Fields the conversion cannot map are kept
// raw: only whether they hold anything matters, and a raw value never fails
// to decode whatever a newer HNS puts there.
type hnsV1Endpoint struct {
	ID                 string
	Name               string
	VirtualNetwork     string
	VirtualNetworkName json.RawMessage
	Policies           []json.RawMessage
	MacAddress         string
	IPAddress          string
	IPv6Address        string
	DNSSuffix          string
	DNSServerList      string
	DNSDomain          string
	GatewayAddress     string
	GatewayAddressV6   string
	EnableInternalDNS  json.RawMessage
	DisableICC         json.RawMessage
	PrefixLength       uint8
	IPv6PrefixLength   uint8
	IsRemoteEndpoint   json.RawMessage
	EnableLowMetric    json.RawMessage
	Namespace          *hnsV1NamespaceRef
	EncapOverhead      uint16
	SharedContainers   json.RawMessage
	State              json.RawMessage
}

// hnsV1NamespaceRef is the namespace a V1 endpoint names.
type hnsV1NamespaceRef struct {
	ID string
}

// hnsV1Namespace is a V1 namespace (hns.Namespace).
type hnsV1Namespace struct {
	ID            string
	IsDefault     bool
	ResourceList  []hcnmodel.NamespaceResource
	CompartmentId uint32
}

// hnsV1Keys are the top-level keys only HNS's V1 endpoint schema has; one
// of them in a document marks it V1. (ID, Name, MacAddress and Policies
// are in both schemas.)
var hnsV1EndpointKeys = []string{
	"VirtualNetwork", "VirtualNetworkName", "IPAddress", "IPv6Address", "DNSSuffix",
	"DNSServerList", "DNSDomain", "GatewayAddress", "GatewayAddressV6", "EnableInternalDNS",
	"DisableICC", "PrefixLength", "IPv6PrefixLength", "IsRemoteEndpoint", "EnableLowMetric",
	"Namespace", "EncapOverhead", "SharedContainers",
}

// hnsV1NamespaceKeys mark a V1 namespace.
var hnsV1NamespaceKeys = []string{"IsDefault", "ResourceList", "CompartmentId", "CompartmentGuid", "Containers"}

// convertV1Endpoint maps a V1 endpoint onto the V2 model and names, in
// warnings, every V1 field that holds something the model cannot carry.
func convertV1Endpoint(v1 *hnsV1Endpoint) (*hcnmodel.Endpoint, []string) {
	ep := &hcnmodel.Endpoint{
		Id:                 v1.ID,
		Name:               v1.Name,
		HostComputeNetwork: v1.VirtualNetwork,
		MacAddress:         v1.MacAddress,
	}
	if v1.Namespace != nil {
		ep.HostComputeNamespace = v1.Namespace.ID
	}
	// V1 carries one address per family; V2 lists them.
	if v1.IPAddress != "" {
		ep.IpConfigurations = append(ep.IpConfigurations, hcnmodel.IpConfig{IpAddress: v1.IPAddress, PrefixLength: v1.PrefixLength})
	}
	if v1.IPv6Address != "" {
		ep.IpConfigurations = append(ep.IpConfigurations, hcnmodel.IpConfig{IpAddress: v1.IPv6Address, PrefixLength: v1.IPv6PrefixLength})
	}
	// A V1 gateway is the endpoint's default route; V2 writes the same
	// thing as a route to 0.0.0.0/0 (::/0) through it.
	if v1.GatewayAddress != "" {
		ep.Routes = append(ep.Routes, hcnmodel.Route{NextHop: v1.GatewayAddress, DestinationPrefix: "0.0.0.0/0"})
	}
	if v1.GatewayAddressV6 != "" {
		ep.Routes = append(ep.Routes, hcnmodel.Route{NextHop: v1.GatewayAddressV6, DestinationPrefix: "::/0"})
	}
	// V1 joins lists with commas: DNSSuffix is the search list (CNI writes
	// the pod's search domains there), DNSServerList the servers.
	ep.Dns = hcnmodel.Dns{Domain: v1.DNSDomain, Search: splitList(v1.DNSSuffix), ServerList: splitList(v1.DNSServerList)}
	// V1 carries the encapsulation overhead as a field; V2 as the policy
	// the guest adapter reads it from.
	if v1.EncapOverhead != 0 {
		settings, _ := json.Marshal(hcnmodel.EncapOverheadEndpointPolicySetting{Overhead: v1.EncapOverhead})
		ep.Policies = append(ep.Policies, hcnmodel.EndpointPolicy{Type: hcnmodel.EndpointPolicyType("EncapOverhead"), Settings: settings})
	}

	var warnings []string
	if len(v1.Policies) > 0 {
		warnings = append(warnings, fmt.Sprintf("V1 field Policies not mapped (%s): V1 policies are not V2 endpoint policies; "+
			"a Windows guest's pre-add carries the endpoint's V2 policies, which only the V2 document has", v1PolicyTypes(v1.Policies)))
	}
	for _, f := range []struct {
		name, why string
		raw       json.RawMessage
	}{
		{"VirtualNetworkName", "informational: VirtualNetwork's ID is mapped", v1.VirtualNetworkName},
		{"EnableLowMetric", "the controller sets it on the guest adapter from --policy-based-routing", v1.EnableLowMetric},
		{"EnableInternalDNS", "V2 endpoints have no such field", v1.EnableInternalDNS},
		{"DisableICC", "V2 endpoints have no such field", v1.DisableICC},
		{"IsRemoteEndpoint", "a remote endpoint is not attached to a local VM", v1.IsRemoteEndpoint},
		{"SharedContainers", "attachment state, not configuration", v1.SharedContainers},
		{"State", "attachment state, not configuration", v1.State},
	} {
		if holdsValue(f.raw) {
			warnings = append(warnings, fmt.Sprintf("V1 field %s = %s not mapped: %s", f.name, boundedQuote(string(f.raw)), f.why))
		}
	}
	return ep, warnings
}

// convertV1Namespace maps a V1 namespace onto the V2 model.
func convertV1Namespace(v1 *hnsV1Namespace) (*hcnmodel.Namespace, []string) {
	ns := &hcnmodel.Namespace{Id: v1.ID, NamespaceId: v1.CompartmentId, Resources: v1.ResourceList}
	warnings := []string{"V1 namespace: V1 has no namespace Type or SchemaVersion, so a Windows guest's namespace document carries neither; " +
		"plan from the V2 document for the exact bytes"}
	if v1.IsDefault {
		warnings = append(warnings, "V1 field IsDefault = true not mapped: a pod's namespace is never the host's default")
	}
	return ns, warnings
}

// v1PolicyTypes lists the Type of each V1 policy, quoted.
func v1PolicyTypes(policies []json.RawMessage) string {
	types := make([]string, 0, len(policies))
	for _, p := range policies {
		var typed struct{ Type string }
		_ = json.Unmarshal(p, &typed)
		types = append(types, boundedQuote(typed.Type))
	}
	return "types " + strings.Join(types, ", ")
}

// holdsValue reports whether a raw JSON value is anything but absent,
// null, false, zero, "" or empty.
func holdsValue(raw json.RawMessage) bool {
	switch strings.TrimSpace(string(raw)) {
	case "", "null", "false", "0", `""`, "[]", "{}":
		return false
	}
	return true
}

// splitList splits a V1 comma-separated list, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
