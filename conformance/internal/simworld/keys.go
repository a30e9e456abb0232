package simworld

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Reading the keys of a document as the real parts do. The JSON a
// controller sends is read by two kinds of reader: hcsshim's Go code (the
// Linux guest agent), whose encoding/json matches a key to a field
// whatever its case and skips keys that match none, and HCS, which reads
// its schema by exact key. Go's decoder cannot be told to match exactly,
// so the simulated readers list the keys themselves.

// ObjectKeys returns the keys of the JSON object raw, in the order the
// bytes hold them, repeats included; it fails on anything but one object.
func ObjectKeys(raw []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, t.(string)) // an object's tokens alternate key, value
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data after the object")
	}
	return keys, nil
}

// UnknownKeys returns the keys of the JSON object raw that name none of
// the fields known: compared exactly when exactCase is set (as HCS reads
// its schema), else whatever their case (as encoding/json does). It fails
// on anything but one object, and, with exactCase, on a repeated key.
func UnknownKeys(raw []byte, exactCase bool, known ...string) ([]string, error) {
	keys, err := ObjectKeys(raw)
	if err != nil {
		return nil, err
	}
	var unknown []string
	for i, k := range keys {
		if exactCase && slices.Contains(keys[:i], k) {
			return nil, fmt.Errorf("key %q repeated", k)
		}
		match := func(f string) bool { return f == k || !exactCase && strings.EqualFold(f, k) }
		if !slices.ContainsFunc(known, match) {
			unknown = append(unknown, k)
		}
	}
	return unknown, nil
}
