// Package bridge holds what both platforms' guest stand-ins share: how a
// guest call's error reads once it has crossed hcsshim's guest bridge,
// and the guest's capabilities as hcsshim's guest manager answers them.
package bridge
