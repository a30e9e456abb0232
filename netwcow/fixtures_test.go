package netwcow

import (
	"encoding/json"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

const (
	testNamespaceID = "b7a3c1d2-0000-4e5f-8a9b-112233445566"
	testNICID       = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
	testEndpointID  = "6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f"
)

func testNamespace() *hcnmodel.Namespace {
	return &hcnmodel.Namespace{
		Id:          testNamespaceID,
		NamespaceId: 7,
		Type:        hcnmodel.NamespaceTypeGuest,
		Resources: []hcnmodel.NamespaceResource{{
			Type: hcnmodel.NamespaceResourceTypeEndpoint,
			Data: json.RawMessage(`{"Id":"` + testEndpointID + `"}`),
		}},
		SchemaVersion: hcnmodel.SchemaVersion{Major: 2, Minor: 0},
	}
}

func testEndpoint() *hcnmodel.Endpoint {
	return &hcnmodel.Endpoint{
		Id:                   testEndpointID,
		Name:                 "pod-eth0",
		HostComputeNetwork:   "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
		HostComputeNamespace: testNamespaceID,
		Policies: []hcnmodel.EndpointPolicy{{
			Type: hcnmodel.EncapOverhead, Settings: json.RawMessage(`{"Overhead":50}`),
		}},
		IpConfigurations: []hcnmodel.IpConfig{{IpAddress: "10.1.2.3", PrefixLength: 24}},
		Dns: hcnmodel.Dns{
			Domain: "pod.example", Search: []string{"svc.example"},
			ServerList: []string{"10.0.0.10"},
		},
		Routes:        []hcnmodel.Route{{NextHop: "10.1.2.1", DestinationPrefix: "0.0.0.0/0", Metric: 5}},
		MacAddress:    "00-15-5D-01-02-03",
		SchemaVersion: hcnmodel.SchemaVersion{Major: 2, Minor: 0},
	}
}

func testPod(supported bool) netcore.PodNetwork {
	return netcore.PodNetwork{NamespaceID: testNamespaceID, GuestNamespaceSupported: supported}
}

func testNIC() netcore.NICInfo {
	return netcore.NICInfo{ID: testNICID, Endpoint: testEndpoint()}
}

func mustJSON(v interface{}) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
