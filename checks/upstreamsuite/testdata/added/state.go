package network

// StateName names the controller's state, which hcsshim keeps
// unexported, for the suite's State. Added to the copy by the check.
func (c *Controller) StateName() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.netState.String()
}
