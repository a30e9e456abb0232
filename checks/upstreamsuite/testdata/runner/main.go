// Command runner runs the Contract profile over hcsshim's controller, as
// released and with the fixes, on every binding, and prints each result
// as a JSON line. The check writes it into the temporary module beside
// the copies.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/uvmnet/uvmnet/checks/upstreamsuite/subject"
	"github.com/uvmnet/uvmnet/conformance"

	fixedlcow "upstreamsuite.local/fixed/lcow"
	fixedwcow "upstreamsuite.local/fixed/wcow"
	releasedlcow "upstreamsuite.local/released/lcow"
	releasedwcow "upstreamsuite.local/released/wcow"
)

// line is one result.
type line struct {
	Variant, Binding, Name string
	Failures               []string
	NotApplicable          string
}

func main() {
	steps := flag.Int("steps", 50, "random sequence length")
	flag.Parse()
	variants := []struct {
		name       string
		lcow, wcow subject.Platform
	}{
		{"released", releasedlcow.Platform(), releasedwcow.Platform()},
		{"fixed", fixedlcow.Platform(), fixedwcow.Platform()},
	}
	enc := json.NewEncoder(os.Stdout)
	for _, v := range variants {
		for _, b := range subject.Bindings(v.lcow, v.wcow) {
			rep, err := conformance.Suite{Seed: 1, RandomSteps: *steps}.Check(b)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			for _, res := range rep.Results {
				if err := enc.Encode(line{v.name, b.Name, res.Name(), res.Failures, res.NotApplicable}); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
		}
	}
}
