package lcow

import (
	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/netcoresubject"
	"github.com/uvmnet/uvmnet/netlcow"
)

// Pod, Managers and Subject are the suite's, over the Linux guest contract.
type (
	Pod      = conformance.Pod[netlcow.GuestNetworkManager]
	Managers = conformance.Managers[netlcow.GuestNetworkManager]
	Migrator = conformance.Migrator[netlcow.GuestNetworkManager]
	Guest    = netlcow.GuestNetworkManager
	Subject  = conformance.Subject[netlcow.GuestNetworkManager]
)

// Pair is a platform and a subject, which the self-tests vary field by
// field: the platform's fields and the subject's do not overlap.
type Pair struct {
	conformance.Platform[netlcow.GuestNetworkManager]
	conformance.Subject[netlcow.GuestNetworkManager]
}

// UvmnetPair is uvmnet's controller on the Linux platform.
func UvmnetPair() Pair { return Pair{Platform(), Uvmnet()} }

// With is p with s as its subject.
func (p Pair) With(s Subject) Pair { p.Subject = s; return p }

// Bind binds the pair.
func (p Pair) Bind() conformance.Binding { return conformance.Bind(p.Platform, p.Subject) }

// Check is s.Check of the pair, its one run's report.
func (p Pair) Check(s conformance.Suite) (conformance.Report, error) {
	reps, err := s.Check(p.Bind())
	if err != nil {
		return conformance.Report{}, err
	}
	return reps[0], nil
}

// NetcoreOf is uvmnet's controller builder on Linux guests, for subjects
// that change its config.
func NetcoreOf() netcoresubject.Netcore[netlcow.GuestNetworkManager] {
	return netcoresubject.Netcore[netlcow.GuestNetworkManager]{Steps: netlcow.NewGuestSteps}
}
