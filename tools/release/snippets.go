package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
)

// compiledBlock matches a README code block that a shim author copies:
// the marker names the file it becomes in a module of the shim's own,
// under the directory of its guest platform ("lcow/shim.go") or, with no
// directory, a file every platform's shim holds.
var compiledBlock = regexp.MustCompile("(?s)<!-- compiled: ((?:[a-z]+/)?[a-z_]+\\.go) -->\\s*```go\\n(.*?)```")

// readmeSnippets returns the compiled blocks of a README by the file each
// becomes, slash-separated. A name used twice is an error: the second
// block would silently replace the first.
func readmeSnippets(readme []byte) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, b := range compiledBlock.FindAllSubmatch(readme, -1) {
		name := string(b[1])
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("README: two blocks are marked compiled: %s", name)
		}
		out[name] = b[2]
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("README: no block is marked <!-- compiled: FILE.go -->")
	}
	return out, nil
}

// writeSnippets writes the snippets into dir, one subdirectory per
// platform, each holding its own blocks and the platform-free ones, so that
// each subdirectory is a package a shim of that platform would have.
func writeSnippets(dir string, snippets map[string][]byte) (platforms []string, err error) {
	shared := map[string][]byte{}
	byPlatform := map[string]map[string][]byte{}
	for name, code := range snippets {
		plat, file := path.Split(name)
		if plat == "" {
			shared[file] = code
			continue
		}
		plat = path.Clean(plat)
		if byPlatform[plat] == nil {
			byPlatform[plat] = map[string][]byte{}
			platforms = append(platforms, plat)
		}
		byPlatform[plat][file] = code
	}
	slices.Sort(platforms)
	if len(platforms) == 0 {
		platforms, byPlatform = []string{"shim"}, map[string]map[string][]byte{"shim": {}}
	}
	for _, plat := range platforms {
		pdir := filepath.Join(dir, plat)
		if err := os.MkdirAll(pdir, 0o755); err != nil {
			return nil, err
		}
		for _, files := range []map[string][]byte{shared, byPlatform[plat]} {
			for file, code := range files {
				if err := os.WriteFile(filepath.Join(pdir, file), code, 0o644); err != nil {
					return nil, err
				}
			}
		}
	}
	return platforms, nil
}

// writeReadmeSnippets writes the compiled blocks of README.md, as committed
// at rev, into dir (see writeSnippets) and prints each platform directory.
func (r *repo) writeReadmeSnippets(dir, rev string) error {
	src, err := openCommit(r.root, rev)
	if err != nil {
		return err
	}
	defer src.Close()
	readme, err := src.readFile("README.md")
	if err != nil {
		return err
	}
	snippets, err := readmeSnippets(readme)
	if err != nil {
		return err
	}
	platforms, err := writeSnippets(dir, snippets)
	if err != nil {
		return err
	}
	for _, p := range platforms {
		fmt.Printf("snippets: %s\n", p)
	}
	return nil
}
