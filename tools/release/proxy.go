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
	"golang.org/x/mod/zip"
)

// writeProxy writes a file-based module proxy (GOPROXY=file:///DIR) serving
// every published module at its versions.txt version, made from the working
// tree exactly as a <dir>/<version> tag of it would be: the zip holds what
// the go command would fetch for that tag, and .mod is the go.mod as is.
func (r *repo) writeProxy(dir string, w io.Writer) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
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
		if err := writeZip(base+".zip", mv, filepath.Join(r.root, m.dir)); err != nil {
			return err
		}
		gomod, err := os.ReadFile(filepath.Join(r.root, m.dir, "go.mod"))
		if err != nil {
			return err
		}
		infoData, err := json.Marshal(struct {
			Version string
			Time    time.Time
		}{mv.Version, now})
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

func writeZip(name string, mv module.Version, src string) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := zip.CreateFromDir(f, mv, src); err != nil {
		return fmt.Errorf("zip %s@%s: %w", mv.Path, mv.Version, err)
	}
	return nil
}
