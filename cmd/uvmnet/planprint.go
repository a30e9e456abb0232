package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/containerd/errdefs"
)

// planPrinter writes the documents under their labels as the transports
// receive them: indented JSON, or with raw, each document's exact bytes on
// one line, so `grep -v '^#'` leaves only what the transports were handed.
// The header waits for the first document, so that a plan Setup refuses
// before sending anything prints nothing on standard output.
type planPrinter struct {
	w           io.Writer
	o           planOptions
	namespaceID string
	started     bool
	counts      map[string]int
}

func (p *planPrinter) header() {
	if p.started {
		return
	}
	p.started = true
	p.counts = map[string]int{}
	route := "guest connection"
	if p.o.route == routeLegacy {
		route = "legacy, through the compute system"
	}
	fmt.Fprintf(p.w, "# uvmnet plan: namespace %s, platform %s, guest route %s, guest namespace supported %t, policy-based routing %t\n",
		label(p.namespaceID), p.o.platform, route, p.o.guestNamespace, p.o.policyBasedRouting)
}

func (p *planPrinter) print(d sentDocument) error {
	p.header()
	p.counts[d.Operation]++
	step := d.Step
	if step == "" {
		step = "(no step)"
	}
	if !p.o.raw {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "# %s %d, %s: %s\n", d.Operation, p.counts[d.Operation], d.Transport, step)
	if p.o.raw {
		if _, err := p.w.Write(d.Bytes); err != nil {
			return err
		}
	} else {
		var out bytes.Buffer
		if err := json.Indent(&out, d.Bytes, "", "  "); err != nil {
			return fmt.Errorf("indent document: %v: %w", err, errdefs.ErrInternal)
		}
		if _, err := p.w.Write(out.Bytes()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(p.w)
	return err
}

// finish ends a plan; one that sent nothing says so.
func (p *planPrinter) finish() error {
	if p.started {
		return nil
	}
	p.header()
	_, err := fmt.Fprintln(p.w, "# no documents: the namespace has no endpoints and the guest takes no namespace")
	return err
}
