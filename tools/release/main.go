// Command release keeps the published modules' versions true and rehearses a
// release. It is run from the repository root (make does it) and reads
// versions.txt and go.work there. It never changes the git repository:
// tags are printed for a person to create, and the rehearsal's proxy reads
// a commit (git archive, as the go command does for a tag) without
// touching the clone. The go commands it runs (tidy, alone, gofloor) download
// through the module proxy like any other.
//
// Usage:
//
//	release set                  write versions.txt's versions into every sibling require
//	release check                fail when a go.mod disagrees with versions.txt or the rules below
//	release proxy DIR [REV]      write a file-based module proxy of commit REV (HEAD), as if tagged
//	release snippets DIR [REV]   write README.md's compiled blocks at REV (HEAD) into DIR/<platform>/
//	release tags                 print the git commands that tag a release, in dependency order
//	release tidy [-check]        go mod tidy every module alone, siblings taken from the tree
//	release gofloor              fail when a go line is above what the module's dependencies need
//	release alone DIR -- CMD...  run CMD in module DIR alone (GOWORK=off), siblings from the tree
//
// The rules check enforces: every require of a published module names the
// version in versions.txt; no go.mod has a replace directive for a module of
// this repository (the workspace finds siblings in development, and a
// replace would make `go run pkg@version` refuse the module); a published
// module declares no tool and requires no unpublished module of this
// repository, so a shim's module graph holds neither.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

const usage = `usage:
	release set
	release check
	release proxy DIR [REV]
	release snippets DIR [REV]
	release tags
	release tidy [-check]
	release gofloor
	release alone DIR -- CMD [ARG...]`

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("no command\n%s", usage)
	}
	repo, err := loadRepo(".")
	if err != nil {
		return err
	}
	switch cmd, rest := args[0], args[1:]; {
	case cmd == "set" && len(rest) == 0:
		return repo.setRequires()
	case cmd == "check" && len(rest) == 0:
		return repo.check()
	case cmd == "proxy" && (len(rest) == 1 || len(rest) == 2):
		if err := repo.check(); err != nil {
			return err
		}
		return repo.writeProxy(rest[0], revision(rest[1:]), os.Stdout)
	case cmd == "snippets" && (len(rest) == 1 || len(rest) == 2):
		return repo.writeReadmeSnippets(rest[0], revision(rest[1:]))
	case cmd == "tags" && len(rest) == 0:
		if err := repo.check(); err != nil {
			return err
		}
		return repo.printTags(os.Stdout)
	case cmd == "tidy" && (len(rest) == 0 || len(rest) == 1 && rest[0] == "-check"):
		return repo.tidy(len(rest) == 1, os.Stdout)
	case cmd == "gofloor" && len(rest) == 0:
		return repo.goFloor(os.Stdout)
	case cmd == "alone" && len(rest) >= 3 && rest[1] == "--":
		return repo.alone(rest[0], rest[2:])
	default:
		return fmt.Errorf("bad arguments %q\n%s", args, usage)
	}
}

// revision is the optional REV argument: the commit to publish, HEAD when
// none is given.
func revision(args []string) string {
	if len(args) == 0 {
		return "HEAD"
	}
	return args[0]
}
