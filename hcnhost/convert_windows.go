package hcnhost

import (
	"bytes"
	"fmt"

	"github.com/Microsoft/hcsshim/hcn"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// The conversions between hcsshim's hcn types and the portable
// [hcnmodel] types live here, beside the reader that uses them, so that
// netcore, whose model they fill, does not require hcsshim.
//
// They copy rather than re-encode: hcsshim has already decoded each
// document, and encoding it again only to decode it into the model cost
// more than the rest of a pod's Setup on the host side. Three checks keep
// a copy from silently dropping a field the day hcsshim adds one: the
// nested types whose fields are the same on both sides are converted as
// Go struct conversions, which stop compiling when either side gains a
// field; the schema parity check (module checks/hcnschema) names every
// field that differs; and TestConversionsCoverEveryField fills every field
// of both types by reflection and requires each to survive the round trip.
// Every slice and raw JSON value is copied, so the model never aliases the
// document it came from.

// FromHCNNamespace converts a namespace read from HCN into the portable
// model. A nil namespace converts to nil.
func FromHCNNamespace(ns *hcn.HostComputeNamespace) (*hcnmodel.Namespace, error) {
	if ns == nil {
		return nil, nil
	}
	return &hcnmodel.Namespace{
		Id:          ns.Id,
		NamespaceId: ns.NamespaceId,
		Type:        hcnmodel.NamespaceType(ns.Type),
		Resources: convertSlice(ns.Resources, func(r hcn.NamespaceResource) hcnmodel.NamespaceResource {
			return hcnmodel.NamespaceResource{Type: hcnmodel.NamespaceResourceType(r.Type), Data: bytes.Clone(r.Data)}
		}),
		SchemaVersion: hcnmodel.SchemaVersion(ns.SchemaVersion),
	}, nil
}

// ToHCNNamespace converts a model namespace back into the hcsshim type, for
// the calls that hand a namespace document to HCS or the guest. A nil
// namespace converts to nil.
func ToHCNNamespace(ns *hcnmodel.Namespace) (*hcn.HostComputeNamespace, error) {
	if ns == nil {
		return nil, nil
	}
	return &hcn.HostComputeNamespace{
		Id:          ns.Id,
		NamespaceId: ns.NamespaceId,
		Type:        hcn.NamespaceType(ns.Type),
		Resources: convertSlice(ns.Resources, func(r hcnmodel.NamespaceResource) hcn.NamespaceResource {
			return hcn.NamespaceResource{Type: hcn.NamespaceResourceType(r.Type), Data: bytes.Clone(r.Data)}
		}),
		SchemaVersion: hcn.SchemaVersion(ns.SchemaVersion),
	}, nil
}

// FromHCNEndpoint converts an endpoint read from HCN into the portable
// model. A nil endpoint converts to nil.
func FromHCNEndpoint(ep *hcn.HostComputeEndpoint) (*hcnmodel.Endpoint, error) {
	if ep == nil {
		return nil, nil
	}
	data, err := copyUntyped(ep.Health.Data)
	if err != nil {
		return nil, fmt.Errorf("convert HCN endpoint %s to model: Health.Data: %w", ep.Id, err)
	}
	return &hcnmodel.Endpoint{
		Id:                   ep.Id,
		Name:                 ep.Name,
		HostComputeNetwork:   ep.HostComputeNetwork,
		HostComputeNamespace: ep.HostComputeNamespace,
		Policies: convertSlice(ep.Policies, func(p hcn.EndpointPolicy) hcnmodel.EndpointPolicy {
			return hcnmodel.EndpointPolicy{Type: hcnmodel.EndpointPolicyType(p.Type), Settings: bytes.Clone(p.Settings)}
		}),
		IpConfigurations: convertSlice(ep.IpConfigurations, func(c hcn.IpConfig) hcnmodel.IpConfig { return hcnmodel.IpConfig(c) }),
		Dns:              cloneDNS(hcnmodel.Dns(ep.Dns)),
		Routes:           convertSlice(ep.Routes, func(r hcn.Route) hcnmodel.Route { return hcnmodel.Route(r) }),
		MacAddress:       ep.MacAddress,
		Flags:            hcnmodel.EndpointFlags(ep.Flags),
		Health:           hcnmodel.Health{Data: data, Extra: cloneExtra(hcnmodel.ExtraParams(ep.Health.Extra))},
		SchemaVersion:    hcnmodel.SchemaVersion(ep.SchemaVersion),
	}, nil
}

// ToHCNEndpoint converts a model endpoint back into the hcsshim type. A nil
// endpoint converts to nil.
func ToHCNEndpoint(ep *hcnmodel.Endpoint) (*hcn.HostComputeEndpoint, error) {
	if ep == nil {
		return nil, nil
	}
	data, err := copyUntyped(ep.Health.Data)
	if err != nil {
		return nil, fmt.Errorf("convert model endpoint %s to HCN: Health.Data: %w", ep.Id, err)
	}
	return &hcn.HostComputeEndpoint{
		Id:                   ep.Id,
		Name:                 ep.Name,
		HostComputeNetwork:   ep.HostComputeNetwork,
		HostComputeNamespace: ep.HostComputeNamespace,
		Policies: convertSlice(ep.Policies, func(p hcnmodel.EndpointPolicy) hcn.EndpointPolicy {
			return hcn.EndpointPolicy{Type: hcn.EndpointPolicyType(p.Type), Settings: bytes.Clone(p.Settings)}
		}),
		IpConfigurations: convertSlice(ep.IpConfigurations, func(c hcnmodel.IpConfig) hcn.IpConfig { return hcn.IpConfig(c) }),
		Dns:              hcn.Dns(cloneDNS(ep.Dns)),
		Routes:           convertSlice(ep.Routes, func(r hcnmodel.Route) hcn.Route { return hcn.Route(r) }),
		MacAddress:       ep.MacAddress,
		Flags:            hcn.EndpointFlags(ep.Flags),
		Health:           hcn.Health{Data: data, Extra: hcn.ExtraParams(cloneExtra(ep.Health.Extra))},
		SchemaVersion:    hcn.SchemaVersion(ep.SchemaVersion),
	}, nil
}
