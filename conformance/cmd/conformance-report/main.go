package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/conformance/wcow"
)

func main() {
	seed := flag.Int64("seed", 0, "seed of the random sequences (0: $"+conformance.SeedEnv+", else the clock)")
	steps := flag.Int("steps", 0, "length of each random sequence (0: the suite's default)")
	extensions := flag.Bool("extensions", true, "check uvmnet's Extensions profile besides the Contract")
	matrix := flag.Bool("matrix", false, "print the full matrix (every scenario in every column) instead of the summary")
	html := flag.String("html", "", "also write the report as a self-contained HTML page to this file")
	list := flag.Bool("list", false, "print the catalogue of scenarios (family, profile, cells, route, needs, proof) and run nothing")
	flag.Parse()

	if *list {
		if err := writeCatalogue(os.Stdout); err != nil {
			fail(err)
		}
		return
	}

	suite := conformance.Suite{Seed: *seed, RandomSteps: *steps, Extensions: *extensions}
	var reports []conformance.Report
	failed := 0
	for _, b := range []conformance.Binding{
		conformance.Bind(lcow.Platform(), lcow.Uvmnet()),
		conformance.Bind(wcow.Platform(), wcow.Uvmnet()),
	} {
		reps, err := suite.Check(b)
		if err != nil {
			fail(err)
		}
		for _, rep := range reps {
			failed += rep.Failed()
		}
		reports = append(reports, reps...)
	}
	write := writeSummary
	if *matrix {
		write = writeMatrix
	}
	if err := write(os.Stdout, reports...); err != nil {
		fail(err)
	}
	if *html != "" {
		if err := writeFile(*html, func(w io.Writer) error { return writeHTML(w, reports...) }); err != nil {
			fail(err)
		}
	}
	if failed > 0 {
		os.Exit(1)
	}
}

// writeFile creates path and writes it with write, reporting a failed
// close as well as a failed write.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// fail ends the command when the suite could not run or the report could
// not be written.
func fail(err error) {
	fmt.Fprintln(os.Stderr, "conformance-report:", err)
	os.Exit(2)
}
