package main

import (
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// CheckPod passes the controller's pod check on to the platform's steps,
// so that plan refuses what Setup refuses on that guest (netlcow refuses
// routes hcsshim's Linux guest agent cannot add).
func (g labelledGuest) CheckPod(pod netcore.PodNetwork, endpoints []*hcnmodel.Endpoint) error {
	if pc, ok := g.inner.(netcore.PodChecker); ok {
		return pc.CheckPod(pod, endpoints)
	}
	return nil
}

var _ netcore.PodChecker = labelledGuest{}
