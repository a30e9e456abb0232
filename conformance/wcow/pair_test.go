package wcow

import (
	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/netcoresubject"
	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Pod, Managers and Subject are the suite's, over the Windows guest
// contract.
type (
	Pod      = conformance.Pod[netwcow.GuestNetworkManager]
	Managers = conformance.Managers[netwcow.GuestNetworkManager]
	Migrator = conformance.Migrator[netwcow.GuestNetworkManager]
	Subject  = conformance.Subject[netwcow.GuestNetworkManager]
	Guest    = netwcow.GuestNetworkManager
)

// Pair is a platform under one agent answer and a subject, which the
// self-tests vary field by field: the platform's fields and the
// subject's do not overlap.
type Pair struct {
	conformance.Platform[netwcow.GuestNetworkManager]
	conformance.Subject[netwcow.GuestNetworkManager]
	// Name names the pair's one run ("wcow", "wcow-tolerant").
	Name string
}

// PairAnswering is p with the platform's agent answering as a alone.
func PairAnswering(p conformance.Platform[Guest], s Subject, a simworld.Answers) Pair {
	p.Answers = []simworld.Answers{a}
	name := p.Name
	if a != simworld.Strict && a != simworld.Pedantic {
		name += "-" + a.String()
	}
	return Pair{p, s, name}
}

// UvmnetPair is uvmnet's controller on the Windows platform, its agent
// answering strictly.
func UvmnetPair() Pair { return PairAnswering(Platform(), Uvmnet(), simworld.Strict) }

// UvmnetPairs is uvmnet's controller on the Windows platform under each
// of the agent's [Answers].
func UvmnetPairs() []Pair {
	var out []Pair
	for _, a := range Answers {
		out = append(out, PairAnswering(Platform(), Uvmnet(), a))
	}
	return out
}

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

// NetcoreOf is uvmnet's controller builder on Windows guests, for
// subjects that change its config.
func NetcoreOf() netcoresubject.Netcore[netwcow.GuestNetworkManager] {
	return netcoresubject.Netcore[netwcow.GuestNetworkManager]{Steps: netwcow.NewGuestSteps}
}
