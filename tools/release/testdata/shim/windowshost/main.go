// Command windowshost is the part of a shim that only a Windows host runs:
// it reads HCN through hcnhost.New(), the production netcore.HostNetwork.
// hcnhost.New exists only on Windows, so the rehearsal builds this package
// with GOOS=windows alone; the shim beside it stays portable.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/uvmnet/uvmnet/hcnhost"
	"github.com/uvmnet/uvmnet/netcore"
)

func main() {
	var host netcore.HostNetwork = hcnhost.New()
	ids, err := host.GetNamespaceEndpointIDs(context.Background(), "5b0d1bd6-1bd4-4c2e-8f6a-3b2a7c9e0d11")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("windowshost: endpoints", ids)
}
