package hcsshimadopt_test

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

// TestReadyTransportsReadHcsshimsErrors reads, in hcsshim's source, what
// its network controller counts as gone (vmutils.IsVMNotAvailableError on
// the VM; gcs.ErrBridgeClosed and guestmanager.ErrGuestConnectionUnavailable
// in the guest), builds each error from the values the source declares,
// and requires uvmnet's ready managers to classify exactly those: every
// other HRESULT hcsshim declares stays a failure. A new hcsshim that adds,
// drops or renumbers one fails here, not in a wedged Teardown.
func TestReadyTransportsReadHcsshimsErrors(t *testing.T) {
	src := hcsshimDir(t, repoRoot(t))
	hcsv2 := parseFile(t, src, "internal/hcs/v2/errors.go")
	hcsv1 := parseFile(t, src, "internal/hcs/errors.go")

	// What the controller tests at removal.
	for _, f := range []string{"internal/controller/network/network_lcow.go", "internal/controller/network/network_wcow.go"} {
		file := parseFile(t, src, f)
		assert.ElementsMatch(t, []string{"gcs.ErrBridgeClosed", "guestmanager.ErrGuestConnectionUnavailable", "vmutils.IsVMNotAvailableError"},
			goneTests(file), "%s: what hcsshim's controller counts as gone at removal", f)
	}

	// The VM: IsVMNotAvailableError's predicates, each a set of hcs/v2 values.
	vmutils := parseFile(t, src, "internal/vm/vmutils/utils.go")
	var goneErrnos []syscall.Errno
	var goneTexts []string
	for _, pred := range calledNames(funcBody(t, vmutils, "IsVMNotAvailableError")) {
		for _, name := range calledArgs(funcBody(t, hcsv2, pred)) {
			switch v := varValue(t, hcsv2, name).(type) {
			case syscall.Errno:
				goneErrnos = append(goneErrnos, v)
			case string:
				goneTexts = append(goneTexts, v)
			}
		}
	}
	require.NotEmpty(t, goneErrnos)
	require.NotEmpty(t, goneTexts)
	goneTexts = append(goneTexts, varValue(t, hcsv1, "ErrAlreadyClosed").(string)) // the same sign from internal/hcs
	for _, errno := range goneErrnos {
		assertVMGone(t, hcsmodifytest.ComputeSystemError("uvm", errno), fmt.Sprintf("HRESULT %#x", uint32(errno)))
	}
	for _, text := range goneTexts {
		assertVMGone(t, hcsmodifytest.ComputeSystemError("uvm", errors.New(text)), text)
	}
	for name, value := range errnoVars(t, hcsv2) {
		if !containsErrno(goneErrnos, value) {
			err := hcsmodifytest.ComputeSystemError("uvm", value)
			assert.NotErrorIs(t, removeNIC(err), netcore.ErrVMUnavailable, "hcs.%s (%#x) is not a gone VM", name, uint32(value))
		}
	}

	// The guest: the closed bridge and the guest manager without a connection.
	bridge := parseFile(t, src, "internal/gcs/bridge.go")
	format, wrapped := errorfWrapping(t, bridge, "ErrBridgeClosed")
	require.Equal(t, "net.ErrClosed", wrapped, "gcs.ErrBridgeClosed wraps net.ErrClosed")
	bridgeClosed := fmt.Errorf(format, net.ErrClosed)
	helpers := parseFile(t, src, "internal/vm/guestmanager/request_helpers.go")
	noConnection := errors.New(varValue(t, helpers, "ErrGuestConnectionUnavailable").(string))
	for name, err := range map[string]error{
		"gcs.ErrBridgeClosed":                        bridgeClosed,
		"gcs.ErrBridgeClosed with its cause":         fmt.Errorf("%w: %w", bridgeClosed, io.ErrUnexpectedEOF),
		"guestmanager.ErrGuestConnectionUnavailable": noConnection,
	} {
		got := sendGuestRequest(err)
		assert.ErrorIs(t, got, netcore.ErrGuestUnavailable, name)
		assert.ErrorIs(t, got, err, name)
	}
	for _, errno := range goneErrnos {
		answer := &hcsmodifytest.GuestRPCError{Result: uint32(errno), Message: "guest agent's answer"}
		assert.NotErrorIs(t, sendGuestRequest(answer), netcore.ErrVMUnavailable, "a guest agent's HRESULT %#x is its answer, not a gone VM", uint32(errno))
	}
}

func assertVMGone(t *testing.T, err error, what string) {
	t.Helper()
	got := removeNIC(err)
	assert.ErrorIs(t, got, netcore.ErrVMUnavailable, "VM NIC hot-remove answered %s", what)
	assert.ErrorIs(t, got, err)
	req := &hcsmodify.GuestRequest{RequestType: hcsmodify.RequestTypeRemove, ResourceType: hcsmodify.ResourceTypeNetwork}
	legacy := hcsmodify.ViaComputeSystem(&hcsmodifytest.Recorder{Err: err}).SendGuestRequest(context.Background(), req)
	assert.ErrorIs(t, legacy, netcore.ErrVMUnavailable, "legacy guest route answered %s", what)
}

