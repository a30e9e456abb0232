package hcnmodel

import "encoding/json"

// NamespaceType says whether a namespace belongs to the host or a guest.
type NamespaceType string

// Namespace types defined by HCN.
const (
	NamespaceTypeHost         NamespaceType = "Host"
	NamespaceTypeHostDefault  NamespaceType = "HostDefault"
	NamespaceTypeGuest        NamespaceType = "Guest"
	NamespaceTypeGuestDefault NamespaceType = "GuestDefault"
)

// NamespaceResourceType names what a namespace resource entry refers to.
type NamespaceResourceType string

// Namespace resource types defined by HCN.
const (
	NamespaceResourceTypeContainer NamespaceResourceType = "Container"
	NamespaceResourceTypeEndpoint  NamespaceResourceType = "Endpoint"
)

// NamespaceResource is one entry of a namespace's resource list. Data is kept
// raw: the controller never reads it, it only passes it to the guest.
type NamespaceResource struct {
	Type NamespaceResourceType `json:""`
	Data json.RawMessage       `json:""`
}

// Namespace is an HCN host compute namespace: the network compartment that
// CNI created for the pod and that holds its endpoints.
type Namespace struct {
	Id            string              `json:"ID,omitempty"`
	NamespaceId   uint32              `json:",omitempty"`
	Type          NamespaceType       `json:",omitempty"`
	Resources     []NamespaceResource `json:",omitempty"`
	SchemaVersion SchemaVersion       `json:",omitempty"`
}
