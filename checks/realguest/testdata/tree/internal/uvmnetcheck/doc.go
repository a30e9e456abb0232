// Package uvmnetcheck is uvmnet's harness around hcsshim's real Linux
// guest agent. uvmnet's realguest check (checks/realguest in uvmnet's
// repository) adds it to a copy of hcsshim's tree, next to the agent's
// internal packages, and runs its tests as root in private mount and
// network namespaces. It has tests only.
package uvmnetcheck
