package realguest_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// portedPackages are the host-side packages the harness needs from
// hcsshim's tree, all built for windows only upstream although nothing in
// them but what portEdits changes is Windows-specific: the guest
// connection and its bridge (internal/gcs), its protocol, the container
// interface it implements, and the schema1 types it carries.
var portedPackages = []string{
	"internal/gcs",
	"internal/gcs/prot",
	"internal/cow",
	"internal/hcs/schema1",
}

// portEdit replaces old, which must occur count times, with new in one of
// hcsshim's files.
type portEdit struct {
	path, old, new string
	count          int
}

// portEdits are the changes to hcsshim's files that build the host side
// for Linux. The rest of the port is in testdata/tree: jobobject's one
// type the container interface names, and the vsock service GUID the
// process code derives from a port.
var portEdits = []portEdit{
	// HRESULTs stay syscall.Errno values: x/sys/windows's Errno is that
	// type, so errors.As and the ready managers read them as on Windows.
	{path: "internal/gcs/bridge.go", old: "\t\"golang.org/x/sys/windows\"\n", new: "\t\"syscall\"\n", count: 1},
	{path: "internal/gcs/bridge.go", old: "windows.Errno(", new: "syscall.Errno(", count: 3},
	{path: "internal/gcs/bridge.go", old: "windows.WSAECONNABORTED", new: "syscall.ECONNABORTED", count: 1},
	// hvsock listeners exist only on Windows; the harness never opens
	// process stdio, so the listener fails if asked.
	{path: "internal/gcs/guestconnection.go", old: "\t\"github.com/Microsoft/go-winio\"\n", new: "", count: 1},
	{
		path: "internal/gcs/guestconnection.go",
		old: `		return winio.ListenHvsock(&winio.HvsockAddr{
			VMID:      vmID,
			ServiceID: winio.VsockServiceID(port),
		})`,
		new:   `		return nil, errors.Errorf("hvsock listener for VM %s port %d: not on Linux", vmID, port)`,
		count: 1,
	},
	{path: "internal/gcs/process.go", old: "\t\"github.com/Microsoft/go-winio\"\n", new: "", count: 1},
	{path: "internal/gcs/process.go", old: "winio.VsockServiceID(", new: "vsockServiceID(", count: 3},
}

// windowsOnlyImports are imports that cannot build for Linux.
var windowsOnlyImports = []string{
	"golang.org/x/sys/windows",
	"github.com/Microsoft/go-winio",
}

// portHostSide applies portEdits, drops the windows build lines of the
// ported packages' files, and fails if a Windows-only build line or
// import is left in them.
func portHostSide(t *testing.T, tree string) {
	t.Helper()
	for _, e := range portEdits {
		path := filepath.Join(tree, filepath.FromSlash(e.path))
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, e.count, strings.Count(string(src), e.old), "%s: the text to replace must occur %d time(s): %q", e.path, e.count, e.old)
		require.NoError(t, os.WriteFile(path, []byte(strings.ReplaceAll(string(src), e.old, e.new)), 0o644))
	}
	for _, pkg := range portedPackages {
		files, err := filepath.Glob(filepath.Join(tree, filepath.FromSlash(pkg), "*.go"))
		require.NoError(t, err)
		require.NotEmpty(t, files, "no Go files in %s", pkg)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue // upstream's tests stay Windows-only
			}
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			text := strings.Replace(string(src), "//go:build windows\n", "", 1)
			require.NoError(t, os.WriteFile(f, []byte(text), 0o644))
			requireLinuxReady(t, f, text)
		}
	}
}

// requireLinuxReady fails if the file keeps a build constraint or imports
// a Windows-only package.
func requireLinuxReady(t *testing.T, path, src string) {
	t.Helper()
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, "package ") {
			break
		}
		require.False(t, strings.HasPrefix(line, "//go:build") || strings.HasPrefix(line, "// +build"),
			"%s: build line left after the port: %s", path, line)
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
	require.NoError(t, err)
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		require.NoError(t, err)
		for _, w := range windowsOnlyImports {
			require.NotEqual(t, w, p, "%s: Windows-only import %q left after the port", path, p)
		}
	}
}
