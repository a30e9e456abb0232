package conformance_test

import (
	"fmt"
	"regexp"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
)

// Check runs the suite without the testing package, here only the
// reliability scenarios of uvmnet's controller on Linux guests, and
// reports what each found; conformance.Run(t, lcow.Platform(),
// lcow.Uvmnet()) runs everything as subtests.
func ExampleSuite_Check() {
	suite := conformance.Suite{Seed: 1, Match: regexp.MustCompile(`^c1/reliability/panic/`)}
	reports, err := suite.Check(conformance.Bind(lcow.Platform(), lcow.Uvmnet()))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, report := range reports {
		for _, r := range report.Results {
			fmt.Println(r.Name(), r.Failures == nil)
		}
		fmt.Printf("%d passed, %d failed\n", report.Passed(), report.Failed())
	}
	// Output:
	// c1/reliability/panic/setup/ns-on/2-endpoints true
	// c1/reliability/panic/setup/ns-off/2-endpoints true
	// c1/reliability/panic/teardown/ns-on/2-endpoints true
	// c1/reliability/panic/teardown/ns-off/2-endpoints true
	// c1/reliability/panic/reconcile/ns-on/2-endpoints true
	// c1/reliability/panic/reconcile/ns-off/2-endpoints true
	// 6 passed, 0 failed
}
