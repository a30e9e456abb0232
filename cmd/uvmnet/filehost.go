package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// fileHost is an HCN made of the operator's files: one namespace and the
// documents of its endpoints. As in HCN, the namespace is the source of
// truth: its Resources list which endpoints it holds, in HCN's order, and
// that list is what Setup reads. The --endpoints files only supply the
// documents, so an endpoint they give that the namespace does not list,
// or a listed endpoint they do not give, is an input error naming the IDs:
// planning either would show documents no shim would send.
//
// The namespace's list is kept as written, duplicates included, so that
// the controller, not this reader, judges it: Setup refuses a namespace
// listing one endpoint twice, and the operator sees that refusal.
//
// The command carries its own rather than netcore/nettest's in-memory
// host, so the production binary links no test helpers.
type fileHost struct {
	ns        *hcnmodel.Namespace
	ids       []string
	endpoints map[string]*hcnmodel.Endpoint // by lower-cased ID
}

var _ netcore.HostNetwork = (*fileHost)(nil)

// newFileHost checks the endpoint documents given (from[i] names the file
// of eps[i]) against the namespace's list and returns the host.
func newFileHost(ns *hcnmodel.Namespace, eps []*hcnmodel.Endpoint, from []string) (*fileHost, error) {
	listed, err := namespaceEndpointIDs(ns)
	if err != nil {
		return nil, err
	}
	h := &fileHost{ns: ns, ids: listed, endpoints: make(map[string]*hcnmodel.Endpoint, len(eps))}
	isListed := make(map[string]bool, len(listed))
	for _, id := range listed {
		isListed[strings.ToLower(id)] = true
	}
	var unlisted, missing []string
	seenIn := map[string]string{}
	for i, ep := range eps {
		file := "--endpoints"
		if i < len(from) {
			file = from[i]
		}
		key := strings.ToLower(ep.Id)
		if prev, dup := seenIn[key]; dup {
			return nil, fmt.Errorf("endpoint %s is given twice, in %s and in %s: give each endpoint's document once: %w",
				label(ep.Id), prev, file, errdefs.ErrInvalidArgument)
		}
		seenIn[key] = file
		h.endpoints[key] = ep
		if !isListed[key] {
			unlisted = append(unlisted, fmt.Sprintf("%s (in %s)", label(ep.Id), file))
		}
	}
	for _, id := range listed {
		if _, ok := h.endpoints[strings.ToLower(id)]; !ok && !containsFold(missing, id) {
			missing = append(missing, id)
		}
	}
	var problems []string
	if len(unlisted) > 0 {
		problems = append(problems, fmt.Sprintf("the namespace does not list endpoint(s) %s", strings.Join(unlisted, ", ")))
	}
	if len(missing) > 0 {
		for i, id := range missing {
			missing[i] = label(id)
		}
		problems = append(problems, fmt.Sprintf("the namespace lists endpoint(s) %s, whose documents no --endpoints file gives", strings.Join(missing, ", ")))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("namespace %s: %s: the namespace's Resources are what Setup reads; "+
			"give its endpoints' documents, and only those, with --endpoints: %w", label(ns.Id), strings.Join(problems, "; "), errdefs.ErrInvalidArgument)
	}
	return h, nil
}

// namespaceEndpointIDs returns the IDs of the endpoints a namespace lists
// in its Resources ({"Type": "Endpoint", "Data": {"Id": ...}}), in order.
func namespaceEndpointIDs(ns *hcnmodel.Namespace) ([]string, error) {
	var ids []string
	for i, r := range ns.Resources {
		if !strings.EqualFold(string(r.Type), string(hcnmodel.NamespaceResourceTypeEndpoint)) {
			continue
		}
		var data struct{ Id string }
		if err := json.Unmarshal(r.Data, &data); err != nil || data.Id == "" {
			return nil, fmt.Errorf("namespace %s: field Resources[%d].Data: invalid value %s: not an endpoint reference {\"Id\": ...}: %w",
				label(ns.Id), i, boundedQuote(string(r.Data)), errdefs.ErrInvalidArgument)
		}
		ids = append(ids, data.Id)
	}
	return ids, nil
}

func containsFold(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

func (h *fileHost) GetNamespaceByID(_ context.Context, id string) (*hcnmodel.Namespace, error) {
	if id != h.ns.Id {
		return nil, fmt.Errorf("namespace %s: %w", id, errdefs.ErrNotFound)
	}
	return h.ns, nil
}

func (h *fileHost) GetNamespaceEndpointIDs(ctx context.Context, id string) ([]string, error) {
	if _, err := h.GetNamespaceByID(ctx, id); err != nil {
		return nil, err
	}
	return h.ids, nil
}

func (h *fileHost) GetEndpointByID(_ context.Context, id string) (*hcnmodel.Endpoint, error) {
	ep, ok := h.endpoints[strings.ToLower(id)]
	if !ok {
		return nil, fmt.Errorf("endpoint %s: %w", id, errdefs.ErrNotFound)
	}
	return ep, nil
}
