package lcow

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// A gone-classification table with a row removed or misapplied, planted
// between the ready managers and the wire's transports: the transport's
// answer reaches hcsmodify already classified as the planted table says,
// or, for a row the planted table lacks, in a form hcsmodify cannot read
// (its message only). The wire run's gone-shape matrix must fail each.

// goneRow is one row of hcsshim's table, as the planted tables see it.
type goneRow struct {
	name    string
	onGuest bool
	matches func(error) bool
}

func errnoRow(name string, errno syscall.Errno) goneRow {
	return goneRow{name: name, matches: func(err error) bool { return errors.Is(err, errno) }}
}

func textRow(name, text string, onGuest bool) goneRow {
	return goneRow{name: name, onGuest: onGuest, matches: func(err error) bool {
		for e := err; e != nil; e = errors.Unwrap(e) {
			if e.Error() == text && errors.Unwrap(e) == nil {
				return true
			}
		}
		return false
	}}
}

var hcsshimRows = []goneRow{
	errnoRow("0xc037010e", 0xc037010e),
	errnoRow("0x490", 0x490),
	errnoRow("0xc0370110", 0xc0370110),
	errnoRow("0x8037011f", 0x8037011f),
	errnoRow("0xc0370105", 0xc0370105),
	textRow("closed handle", "hcsshim: the handle has already been closed", false),
	{name: "bridge closed", onGuest: true, matches: func(err error) bool { return errors.Is(err, net.ErrClosed) }},
	textRow("no guest connection", "guest connection not initialized", true),
}

// plantedTable decides, for an answer on one transport, the sentinel to
// wrap (nil: none) and whether to hide the answer from hcsmodify.
type plantedTable func(err error, onGuest bool) (sentinel error, hide bool)

// without is hcsshim's table with the named row dropped.
func without(row string) plantedTable {
	return func(err error, onGuest bool) (error, bool) {
		for _, r := range hcsshimRows {
			if r.onGuest == onGuest && r.matches(err) {
				return nil, r.name == row
			}
		}
		return nil, false
	}
}

// swapped applies each transport's rows to the other transport.
func swapped(err error, onGuest bool) (error, bool) {
	for _, r := range hcsshimRows {
		if r.matches(err) {
			if r.onGuest == onGuest {
				return nil, true
			}
			if onGuest {
				return netcore.ErrGuestUnavailable, false
			}
			return netcore.ErrVMUnavailable, false
		}
	}
	return nil, false
}

// invalidStateGone counts HCS_E_INVALID_STATE as a gone VM.
func invalidStateGone(err error, onGuest bool) (error, bool) {
	if !onGuest && errors.Is(err, syscall.Errno(0x80370105)) {
		return netcore.ErrVMUnavailable, false
	}
	return nil, false
}

// bySubstring counts any answer that says "closed" as gone.
func bySubstring(err error, onGuest bool) (error, bool) {
	if !strings.Contains(err.Error(), "closed") {
		return nil, false
	}
	if onGuest {
		return netcore.ErrGuestUnavailable, false
	}
	return netcore.ErrVMUnavailable, false
}

type classifiedCS struct {
	hcsmodify.ComputeSystem
	table plantedTable
}

func (c classifiedCS) Modify(ctx context.Context, doc interface{}) error {
	return applyTable(c.table, c.ComputeSystem.Modify(ctx, doc), false)
}

type classifiedConn struct {
	hcsmodify.GuestConnection
	table plantedTable
}

func (c classifiedConn) Modify(ctx context.Context, req interface{}) error {
	return applyTable(c.table, c.GuestConnection.Modify(ctx, req), true)
}

func applyTable(table plantedTable, err error, onGuest bool) error {
	if err == nil {
		return nil
	}
	sentinel, hide := table(err, onGuest)
	switch {
	case sentinel != nil:
		return fmt.Errorf("%w: %w", sentinel, err)
	case hide:
		return errors.New("planted table: no row for: " + err.Error())
	}
	return err
}

// withTable is the Linux binding whose wire transports answer as table
// classifies.
func withTable(table plantedTable) Pair {
	b := UvmnetPair()
	wire := *b.Wire
	over, legacy := wire.OverConnection, wire.OverComputeSystem
	wire.VM = func(cs hcsmodify.ComputeSystem) netcore.VMNetworkManager {
		return hcsmodify.NewVMNetwork(classifiedCS{cs, table})
	}
	wire.OverConnection = func(conn hcsmodify.GuestConnection) Guest { return over(classifiedConn{conn, table}) }
	wire.OverComputeSystem = func(cs hcsmodify.ComputeSystem) Guest { return legacy(classifiedCS{cs, table}) }
	b.Wire = &wire
	return b
}

func TestWireGoneShapesCatchAPlantedTable(t *testing.T) {
	good := UvmnetPair()
	const teardown = `^wire-(conn|cs)/c1/faults/gone-shapes/teardown/`
	for _, row := range hcsshimRows {
		t.Run("row "+row.name+" dropped", func(t *testing.T) {
			pattern := teardown
			if row.onGuest {
				pattern = `^wire-conn/c1/faults/gone-shapes/teardown/`
			}
			requireCaught(t, good, withTable(without(row.name)), pattern, "want it to succeed")
		})
	}
	t.Run("transport rows swapped", func(t *testing.T) {
		requireCaught(t, good, withTable(swapped), teardown, "want it to succeed")
	})
	t.Run("0x80370105 counted as gone", func(t *testing.T) {
		requireCaught(t, good, withTable(invalidStateGone), teardown, "HCS_E_INVALID_STATE 0x80370105\": succeeded; want it to fail")
	})
	t.Run("gone by substring", func(t *testing.T) {
		requireCaught(t, good, withTable(bySubstring), teardown, "a message that says closed\": succeeded; want it to fail")
	})
}

// skipsHotRemove is the shortcut the legacy route once took: a guest
// removal whose answer says the VM is gone excuses the VM's hot-remove,
// which is then counted as done without being made.
type skipsHotRemove struct {
	hcsmodify.ComputeSystem
	vmSaidGone *atomic.Bool
}

func (c skipsHotRemove) Modify(ctx context.Context, doc interface{}) error {
	if d, ok := doc.(*hcsmodify.ModifySettingRequest); ok && d.GuestRequest == nil && d.RequestType == hcsmodify.RequestTypeRemove && c.vmSaidGone.Load() {
		return nil
	}
	err := c.ComputeSystem.Modify(ctx, doc)
	if d, ok := doc.(*hcsmodify.ModifySettingRequest); ok && isGuestRemoval(d.GuestRequest) {
		var errno syscall.Errno
		c.vmSaidGone.Store(errors.As(err, &errno))
	}
	return err
}

func TestWireGoneShapesCatchAHotRemoveExcusedByTheGuest(t *testing.T) {
	b := UvmnetPair()
	wire := *b.Wire
	legacy := wire.OverComputeSystem
	said := new(atomic.Bool)
	wire.VM = func(cs hcsmodify.ComputeSystem) netcore.VMNetworkManager {
		return hcsmodify.NewVMNetwork(skipsHotRemove{cs, said})
	}
	wire.OverComputeSystem = func(cs hcsmodify.ComputeSystem) Guest { return legacy(skipsHotRemove{cs, said}) }
	b.Wire = &wire
	requireCaught(t, UvmnetPair(), b, `^wire-cs/c1/faults/gone-shapes/teardown/`, "still attached: VM NICs")
}

func isGuestRemoval(req interface{}) bool {
	g, ok := req.(*hcsmodify.GuestRequest)
	return ok && g.RequestType == hcsmodify.RequestTypeRemove
}
