// Package hcsschema stands in for hcsshim's internal/hcs/schema2: the
// NIC document of a VM hot-add, which uvmnet's netcore spells the same.
package hcsschema
