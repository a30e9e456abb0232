package netcore

import "fmt"

type State uint8
type Event uint8

const (
	StateNotConfigured        State = 0
	StateConfigured           State = 1
	StateInvalid              State = 2
	StateTornDown             State = 3
	StateSourceMigrating      State = 4
	StateDestinationMigrating State = 5
	EventSetupSucceeded       Event = 0
	EventSetupFailed          Event = 1
	EventTeardownSucceeded    Event = 2
	EventTeardownFailed       Event = 3
	EventSaved                Event = 4
	EventImported             Event = 5
	EventPatched              Event = 6
	EventResumed              Event = 7
	EventMigrationTornDown    Event = 8
	EventResetSucceeded       Event = 9
	EventResetFailed          Event = 10
	InitialState                    = StateNotConfigured
	StateCount State = 6
)

func (s State) String() string {
	n := []string{"NotConfigured", "Configured", "Invalid", "TornDown", "SourceMigrating", "DestinationMigrating"}
	if int(s) < len(n) {
		return n[s]
	}
	return fmt.Sprintf("State(%d)", s)
}
func (e Event) String() string {
	n := []string{"SetupSucceeded", "SetupFailed", "TeardownSucceeded", "TeardownFailed", "Saved", "Imported", "Patched", "Resumed", "MigrationTornDown", "ResetSucceeded", "ResetFailed"}
	if int(e) < len(n) {
		return n[e]
	}
	return fmt.Sprintf("Event(%d)", e)
}
func (s State) IsTerminal() bool { return s == StateTornDown }
func (s State) Next(e Event) (State, error) {
	switch {
	case s == StateNotConfigured && e == EventSetupSucceeded:
		return StateConfigured, nil
	case s == StateNotConfigured && e == EventSetupFailed:
		return StateInvalid, nil
	case s == StateNotConfigured && e == EventImported:
		return StateDestinationMigrating, nil
	case s == StateConfigured && e == EventTeardownSucceeded:
		return StateTornDown, nil
	case s == StateConfigured && e == EventTeardownFailed:
		return StateInvalid, nil
	case s == StateConfigured && e == EventSaved:
		return StateSourceMigrating, nil
	case s == StateConfigured && e == EventResetSucceeded:
		return StateConfigured, nil
	case s == StateConfigured && e == EventResetFailed:
		return StateInvalid, nil
	case s == StateInvalid && e == EventTeardownSucceeded:
		return StateTornDown, nil
	case s == StateInvalid && e == EventTeardownFailed:
		return StateInvalid, nil
	case s == StateSourceMigrating && e == EventSaved:
		return StateSourceMigrating, nil
	case s == StateSourceMigrating && e == EventResumed:
		return StateConfigured, nil
	case s == StateSourceMigrating && e == EventMigrationTornDown:
		return StateTornDown, nil
	case s == StateDestinationMigrating && e == EventPatched:
		return StateDestinationMigrating, nil
	case s == StateDestinationMigrating && e == EventResumed:
		return StateConfigured, nil
	case s == StateDestinationMigrating && e == EventMigrationTornDown:
		return StateTornDown, nil
	}
	return s, fmt.Errorf("no transition from %s on %s", s, e)
}
func (s State) Can(e Event) bool { _, err := s.Next(e); return err == nil }

type NICState uint8
type NICEvent uint8

const (
	NICStatePlanned        NICState = 0
	NICStateGuestPrepared  NICState = 1
	NICStateAwaitingGuest  NICState = 2
	NICStateHostAttached   NICState = 3
	NICStateConfigured     NICState = 4
	NICStateRemoved        NICState = 5
	NICEventGuestPrepare   NICEvent = 0
	NICEventHostAdd        NICEvent = 1
	NICEventGuestConfigure NICEvent = 2
	NICEventRestore        NICEvent = 3
	NICEventGuestRemove    NICEvent = 4
	NICEventHostRemove     NICEvent = 5
	NICEventAbandon        NICEvent = 6
	InitialNICState                 = NICStatePlanned
)

func (s NICState) String() string {
	n := []string{"Planned", "GuestPrepared", "AwaitingGuest", "HostAttached", "Configured", "Removed"}
	if int(s) < len(n) {
		return n[s]
	}
	return fmt.Sprintf("NICState(%d)", s)
}
func (e NICEvent) String() string {
	n := []string{"GuestPrepare", "HostAdd", "GuestConfigure", "Restore", "GuestRemove", "HostRemove", "Abandon"}
	if int(e) < len(n) {
		return n[e]
	}
	return fmt.Sprintf("NICEvent(%d)", e)
}
func (s NICState) IsTerminal() bool { return s == NICStateRemoved }
func (s NICState) Next(e NICEvent) (NICState, error) {
	switch {
	case s == NICStatePlanned && e == NICEventGuestPrepare:
		return NICStateGuestPrepared, nil
	case s == NICStatePlanned && e == NICEventHostAdd:
		return NICStateHostAttached, nil
	case s == NICStateGuestPrepared && e == NICEventHostAdd:
		return NICStateAwaitingGuest, nil
	case s == NICStateAwaitingGuest && e == NICEventGuestConfigure:
		return NICStateConfigured, nil
	case s == NICStateHostAttached && e == NICEventGuestConfigure:
		return NICStateConfigured, nil
	case s == NICStatePlanned && e == NICEventRestore:
		return NICStateConfigured, nil
	case s == NICStateGuestPrepared && e == NICEventGuestRemove:
		return NICStateRemoved, nil
	case s == NICStateAwaitingGuest && e == NICEventGuestRemove:
		return NICStateHostAttached, nil
	case s == NICStateConfigured && e == NICEventGuestRemove:
		return NICStateHostAttached, nil
	case s == NICStateHostAttached && e == NICEventHostRemove:
		return NICStateRemoved, nil
	case s == NICStatePlanned && e == NICEventAbandon:
		return NICStateRemoved, nil
	case s == NICStateGuestPrepared && e == NICEventAbandon:
		return NICStateRemoved, nil
	case s == NICStateAwaitingGuest && e == NICEventAbandon:
		return NICStateRemoved, nil
	case s == NICStateHostAttached && e == NICEventAbandon:
		return NICStateRemoved, nil
	case s == NICStateConfigured && e == NICEventAbandon:
		return NICStateRemoved, nil
	}
	return s, fmt.Errorf("no transition from %s on %s", s, e)
}
func (s NICState) Can(e NICEvent) bool { _, err := s.Next(e); return err == nil }
