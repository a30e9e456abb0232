// Package hcn stands in for hcsshim's hcn package: the endpoint and
// namespace documents and the three reads the network controller makes.
// hcsshim's reads are system calls on the one host the shim runs on and
// take no context; here they go to the HCN of the host the controller
// under test runs on, which the binding names with [Serve] before each
// operation, and they are made without the operation's context as
// hcsshim's are.
package hcn
