package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

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

// decodeNamespace reads one HCN namespace document.
func decodeNamespace(data []byte) (*hcnmodel.Namespace, error) {
	var ns hcnmodel.Namespace
	if err := decodeOne(data, &ns); err != nil {
		return nil, err
	}
	return &ns, nil
}

// decodeEndpoints reads HCN endpoint documents: one endpoint object, or an
// array of them in HCN's order.
func decodeEndpoints(data []byte) ([]*hcnmodel.Endpoint, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var eps []*hcnmodel.Endpoint
		if err := decodeOne(data, &eps); err != nil {
			return nil, err
		}
		for i, ep := range eps {
			if ep == nil {
				return nil, fmt.Errorf("entry %d: null, not an endpoint: %w", i, errdefs.ErrInvalidArgument)
			}
		}
		return eps, nil
	}
	var ep hcnmodel.Endpoint
	if err := decodeOne(data, &ep); err != nil {
		return nil, err
	}
	return []*hcnmodel.Endpoint{&ep}, nil
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
func readHCNFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, errdefs.ErrInvalidArgument)
	}
	defer f.Close()
	return readBounded(f, name, maxHCNFileBytes)
}

// readBounded reads r whole, refusing more than limit bytes.
func readBounded(r io.Reader, name string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %v: %w", name, err, errdefs.ErrInvalidArgument)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: more than %d bytes: %w", name, limit, errdefs.ErrInvalidArgument)
	}
	return data, nil
}
