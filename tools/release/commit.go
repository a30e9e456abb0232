package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// commitSource reads one commit of the repository the way the go command
// reads a tagged commit when it builds a module zip: through `git
// archive` of the module's directory, with the export-ignore and
// export-subst attributes switched off and line endings left as committed,
// adding the repository root's LICENSE to a module in a subdirectory that
// has none of its own. Files that are not committed, or are ignored, are
// never read.
//
// git archive runs against a throwaway bare repository that borrows the
// real one's objects (an alternates file), because the attribute override
// lives in the repository's info/attributes, which this tool must not
// write in the developer's clone.
type commitSource struct {
	commit string
	gitDir string // the throwaway bare repository
}

// openCommit resolves rev in the git repository whose top level is root.
// The caller closes the result.
func openCommit(root, rev string) (*commitSource, error) {
	top, err := git(root, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("the release proxy is made from a commit and needs a git clone: %w", err)
	}
	if same, err := sameDir(top, root); err != nil || !same {
		return nil, fmt.Errorf("%s is inside the git repository at %s; module zips are made from the top level of a repository", root, top)
	}
	commit, err := git(root, "rev-parse", "--verify", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("revision %q: %w", rev, err)
	}
	common, err := git(root, "rev-parse", "--git-common-dir")
	if err != nil {
		return nil, err
	}
	if !filepath.IsAbs(common) {
		common = filepath.Join(root, common)
	}
	tmp, err := os.MkdirTemp("", "release-commit-")
	if err != nil {
		return nil, err
	}
	src := &commitSource{commit: commit, gitDir: tmp}
	if _, err := git(tmp, "init", "--quiet", "--bare", tmp); err != nil {
		src.Close()
		return nil, err
	}
	for name, data := range map[string]string{
		"objects/info/alternates": filepath.Join(common, "objects") + "\n",
		"info/attributes":         "* -export-subst -export-ignore\n",
	} {
		path := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			src.Close()
			return nil, err
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			src.Close()
			return nil, err
		}
	}
	return src, nil
}

// Close removes the throwaway repository.
func (s *commitSource) Close() error { return os.RemoveAll(s.gitDir) }

// readFile returns the committed content of name (slash-separated,
// relative to the repository root).
func (s *commitSource) readFile(name string) ([]byte, error) {
	out, err := gitBytes(s.gitDir, "cat-file", "blob", s.commit+":"+name)
	if err != nil {
		return nil, fmt.Errorf("%s at commit %s: %w", name, s.commit, err)
	}
	return out, nil
}

// time returns the commit's committer time, which the go command reports
// as a tagged version's time.
func (s *commitSource) time() (time.Time, error) {
	out, err := git(s.gitDir, "log", "-n1", "--format=%ct", s.commit)
	if err != nil {
		return time.Time{}, err
	}
	secs, err := strconv.ParseInt(out, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("commit time %q: %w", out, err)
	}
	return time.Unix(secs, 0).UTC(), nil
}

// writeModuleZip writes the zip of module mv, whose directory in the
// repository is dir, as a tag of the commit would publish it.
func (s *commitSource) writeModuleZip(w io.Writer, mv module.Version, dir string) error {
	archive, err := gitBytes(s.gitDir, "-c", "core.autocrlf=input", "-c", "core.eol=lf",
		"archive", "--format=zip", "--end-of-options", s.commit, dir)
	if err != nil {
		return fmt.Errorf("git archive %s of %s: %w", dir, s.commit, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return err
	}
	var files []modzip.File
	hasLicense := false
	for _, f := range zr.File {
		name, ok := strings.CutPrefix(f.Name, dir+"/")
		if !ok || name == "" || strings.HasSuffix(name, "/") {
			continue
		}
		files = append(files, archivedFile{name: name, f: f})
		hasLicense = hasLicense || name == "LICENSE"
	}
	if !hasLicense {
		// What the go command does for a module below the root: the
		// repository's license covers it.
		if data, err := s.readFile("LICENSE"); err == nil {
			files = append(files, licenseFile(data))
		}
	}
	return modzip.Create(w, mv, files)
}

// archivedFile is one file of git archive's output, as a module zip file.
type archivedFile struct {
	name string
	f    *zip.File
}

func (a archivedFile) Path() string                 { return a.name }
func (a archivedFile) Lstat() (os.FileInfo, error)  { return a.f.FileInfo(), nil }
func (a archivedFile) Open() (io.ReadCloser, error) { return a.f.Open() }

// licenseFile is the repository root's LICENSE, added to a module zip.
type licenseFile []byte

func (licenseFile) Path() string                   { return "LICENSE" }
func (l licenseFile) Lstat() (os.FileInfo, error)  { return licenseInfo(len(l)), nil }
func (l licenseFile) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(l)), nil }

// licenseInfo describes a licenseFile: a regular file of that size, which
// is all module zip creation asks.
type licenseInfo int

func (licenseInfo) Name() string       { return "LICENSE" }
func (l licenseInfo) Size() int64      { return int64(l) }
func (licenseInfo) Mode() os.FileMode  { return 0o644 }
func (licenseInfo) ModTime() time.Time { return time.Time{} }
func (licenseInfo) IsDir() bool        { return false }
func (licenseInfo) Sys() interface{}   { return nil }

// git runs git in dir and returns its trimmed standard output.
func git(dir string, args ...string) (string, error) {
	out, err := gitBytes(dir, args...)
	return strings.TrimSpace(string(out)), err
}

func gitBytes(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return out, nil
}

// sameDir reports whether a and b name the same directory.
func sameDir(a, b string) (bool, error) {
	ai, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	bi, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(ai, bi), nil
}