func removeNIC(answer error) error {
	vm := hcsmodify.NewVMNetwork(&hcsmodifytest.Recorder{Err: answer})
	return vm.RemoveNIC(context.Background(), "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
		&netcore.NetworkAdapter{EndpointId: "5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90", MacAddress: "00-15-5D-8A-21-07"})
}

func sendGuestRequest(answer error) error {
	req := &hcsmodify.GuestRequest{RequestType: hcsmodify.RequestTypeRemove, ResourceType: hcsmodify.ResourceTypeNetwork}
	return hcsmodify.ViaGuestConnection(&hcsmodifytest.Recorder{Err: answer}).SendGuestRequest(context.Background(), req)
}

func containsErrno(list []syscall.Errno, v syscall.Errno) bool {
	for _, e := range list {
		if e == v {
			return true
		}
	}
	return false
}

func parseFile(t *testing.T, root, rel string) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, filepath.FromSlash(rel)), nil, 0)
	require.NoError(t, err)
	return f
}

func funcBody(t *testing.T, f *ast.File, name string) *ast.BlockStmt {
	t.Helper()
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
			return fd.Body
		}
	}
	require.Failf(t, "function not found", "func %s", name)
	return nil
}

// calledNames lists the functions body calls as pkg.Name, by Name.
func calledNames(body *ast.BlockStmt) []string {
	var out []string
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				out = append(out, sel.Sel.Name)
			}
		}
		return true
	})
	return out
}

// calledArgs lists the package-level identifiers body passes to its calls
// (IsAny(err, A, B), errors.Is(err, A)).
func calledArgs(body *ast.BlockStmt) []string {
	var out []string
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			for _, a := range call.Args {
				if id, ok := a.(*ast.Ident); ok && id.Name != "err" {
					out = append(out, id.Name)
				}
			}
		}
		return true
	})
	return out
}

// goneTests lists what the removal functions of hcsshim's network
// controller test an error against: errors.Is targets and predicates.
func goneTests(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || (fd.Name.Name != "removeEndpointFromGuestNamespace" && fd.Name.Name != "removeNetNSInsideGuest") {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			switch fun := selector(call.Fun); fun {
			case "errors.Is":
				if s := selector(call.Args[1]); s != "" && !contains(out, s) {
					out = append(out, s)
				}
			case "vmutils.IsVMNotAvailableError":
				if !contains(out, fun) {
					out = append(out, fun)
				}
			}
			return true
		})
	}
	return out
}

func selector(e ast.Expr) string {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	return x.Name + "." + sel.Sel.Name
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// eachVar calls visit with every package-level var of f that has a value.
func eachVar(f *ast.File, visit func(name string, value ast.Expr)) {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if i < len(vs.Values) {
					visit(n.Name, vs.Values[i])
				}
			}
		}
	}
}

// valueSpec finds the value of the package-level var name.
func valueSpec(t *testing.T, f *ast.File, name string) ast.Expr {
	t.Helper()
	var found ast.Expr
	eachVar(f, func(n string, v ast.Expr) {
		if n == name {
			found = v
		}
	})
	require.NotNil(t, found, "var %s not found", name)
	return found
}

// varValue evaluates a var declared as syscall.Errno(<int>) or
// errors.New(<string>).
func varValue(t *testing.T, f *ast.File, name string) any {
	t.Helper()
	call, ok := valueSpec(t, f, name).(*ast.CallExpr)
	require.True(t, ok, "var %s is not a call", name)
	require.Len(t, call.Args, 1, "var %s", name)
	lit, ok := call.Args[0].(*ast.BasicLit)
	require.True(t, ok, "var %s: argument is not a literal", name)
	switch selector(call.Fun) {
	case "syscall.Errno":
		v, err := strconv.ParseUint(lit.Value, 0, 32)
		require.NoError(t, err)
		return syscall.Errno(v)
	case "errors.New":
		s, err := strconv.Unquote(lit.Value)
		require.NoError(t, err)
		return s
	}
	require.Failf(t, "unexpected initializer", "var %s = %s(...)", name, selector(call.Fun))
	return nil
}

// errnoVars returns every var of f declared as a syscall.Errno.
func errnoVars(t *testing.T, f *ast.File) map[string]syscall.Errno {
	t.Helper()
	out := map[string]syscall.Errno{}
	eachVar(f, func(name string, v ast.Expr) {
		if call, ok := v.(*ast.CallExpr); ok && selector(call.Fun) == "syscall.Errno" {
			out[name] = varValue(t, f, name).(syscall.Errno)
		}
	})
	require.NotEmpty(t, out)
	return out
}

// errorfWrapping reads a var declared as fmt.Errorf(<format>, <pkg.Var>).
func errorfWrapping(t *testing.T, f *ast.File, name string) (format, wrapped string) {
	t.Helper()
	call, ok := valueSpec(t, f, name).(*ast.CallExpr)
	require.True(t, ok && selector(call.Fun) == "fmt.Errorf" && len(call.Args) == 2, "var %s is not fmt.Errorf(format, err)", name)
	lit, ok := call.Args[0].(*ast.BasicLit)
	require.True(t, ok)
	format, err := strconv.Unquote(lit.Value)
	require.NoError(t, err)
	return format, selector(call.Args[1])
}
