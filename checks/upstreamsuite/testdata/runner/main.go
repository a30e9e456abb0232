// Command runner runs the Contract profile over hcsshim's controller in
// every variant the check built (as released, with every fix, with every
// fix but one), on every binding, and prints each result as a JSON line.
// The check writes it into the temporary module beside the copies, with
// variants.go listing the variants.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/uvmnet/uvmnet/checks/upstreamsuite/subject"
	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/netlcow"
	"github.com/uvmnet/uvmnet/netwcow"
)

// variant is one build of the controller: its LCOW and WCOW copies.
type variant struct {
	name string
	lcow subject.Platform[netlcow.GuestNetworkManager]
	wcow subject.Platform[netwcow.GuestNetworkManager]
}

// line is one result.
type line struct {
	Variant, Binding, Name string
	Failures               []string
	NotApplicable          string
}

func main() {
	steps := flag.Int("steps", 300, "random sequence length")
	flag.Parse()
	enc := json.NewEncoder(os.Stdout)
	for _, v := range variants {
		for _, b := range subject.Bindings(v.lcow, v.wcow) {
			reps, err := conformance.Suite{Seed: 1, RandomSteps: *steps}.Check(b)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			for _, rep := range reps {
				for _, res := range rep.Results {
					if err := enc.Encode(line{v.name, rep.Binding, res.Name(), res.Failures, res.NotApplicable}); err != nil {
						fmt.Fprintln(os.Stderr, err)
						os.Exit(1)
					}
				}
			}
		}
	}
}
