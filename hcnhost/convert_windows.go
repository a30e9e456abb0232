package hcnhost

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/Microsoft/hcsshim/hcn"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// The conversions between hcsshim's hcn types and the portable
// [hcnmodel] types live here, beside the reader that uses them, so that
// netcore, whose model they fill, does not require hcsshim.
//
// The conversions go through JSON rather than field-by-field copies because
// JSON is the contract both sides share: HCN hands these documents over as
// JSON, and the parity test pins our tags to hcsshim's. A copy written by
// hand would silently drop a field the day hcsshim adds one; the JSON path
// instead refuses the document (unknown fields are an error), so nothing is
// ever lost without someone noticing.

// FromHCNNamespace converts a namespace read from HCN into the portable
// model. A nil namespace converts to nil.
func FromHCNNamespace(ns *hcn.HostComputeNamespace) (*hcnmodel.Namespace, error) {
	out, err := viaJSON[hcnmodel.Namespace](ns)
	if err != nil {
		return nil, fmt.Errorf("convert HCN namespace to model: %w", err)
	}
	return out, nil
}

// ToHCNNamespace converts a model namespace back into the hcsshim type, for
// the calls that hand a namespace document to HCS or the guest. A nil
// namespace converts to nil.
func ToHCNNamespace(ns *hcnmodel.Namespace) (*hcn.HostComputeNamespace, error) {
	out, err := viaJSON[hcn.HostComputeNamespace](ns)
	if err != nil {
		return nil, fmt.Errorf("convert model namespace to HCN: %w", err)
	}
	return out, nil
}

// FromHCNEndpoint converts an endpoint read from HCN into the portable
// model. A nil endpoint converts to nil.
func FromHCNEndpoint(ep *hcn.HostComputeEndpoint) (*hcnmodel.Endpoint, error) {
	out, err := viaJSON[hcnmodel.Endpoint](ep)
	if err != nil {
		return nil, fmt.Errorf("convert HCN endpoint to model: %w", err)
	}
	return out, nil
}

// ToHCNEndpoint converts a model endpoint back into the hcsshim type. A nil
// endpoint converts to nil.
func ToHCNEndpoint(ep *hcnmodel.Endpoint) (*hcn.HostComputeEndpoint, error) {
	out, err := viaJSON[hcn.HostComputeEndpoint](ep)
	if err != nil {
		return nil, fmt.Errorf("convert model endpoint to HCN: %w", err)
	}
	return out, nil
}

// viaJSON re-decodes in as an Out. Numbers inside untyped fields (such as
// Health.Data) are kept as json.Number so that 64-bit integers survive the
// trip instead of being rounded through float64.
func viaJSON[Out, In any](in *In) (*Out, error) {
	if in == nil {
		return nil, nil
	}
	doc, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	out := new(Out)
	if err := dec.Decode(out); err != nil {
		return nil, err
	}
	return out, nil
}
