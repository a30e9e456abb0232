package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// maxHCNFileBytes bounds one namespace or endpoints file. A real endpoint
// document is a few kilobytes; the bound keeps a wrong file (a disk image,
// a log) from being read whole into memory.
const maxHCNFileBytes = 16 << 20

// The HCN documents are read with encoding/json, whose key matching ignores
// letter case. That is what lets one reader take every spelling the V2
// schema is printed in: hcsshim's hcn types marshal "ID", "IpConfigurations",
// "IpAddress" and "Dns", and Windows tools print "Id", "IPConfigurations",
// "IPAddress" and "DNS"; all land in the same hcnmodel fields. Unknown keys
// are ignored, as HCN's own clients ignore fields a newer HCN adds.
//
// A file is first turned into UTF-8 (decodeText), then unwrapped: Windows
// PowerShell 5.1's ConvertTo-Json writes an array it was handed as an
// object, {"value": [...], "Count": n}. Each document in it is then told
// apart by its keys: HCN's V2 schema, HNS's V1 schema (hnsv1.go), or
// neither, which is refused with what it looks like and how to get the V2
// document.

// How to get the documents in V2, for the refusals. The V2 cmdlets are the
// HNS module's (microsoft/SDN's hns.v2.psm1, whose Get-HnsEndpoint and
// Get-HnsNamespace take -Version 2); the plain Get-HnsEndpoint of the HNS
// module and of Windows' HostNetworkingService module prints V1.
const (
	endpointV2Hint  = "Get-HnsEndpoint -Version 2 | ConvertTo-Json -Depth 10 (hns.v2.psm1)"
	namespaceV2Hint = "Get-HnsNamespace -Version 2 -Id <namespace ID> | ConvertTo-Json -Depth 10 (hns.v2.psm1)"
)

// documentKind is what one JSON object in a file is.
type documentKind int

const (
	kindUnknown documentKind = iota
	kindEndpointV2
	kindEndpointV1
	kindNamespaceV2
	kindNamespaceV1
	kindNetwork
)

// Keys that only one kind of document has at its top level.
var (
	endpointV2Keys  = []string{"IpConfigurations", "HostComputeNetwork", "HostComputeNamespace", "Dns", "Routes", "Flags"}
	namespaceV2Keys = []string{"NamespaceId", "NamespaceGuid", "Resources"}
	networkKeys     = []string{"Subnets", "Ipams", "ManagementIP", "NetworkAdapterName", "SourceMac", "MacPools", "MacPool", "AutomaticDNS"}
)

// hcnDocument is one JSON object of a file with its top-level keys.
type hcnDocument struct {
	raw  json.RawMessage
	keys map[string]bool // lower-cased
}

func (d hcnDocument) hasAny(keys []string) bool {
	return slices.ContainsFunc(keys, func(k string) bool { return d.keys[strings.ToLower(k)] })
}

// present lists which of keys d has, in keys' spelling.
func (d hcnDocument) present(keys []string) []string {
	var out []string
	for _, k := range keys {
		if d.keys[strings.ToLower(k)] {
			out = append(out, k)
		}
	}
	return out
}

// kind tells the schema of d by its keys. A document with only keys both
// schemas share (ID, Name) reads as V2, the schema the command is for.
func (d hcnDocument) kind(want documentKind) documentKind {
	switch {
	case d.hasAny(networkKeys):
		// First: a V2 network has Dns and Flags, a V1 one DNSServerList,
		// as endpoints do.
		return kindNetwork
	case d.hasAny(endpointV2Keys):
		return kindEndpointV2
	case d.hasAny(hnsV1EndpointKeys):
		return kindEndpointV1
	case d.keys["macaddress"]:
		return kindEndpointV2
	case d.hasAny(namespaceV2Keys):
		return kindNamespaceV2
	case d.hasAny(hnsV1NamespaceKeys):
		return kindNamespaceV1
	case d.keys["id"]:
		return want
	}
	return kindUnknown
}

