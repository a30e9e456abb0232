package fsmgen

import (
	"bytes"
	"fmt"

	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmspec"
)

// Mermaid returns a Mermaid stateDiagram-v2 of the machine, with the rows in
// spec order so that a change to the spec shows up as a small diff. command
// is the stategen command line, recorded in the generated-file comment.
func Mermaid(m *fsmspec.Machine, command []string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\ntitle: %s\n---\n", m.Name)
	b.WriteString("stateDiagram-v2\n")
	fmt.Fprintf(&b, "    %%%% %s\n", Header(command))
	fmt.Fprintf(&b, "    [*] --> %s\n", m.States[m.Initial].Name)
	for _, t := range m.Transitions {
		fmt.Fprintf(&b, "    %s --> %s: %s\n", m.States[t.From].Name, m.States[t.To].Name, m.Events[t.Event].Name)
	}
	for _, i := range m.Terminals() {
		fmt.Fprintf(&b, "    %s --> [*]\n", m.States[i].Name)
	}
	return b.Bytes()
}
