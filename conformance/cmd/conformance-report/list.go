package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/uvmnet/uvmnet/conformance"
)

// writeCatalogue prints the suite's catalogue: one line per scenario row
// with its family, profile, cells, route, concurrencies, the capabilities
// it needs and the planted bug that proves it; then the rows and
// scenarios per family.
func writeCatalogue(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FAMILY\tPROFILE\tSCENARIO\tCELLS\tROUTE\tCONCURRENCY\tNEEDS\tPROOF")
	type count struct{ rows, cells int }
	var families []string
	counts := map[string]*count{}
	for _, sc := range conformance.Catalogue() {
		cells := strings.Join(sc.Cells, " ")
		if cells == "" {
			cells = "-"
		}
		var conc []string
		for _, c := range sc.Concurrencies {
			conc = append(conc, fmt.Sprint(c))
		}
		proof := sc.Proof
		if proof == "" {
			proof = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", sc.Family, sc.Profile, sc.Name, cells, sc.Route, strings.Join(conc, ","), needs(sc.Needs), proof)
		if counts[sc.Family] == nil {
			families = append(families, sc.Family)
			counts[sc.Family] = &count{}
		}
		counts[sc.Family].rows++
		counts[sc.Family].cells += max(len(sc.Cells), 1)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "FAMILY\tROWS\tCELLS")
	for _, f := range families {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", f, counts[f].rows, counts[f].cells)
	}
	return tw.Flush()
}

// needs names the capabilities c declares, "-" for none.
func needs(c conformance.Capabilities) string {
	var out []string
	for _, n := range []struct {
		set  bool
		name string
	}{{c.HotPlug, "HotPlug"}, {c.Migration, "Migration"}, {c.NICIDs, "NICIDs"}, {c.Concurrency, "Concurrency"}, {c.Observer, "Observer"}} {
		if n.set {
			out = append(out, n.name)
		}
	}
	if len(out) == 0 {
		return "-"
	}
	return strings.Join(out, ",")
}