// readHCNDocuments decodes a file's text and returns its JSON objects: one
// object, an array of them, or PowerShell's {"value": [...], "Count": n}.
func readHCNDocuments(data []byte) ([]hcnDocument, error) {
	text, _, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	var top json.RawMessage
	if err := decodeOne(text, &top); err != nil {
		return nil, err
	}
	if d, ok := asObject(top); ok && len(d.keys) == 2 && d.keys["value"] && d.keys["count"] {
		var wrapper struct{ Value json.RawMessage }
		if err := json.Unmarshal(top, &wrapper); err == nil {
			top = wrapper.Value
		}
	}
	if d, ok := asObject(top); ok {
		return []hcnDocument{d}, nil
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(top, &entries); err != nil {
		return nil, fmt.Errorf("not an HCN document: a JSON %s, not an object or an array of objects: %w", jsonKind(top), errdefs.ErrInvalidArgument)
	}
	docs := make([]hcnDocument, 0, len(entries))
	for i, e := range entries {
		d, ok := asObject(e)
		if !ok {
			return nil, fmt.Errorf("entry %d: a JSON %s, not an HCN document: %w", i, jsonKind(e), errdefs.ErrInvalidArgument)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// asObject returns raw's keys when it is a JSON object.
func asObject(raw json.RawMessage) (hcnDocument, bool) {
	var fields map[string]json.RawMessage
	if len(bytes.TrimSpace(raw)) == 0 || bytes.TrimSpace(raw)[0] != '{' || json.Unmarshal(raw, &fields) != nil {
		return hcnDocument{}, false
	}
	d := hcnDocument{raw: raw, keys: make(map[string]bool, len(fields))}
	for k := range fields {
		d.keys[strings.ToLower(k)] = true
	}
	return d, true
}

func jsonKind(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	switch {
	case len(t) == 0:
		return "nothing"
	case t[0] == '[':
		return "array"
	case t[0] == '"':
		return "string"
	case t[0] == 'n':
		return "null"
	case t[0] == 't' || t[0] == 'f':
		return "boolean"
	}
	return "number"
}

// decodeNamespace reads the one namespace document of a --namespace file,
// in V2 or V1, and returns the warnings its conversion gave.
func decodeNamespace(data []byte) (*hcnmodel.Namespace, []string, error) {
	docs, err := readHCNDocuments(data)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range docs {
		if k := d.kind(kindNamespaceV2); k == kindEndpointV1 || k == kindEndpointV2 {
			return nil, nil, fmt.Errorf("holds an HCN endpoint (keys %s), not a namespace: were --namespace and --endpoints swapped?: %w",
				strings.Join(d.present(slices.Concat(endpointV2Keys, []string{"MacAddress"}, hnsV1EndpointKeys)), ", "), errdefs.ErrInvalidArgument)
		}
	}
	if len(docs) != 1 {
		return nil, nil, fmt.Errorf("%d documents: a namespace file holds one namespace: %w", len(docs), errdefs.ErrInvalidArgument)
	}
	d := docs[0]
	switch k := d.kind(kindNamespaceV2); k {
	case kindNamespaceV2:
		if err := refuseTruncated(d, namespaceV2Hint); err != nil {
			return nil, nil, err
		}
		var ns hcnmodel.Namespace
		if err := decodeOne(d.raw, &ns); err != nil {
			return nil, nil, err
		}
		return &ns, nil, nil
	case kindNamespaceV1:
		if err := refuseTruncated(d, namespaceV2Hint); err != nil {
			return nil, nil, err
		}
		var v1 hnsV1Namespace
		if err := decodeOne(d.raw, &v1); err != nil {
			return nil, nil, err
		}
		ns, warnings := convertV1Namespace(&v1)
		return ns, warnings, nil
	default:
		return nil, nil, notHCN(d, k, "namespace", namespaceV2Hint)
	}
}

// decodeEndpoints reads the endpoint documents of an --endpoints file, in
// V2 or V1, in the file's order, and returns the warnings their conversion
// gave, each naming its endpoint.
func decodeEndpoints(data []byte) ([]*hcnmodel.Endpoint, []string, error) {
	docs, err := readHCNDocuments(data)
	if err != nil {
		return nil, nil, err
	}
	eps := make([]*hcnmodel.Endpoint, 0, len(docs))
	var warnings []string
	for i, d := range docs {
		where := ""
		if len(docs) > 1 {
			where = fmt.Sprintf("entry %d: ", i)
		}
		switch k := d.kind(kindEndpointV2); k {
		case kindEndpointV2:
			if err := refuseTruncated(d, endpointV2Hint); err != nil {
				return nil, nil, fmt.Errorf("%s%w", where, err)
			}
			var ep hcnmodel.Endpoint
			if err := decodeOne(d.raw, &ep); err != nil {
				return nil, nil, fmt.Errorf("%s%w", where, err)
			}
			if v1 := d.present(hnsV1EndpointKeys); len(v1) > 0 {
				warnings = append(warnings, fmt.Sprintf("endpoint %s: a V2 document with HNS V1 keys, ignored: %s", label(ep.Id), strings.Join(v1, ", ")))
			}
			eps = append(eps, &ep)
		case kindEndpointV1:
			var v1 hnsV1Endpoint
			if err := decodeOne(d.raw, &v1); err != nil {
				return nil, nil, fmt.Errorf("%sHNS V1 endpoint: %w", where, err)
			}
			ep, w := convertV1Endpoint(&v1)
			warnings = append(warnings, fmt.Sprintf("endpoint %s: read as HNS V1 (hcsshim.HNSEndpoint) and converted to V2", label(ep.Id)))
			for _, msg := range w {
				warnings = append(warnings, fmt.Sprintf("endpoint %s: %s", label(ep.Id), msg))
			}
			eps = append(eps, ep)
		case kindNamespaceV1, kindNamespaceV2:
			return nil, nil, fmt.Errorf("%sholds an HCN namespace (keys %s), not an endpoint: were --namespace and --endpoints swapped?: %w",
				where, strings.Join(d.present(slices.Concat(namespaceV2Keys, hnsV1NamespaceKeys)), ", "), errdefs.ErrInvalidArgument)
		default:
			return nil, nil, fmt.Errorf("%s%w", where, notHCN(d, k, "endpoint", endpointV2Hint))
		}
	}
	return eps, warnings, nil
}

// notHCN refuses a document that is neither schema's wanted kind, saying
// what it looks like.
func notHCN(d hcnDocument, k documentKind, want, hint string) error {
	looks := "it has none of the keys of an HCN V2 or HNS V1 " + want
	if k == kindNetwork {
		looks = fmt.Sprintf("it looks like an HNS network (keys %s), as Get-HnsNetwork prints it", strings.Join(d.present(networkKeys), ", "))
	}
	return fmt.Errorf("not an HCN %s: %s; get the V2 document with %s: %w", want, looks, hint, errdefs.ErrInvalidArgument)
}

// decodeOne decodes exactly one JSON value into v: an empty file, a value
// of the wrong shape and trailing data are all errors.
func decodeOne(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("empty document")
		}
		return fmt.Errorf("not an HCN document: %v: %w", err, errdefs.ErrInvalidArgument)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("not an HCN document: data after the first JSON value: %w", errdefs.ErrInvalidArgument)
	}
	return nil
}

// readHCNFile reads a namespace or endpoints file, bounded.
func readHCNFile(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, errdefs.ErrInvalidArgument)
	}
	defer f.Close()
	return readBounded(f, name, limit)
}

// tooLarge is the error of an input over its bound.
type tooLarge int64

func (t tooLarge) Error() string { return fmt.Sprintf("more than %d bytes", int64(t)) }

// readBounded reads r whole, refusing more than limit bytes.
func readBounded(r io.Reader, name string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %v: %w", name, err, errdefs.ErrInvalidArgument)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w: %w", name, tooLarge(limit), errdefs.ErrInvalidArgument)
	}
	return data, nil
}
