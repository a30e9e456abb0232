package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/conformance/wcow"
)

func main() {
	seed := flag.Int64("seed", 0, "seed of the random sequences (0: $"+conformance.SeedEnv+", else the clock)")
	steps := flag.Int("steps", 0, "length of each random sequence (0: the suite's default)")
	flag.Parse()

	suite := conformance.Suite{Seed: *seed, RandomSteps: *steps}
	var reports []conformance.Report
	failed := 0
	for _, b := range []conformance.Binding{lcow.Binding(), wcow.Binding()} {
		rep, err := suite.Check(b)
		if err != nil {
			fmt.Fprintln(os.Stderr, "conformance-report:", err)
			os.Exit(2)
		}
		failed += rep.Failed()
		reports = append(reports, rep)
	}
	if err := conformance.WriteTable(os.Stdout, reports...); err != nil {
		fmt.Fprintln(os.Stderr, "conformance-report:", err)
		os.Exit(2)
	}
	if failed > 0 {
		os.Exit(1)
	}
}
