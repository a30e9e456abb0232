// Package cosesign1 is a type-check-only stand-in for
// github.com/Microsoft/cosesign1go v1.7.0's package of the same path,
// which the module proxy refuses to serve. It declares exactly what
// hcsshim v0.15.0's pkg/securitypolicy uses, with the same types, so that
// the adoption check can build hcsshim's shim; nothing in it works, and
// the binary it builds is never run.
package cosesign1

import (
	"crypto"
	"errors"
)

// COSE_Header_CWTClaims is the protected header label of the CWT claims.
const COSE_Header_CWTClaims int64 = 15

// UnpackedCoseSign1 is an unpacked COSE_Sign1 document.
type UnpackedCoseSign1 struct {
	Issuer      string
	Feed        string
	ContentType string
	ChainPem    string
	Payload     []byte
	Protected   map[interface{}]interface{}
	Receipts    []ParsedCOSEReceipt
}

// ParsedCOSEReceipt is a transparency receipt attached to a document.
type ParsedCOSEReceipt struct {
	Issuer string
	Kid    string
}

var errStandIn = errors.New("cosesign1 stand-in: not implemented")

// Validate checks the receipt against keys.
func (ParsedCOSEReceipt) Validate(keys map[string]crypto.PublicKey) error { return errStandIn }

// UnpackAndValidateCOSE1CertChain unpacks a COSE_Sign1 document.
func UnpackAndValidateCOSE1CertChain(raw []byte) (*UnpackedCoseSign1, error) {
	return nil, errStandIn
}

// ParseTTLPayload parses a transparency trust list into ledger name ->
// key ID -> public key.
func ParseTTLPayload(payload []byte) (map[string]map[string]crypto.PublicKey, error) {
	return nil, errStandIn
}
