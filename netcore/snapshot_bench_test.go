package netcore

import (
	"context"
	"fmt"
	"testing"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// BenchmarkImportHostile measures what a hostile snapshot costs Import when
// it holds more bindings than MaxNICs: the count on the wire
// refuses it before decoding, so B/op stays flat however many bindings it
// holds (bindings=100000 is just under MaxSnapshotBytes).
func BenchmarkImportHostile(b *testing.B) {
	for _, n := range []int{300, 100_000} {
		snap := hostileSnapshot(n)
		if len(snap.GetValue()) > MaxSnapshotBytes {
			b.Fatalf("%d bindings take %d bytes, over the %d-byte limit the benchmark means to stay under", n, len(snap.GetValue()), MaxSnapshotBytes)
		}
		b.Run(fmt.Sprintf("bindings=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(snap.GetValue())))
			for b.Loop() {
				if _, err := Import(context.Background(), snap, Tuning{}); err == nil {
					b.Fatal("hostile snapshot imported")
				}
			}
		})
	}
}

// benchEndpoints returns n endpoints of one namespace shaped like a CNI
// result: two addresses, a default route per family, a resolver
// configuration and an encap policy.
func benchEndpoints(n int) ([]string, []*hcnmodel.Endpoint) {
	ids := make([]string, n)
	eps := make([]*hcnmodel.Endpoint, n)
	for i := range eps {
		ids[i] = epID(i + 1)
		eps[i] = &hcnmodel.Endpoint{
			Id:                   ids[i],
			Name:                 fmt.Sprintf("net%d", i),
			HostComputeNamespace: testNS,
			MacAddress:           fmt.Sprintf("00-15-5D-00-%02X-%02X", (i+1)>>8, (i+1)&0xff),
			IpConfigurations: []hcnmodel.IpConfig{
				{IpAddress: fmt.Sprintf("10.0.%d.%d", (i+1)>>8, (i+1)&0xff), PrefixLength: 16},
				{IpAddress: fmt.Sprintf("fd00::%x", i+1), PrefixLength: 64},
			},
			Routes: []hcnmodel.Route{{DestinationPrefix: "0.0.0.0/0", NextHop: "10.0.0.1"}, {DestinationPrefix: "::/0", NextHop: "fd00::1"}},
			Dns: hcnmodel.Dns{
				Domain:     "pod.cluster.local",
				Search:     []string{"svc.cluster.local", "cluster.local"},
				ServerList: []string{"10.96.0.10"},
				Options:    []string{"ndots:5"},
			},
			Policies: []hcnmodel.EndpointPolicy{{Type: hcnmodel.EncapOverhead, Settings: []byte(`{"Overhead":50}`)}},
		}
	}
	return ids, eps
}

// BenchmarkValidateEndpoints measures the validation Setup runs over a
// namespace's endpoints. IDs and MACs are parsed once and looked up by
// value, so ns/op grows linearly with the endpoints.
func BenchmarkValidateEndpoints(b *testing.B) {
	for _, n := range []int{1, 16, 64} {
		ids, eps := benchEndpoints(n)
		b.Run(fmt.Sprintf("endpoints=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := validateEndpoints(testNS, ids, eps); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
