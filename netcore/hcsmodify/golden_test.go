package hcsmodify_test

import (
	"flag"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the documents the tests produce")
