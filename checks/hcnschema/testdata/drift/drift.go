// Package drift is a fixture for the schema checker's own tests. Reference
// is a small schema; Twin spells it with other type names but the same wire
// shape; Drifted breaks it in each way the checker must notice.
package drift

import "encoding/json"

type Reference struct {
	ID      string          `json:"ID,omitempty"`
	Name    string          `json:",omitempty"`
	Port    uint16          `json:",omitempty"`
	Inner   ReferenceInner  `json:",omitempty"`
	Items   []ReferenceItem `json:",omitempty"`
	Raw     json.RawMessage `json:",omitempty"`
	Any     interface{}     `json:",omitempty"`
	Next    *Reference      `json:",omitempty"`
	Removed string          `json:",omitempty"`
}

type ReferenceInner struct {
	Servers []string `json:",omitempty"`
	Flags   Flags    `json:",omitempty"`
}

type Flags uint32

type ReferenceItem struct {
	Key   string          `json:""`
	Value json.RawMessage `json:",omitempty"`
}

type Twin struct {
	ID      string          `json:"ID,omitempty"`
	Name    string          `json:",omitempty"`
	Port    uint16          `json:",omitempty"`
	Inner   TwinInner       `json:",omitempty"`
	Items   []TwinItem      `json:",omitempty"`
	Raw     json.RawMessage `json:",omitempty"`
	Any     any             `json:",omitempty"`
	Next    *Twin           `json:",omitempty"`
	Removed string          `json:",omitempty"`
}

type TwinInner struct {
	Servers []string `json:",omitempty"`
	Flags   Bits     `json:",omitempty"`
}

type Bits uint32

type TwinItem struct {
	Key   string          `json:""`
	Value json.RawMessage `json:",omitempty"`
}

type Drifted struct {
	ID    string        `json:"ID,omitempty"`
	Label string        `json:",omitempty"` // was Name
	Port  uint32        `json:",omitempty"` // was uint16
	Inner DriftedInner  `json:",omitempty"`
	Items []DriftedItem `json:",omitempty"`
	Raw   []byte        `json:",omitempty"` // was json.RawMessage
	Any   interface{}   `json:",omitempty"`
	Next  *Drifted      `json:",omitempty"`
	// Removed is gone.
}

type DriftedInner struct {
	Servers []string `json:"servers,omitempty"` // tag changed
	Flags   uint64   `json:",omitempty"`        // was a uint32 type
}

type DriftedItem struct {
	Value json.RawMessage `json:",omitempty"` // order swapped
	Key   string          // tag dropped
}
