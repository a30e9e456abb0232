package main

import (
	"fmt"
	"strings"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/containerd/errdefs"
)

// A shim gives every NIC a random GUID, so two runs of the same Setup send
// different bytes. The plan fixes them instead, so its output is
// reproducible and two plans can be diffed: by default the n-th NIC ID
// (from 1, in the order Setup attaches, eth0 first) is the name-based
// (version 5) GUID of the name "nic-<n>" in the namespace's GUID; --nic-ids
// lists them explicitly instead, for comparing a plan with a shim's log.

// nicIDSource hands out the NIC IDs of one plan as Tuning.NewNICID.
type nicIDSource struct {
	explicit  []string
	namespace guid.GUID
	next      int
}

// newNICIDSource returns the source for a plan of namespaceID. When list
// is empty the IDs are derived from namespaceID; a namespace ID that is not
// a GUID derives from the zero GUID, and Setup refuses it anyway.
func newNICIDSource(namespaceID string, list []string) *nicIDSource {
	ns, _ := guid.FromString(namespaceID)
	return &nicIDSource{explicit: list, namespace: ns}
}

// newNICID implements netcore.Tuning.NewNICID.
func (s *nicIDSource) newNICID() (string, error) {
	s.next++
	if s.explicit == nil {
		g, err := guid.NewV5(s.namespace, []byte(fmt.Sprintf("nic-%d", s.next)))
		if err != nil {
			return "", err
		}
		return g.String(), nil
	}
	if s.next > len(s.explicit) {
		return "", fmt.Errorf("flag --nic-ids: %d IDs given, Setup needs a NIC ID for endpoint number %d: %w",
			len(s.explicit), s.next, errdefs.ErrInvalidArgument)
	}
	return s.explicit[s.next-1], nil
}

// parseNICIDs reads the --nic-ids flag: comma-separated GUIDs.
func parseNICIDs(value string) ([]string, error) {
	if value == "" {
		return nil, nil
	}
	ids := strings.Split(value, ",")
	// HCS matches GUIDs without regard to letter case: two spellings of
	// one GUID are one NIC.
	first := make(map[guid.GUID]int, len(ids))
	for i, id := range ids {
		id = strings.TrimSpace(id)
		g, err := guid.FromString(id)
		if err != nil {
			return nil, usagef("flag --nic-ids: invalid value %s: entry %d is not a GUID", boundedQuote(id), i+1)
		}
		if prev, dup := first[g]; dup {
			return nil, usagef("flag --nic-ids: entry %d, %s, repeats entry %d: every NIC needs its own ID", i+1, id, prev)
		}
		first[g] = i + 1
		ids[i] = id
	}
	return ids, nil
}
