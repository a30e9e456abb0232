// Command windowshost is the part of a shim that reads HCN: it builds the
// production netcore.HostNetwork with hcnhost.New(). The rehearsal builds
// it for windows, where it links hcsshim, and for linux, where New returns
// an error naming the platform and nothing of hcsshim is linked.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/uvmnet/uvmnet/hcnhost"
	"github.com/uvmnet/uvmnet/netcore"
)

func main() {
	hcn, err := hcnhost.New()
	if err != nil {
		log.Fatal(err)
	}
	var host netcore.HostNetwork = hcn
	ids, err := host.GetNamespaceEndpointIDs(context.Background(), "5b0d1bd6-1bd4-4c2e-8f6a-3b2a7c9e0d11")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("windowshost: endpoints", ids)
}
