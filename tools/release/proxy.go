package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
)

// writeProxy writes a file-based module proxy (GOPROXY=file:///DIR) serving
// every published module at its versions.txt version, made from commit
// rev exactly as a <dir>/<version> tag of that commit would publish it:
// the zip holds what the go command would fetch for the tag (committed
// files only, the root LICENSE added), .mod is the committed go.mod and
// .info has the commit's time. It prints each module's h1: hash, which a
// consumer's go.sum records.
func (r *repo) writeProxy(dir, rev string, w io.Writer) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	src, err := openCommit(r.root, rev)
	if err != nil {
		return err
	}
	defer src.Close()
	if dirty, err := git(r.root, "status", "--porcelain", "--untracked-files=normal"); err == nil && dirty != "" {
		fmt.Fprintf(w, "proxy: the working tree differs from %s; the proxy serves the commit, as its tags would\n", src.commit)
	}
	when, err := src.time()
	if err != nil {
		return err
	}
	for _, mv := range r.published() {
		m := r.byPath[mv.Path]
		escaped, err := module.EscapePath(mv.Path)
		if err != nil {
			return err
		}
		vdir := filepath.Join(dir, filepath.FromSlash(escaped), "@v")
		if err := os.MkdirAll(vdir, 0o755); err != nil {
			return err
		}
		base := filepath.Join(vdir, mv.Version)
		if err := writeZip(base+".zip", func(f io.Writer) error { return src.writeModuleZip(f, mv, m.dir) }); err != nil {
			return fmt.Errorf("zip %s@%s: %w", mv.Path, mv.Version, err)
		}
		gomod, err := src.readFile(m.dir + "/go.mod")
		if err != nil {
			return err
		}
		infoData, err := json.Marshal(struct {
			Version string
			Time    time.Time
		}{mv.Version, when})
		if err != nil {
			return err
		}
		for name, data := range map[string][]byte{
			base + ".mod":               gomod,
			base + ".info":              infoData,
			filepath.Join(vdir, "list"): []byte(mv.Version + "\n"),
		} {
			if err := os.WriteFile(name, data, 0o644); err != nil {
				return err
			}
		}
		h1, err := dirhash.HashZip(base+".zip", dirhash.Hash1)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "proxy: %s %s %s\n", mv.Path, mv.Version, h1)
	}
	return nil
}

// writeZip creates the file name and fills it with write.
func writeZip(name string, write func(io.Writer) error) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return write(f)
}
