package hcnmodel

import "encoding/json"

// Endpoint is an HCN host compute endpoint: one virtual NIC's worth of
// network configuration (addresses, routes, DNS, policies) that becomes one
// NIC inside the Utility VM.
type Endpoint struct {
	Id                   string           `json:"ID,omitempty"`
	Name                 string           `json:",omitempty"`
	HostComputeNetwork   string           `json:",omitempty"`
	HostComputeNamespace string           `json:",omitempty"`
	Policies             []EndpointPolicy `json:",omitempty"`
	IpConfigurations     []IpConfig       `json:",omitempty"`
	Dns                  Dns              `json:",omitempty"`
	Routes               []Route          `json:",omitempty"`
	MacAddress           string           `json:",omitempty"`
	Flags                EndpointFlags    `json:",omitempty"`
	Health               Health           `json:",omitempty"`
	SchemaVersion        SchemaVersion    `json:",omitempty"`
}

// IpConfig is one address assigned to an endpoint.
type IpConfig struct {
	IpAddress    string `json:",omitempty"`
	PrefixLength uint8  `json:",omitempty"`
}

// Route is one route of an endpoint.
type Route struct {
	NextHop           string `json:",omitempty"`
	DestinationPrefix string `json:",omitempty"`
	Metric            uint16 `json:",omitempty"`
}

// Dns is an endpoint's resolver configuration.
type Dns struct {
	Domain     string   `json:",omitempty"`
	Search     []string `json:",omitempty"`
	ServerList []string `json:",omitempty"`
	Options    []string `json:",omitempty"`
}

// EndpointFlags are special settings of an endpoint.
type EndpointFlags uint32

// Endpoint flags defined by HCN.
const (
	EndpointFlagsNone           EndpointFlags = 0
	EndpointFlagsRemoteEndpoint EndpointFlags = 1
)

// EndpointPolicyType names an endpoint policy.
type EndpointPolicyType string

// EncapOverhead is the one policy type the controller reads: its settings
// carry the encapsulation overhead the guest subtracts from the MTU.
const EncapOverhead EndpointPolicyType = "EncapOverhead"

// EndpointPolicy is one policy of an endpoint; Settings stay raw so unknown
// policy types pass through untouched.
type EndpointPolicy struct {
	Type     EndpointPolicyType `json:""`
	Settings json.RawMessage    `json:",omitempty"`
}

// EncapOverheadEndpointPolicySetting is the settings document of an
// [EncapOverhead] policy.
type EncapOverheadEndpointPolicySetting struct {
	Overhead uint16 `json:",omitempty"`
}

// Health is the health block HCN attaches to an endpoint.
type Health struct {
	Data  interface{} `json:",omitempty"`
	Extra ExtraParams `json:",omitempty"`
}

// ExtraParams is the extra block of [Health].
type ExtraParams struct {
	Resources        json.RawMessage `json:",omitempty"`
	SharedContainers json.RawMessage `json:",omitempty"`
	LayeredOn        string          `json:",omitempty"`
	SwitchGuid       string          `json:",omitempty"`
	UtilityVM        string          `json:",omitempty"`
	VirtualMachine   string          `json:",omitempty"`
}

// SchemaVersion is the HCN schema version of a document.
type SchemaVersion struct {
	Major int `json:"Major"`
	Minor int `json:"Minor"`
}
