package upstreamsuite_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// tempModule is the module path of the temporary module the check builds.
const tempModule = "upstreamsuite.local"

// here is this module's path, which the stand-ins live under.
const here = "github.com/uvmnet/uvmnet/checks/upstreamsuite"

// platforms are the copies of the controller, each with its platform's
// file and its guest manager stand-in (hcsshim picks them by build tag).
var platforms = []struct{ name, guestStandIn string }{
	{"lcow", here + "/standin/lcowguest"},
	{"wcow", here + "/standin/wcowguest"},
}

// sharedFiles are the controller's files both platforms build.
var sharedFiles = []string{"doc.go", "network.go", "save.go", "state.go", "types.go"}

// importEdits is the whole change made to hcsshim's code: each import of
// an hcsshim package becomes the check's stand-in for it (the guest
// manager's per platform, set by copyController), and the saved-state
// package the copy's own.
var importEdits = map[string]string{
	"github.com/Microsoft/hcsshim/hcn":                              here + "/standin/hcn",
	"github.com/Microsoft/hcsshim/internal/log":                     here + "/standin/log",
	"github.com/Microsoft/hcsshim/internal/logfields":               here + "/standin/logfields",
	"github.com/Microsoft/hcsshim/internal/gcs":                     here + "/standin/gcs",
	"github.com/Microsoft/hcsshim/internal/hcs/schema2":             here + "/standin/hcsschema",
	"github.com/Microsoft/hcsshim/internal/protocol/guestresource":  here + "/standin/guestresource",
	"github.com/Microsoft/hcsshim/internal/protocol/guestrequest":   here + "/standin/guestrequest",
	"github.com/Microsoft/hcsshim/internal/vm/vmutils":              here + "/standin/vmutils",
	"github.com/Microsoft/hcsshim/internal/vm/vmmanager":            here + "/standin/vmmanager",
	"github.com/Microsoft/hcsshim/internal/controller/network/save": tempModule + "/save",
}

// buildLine matches the platform build constraint at the top of each of
// hcsshim's files.
var buildLine = regexp.MustCompile(`(?m)^//go:build [^\n]*$`)

// editSource applies the build-line and import edits to one file. The
// build line is emptied, not removed, so that every line keeps its number
// in hcsshim's source and a finding's file:line can be looked up there.
func editSource(t *testing.T, name string, src []byte, guestStandIn string) []byte {
	t.Helper()
	out := buildLine.ReplaceAllString(string(src), "")
	edits := map[string]string{"github.com/Microsoft/hcsshim/internal/vm/guestmanager": guestStandIn}
	for from, to := range importEdits {
		edits[from] = to
	}
	for from, to := range edits {
		out = strings.ReplaceAll(out, `"`+from+`"`, `"`+to+`"`)
	}
	require.NotContains(t, out, `"github.com/Microsoft/hcsshim`, "%s: an hcsshim import has no stand-in", name)
	return []byte(out)
}

// copyController copies hcsshim's controller for one platform from src
// to dst, edited, with the check's added files.
func copyController(t *testing.T, src, dst, platform, guestStandIn string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(dst, 0o755))
	files := append(append([]string(nil), sharedFiles...), "network_"+platform+".go")
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(src, f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dst, f), editSource(t, f, data, guestStandIn), 0o644))
	}
	for _, f := range []string{"state.go", "platform.go"} {
		data, err := os.ReadFile(filepath.Join("testdata", "added", f))
		require.NoError(t, err)
		data = []byte(strings.ReplaceAll(string(data), "lcow", platform))
		require.NoError(t, os.WriteFile(filepath.Join(dst, "added_"+f), data, 0o644))
	}
}

// copySave copies the saved-state package (generated code), edited.
func copySave(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(dst, 0o755))
	for _, f := range []string{"constants.go", "payload.pb.go"} {
		data, err := os.ReadFile(filepath.Join(src, "save", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dst, f), editSource(t, f, data, ""), 0o644))
	}
}

// uvmnetModules are the modules of this tree the temporary module builds
// from.
var uvmnetModules = []string{"conformance", "netcore", "netlcow", "netwcow", "checks/upstreamsuite"}

// writeModule writes the temporary module's go.mod and go.sum: this
// module's requirements (which hold everything the copies and the runner
// import) and this tree's modules by directory.
func writeModule(t *testing.T, root, dir string) {
	t.Helper()
	gomod, err := os.ReadFile("go.mod")
	require.NoError(t, err)
	mod := regexp.MustCompile(`(?m)^module .*$`).ReplaceAllString(string(gomod), "module "+tempModule)
	var b strings.Builder
	b.WriteString(mod)
	b.WriteString("\nrequire " + here + " v0.0.0\n\nreplace (\n")
	for _, m := range uvmnetModules {
		b.WriteString("\tgithub.com/uvmnet/uvmnet/" + m + " => " + filepath.Join(root, m) + "\n")
	}
	b.WriteString(")\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(b.String()), 0o644))
	gosum, err := os.ReadFile("go.sum")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644))
}
