package netcore

import "github.com/uvmnet/uvmnet/netcore/hcnmodel"

// PodChecker is implemented by guest steps whose guest cannot run some
// pods that pass the controller's own validation: netlcow's steps refuse
// routes hcsshim's Linux guest agent would fail to add, so that the pod
// never starts. The controller calls CheckPod before any VM or guest call
// of Setup, and before a hot-plug attaches anything, with the pod's
// endpoints in the order the guest receives them (the ones already
// attached first, then the new ones); an error stops the operation with
// nothing changed. Guest steps that can run every valid pod do not
// implement it.
type PodChecker interface {
	CheckPod(pod PodNetwork, endpoints []*hcnmodel.Endpoint) error
}

// checkPod asks the guest steps, when they check pods, whether the guest
// can run the pod with these endpoints.
func (c *Controller) checkPod(endpoints []*hcnmodel.Endpoint) error {
	pc, ok := c.managers.guest.(PodChecker)
	if !ok {
		return nil
	}
	return pc.CheckPod(c.pod, endpoints)
}

// attachedEndpoints are the endpoints of the NICs the controller tracks, in
// the order they were attached.
func (c *Controller) attachedEndpoints() []*hcnmodel.Endpoint {
	eps := make([]*hcnmodel.Endpoint, 0, len(c.nics))
	for _, n := range c.nics {
		eps = append(eps, n.info.Endpoint)
	}
	return eps
}
