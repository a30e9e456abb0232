#!/usr/bin/env bash
# Release rehearsal (make release-check): publish the commit (HEAD) to a
# file-based module proxy as if every module in versions.txt were tagged
# there (zips made from the commit as the go command makes them from a
# tag: committed files only, the root LICENSE added), then use it the way
# a shim author would, from fresh modules outside the repository with an
# empty module cache. Third-party modules come from the machine's module
# proxy; nothing is read from the workspace or from GitHub.
#
# The shims are tools/release/testdata/shim/{lcow,wcow}, with windowshost
# (hcnhost.New()) added to each, and, in each shim's readme/ package, the
# README's compiled blocks for that platform, pasted as a shim author
# would: the only files here written against the public API. The
# operator's command is installed with go install and run once on
# cmd/uvmnet's two-endpoint pod.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
started=$SECONDS

fail() { echo "release-check: FAIL: $*" >&2; exit 1; }
step() { echo "release-check: $*"; }

# The machine's proxy, without "direct" or "off": the rehearsal must not
# depend on reaching a VCS host.
upstream=$(go env GOPROXY | tr ',|' '\n\n' | grep -v -e '^direct$' -e '^off$' -e '^$' | paste -sd, -)
[ -n "$upstream" ] || upstream=https://proxy.golang.org

work=$(mktemp -d "${TMPDIR:-/tmp}/uvmnet-release-check.XXXXXX")
cleanup() {
	GOMODCACHE="$work/modcache" GOFLAGS=-modcacherw go clean -modcache >/dev/null 2>&1 || true
	chmod -R u+w "$work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# The release tool is built with the normal module cache, before the
# rehearsal's environment is set.
(cd tools/release && go build -o "$work/release" .)
step "module proxy of HEAD, as if tagged:"
"$work/release" proxy "$work/proxy" HEAD | sed 's/^/  /'
"$work/release" snippets "$work/snippets" HEAD >/dev/null
for plat in lcow wcow; do
	[ -f "$work/snippets/$plat/shim.go" ] && [ -f "$work/snippets/$plat/shim_test.go" ] ||
		fail "README.md has no compiled $plat/shim.go and $plat/shim_test.go blocks"
done

version_of() { awk -v d="$1" '$1 == d { print $2 }' versions.txt; }
core_v=$(version_of netcore)
lcow_v=$(version_of netlcow)
wcow_v=$(version_of netwcow)
conf_v=$(version_of conformance)
stategen_v=$(version_of tools/stategen)
hcn_v=$(version_of hcnhost)
cmd_v=$(version_of cmd/uvmnet)
repo=github.com/uvmnet/uvmnet

export GOMODCACHE="$work/modcache"
export GOPROXY="file://$work/proxy,$upstream"
export GONOSUMDB=github.com/uvmnet
export GOWORK=off GOFLAGS=-modcacherw
unset GOTOOLCHAIN
mkdir -p "$GOMODCACHE"

# quiet drops go get's progress lines, keeping errors.
quiet() { grep -v -E '^go: (downloading|added|upgraded|finding) ' || true; }

# sum_modules counts the module paths in a go.sum.
sum_modules() { awk '{ print $1 }' "$1" | sort -u | wc -l; }

# shim PLATFORM MODULE VERSION OTHER: the shim for one guest platform.
shim() {
	local plat=$1 mod=$2 ver=$3 other=$4
	local dir="$work/shim-$plat"
	mkdir -p "$dir"
	cp tools/release/testdata/shim/"$plat"/main.go "$dir"/
	cd "$dir"
	go mod init example.com/shim-"$plat" >/dev/null 2>&1
	step "$plat: go get $repo/$mod@$ver"
	go get "$repo/$mod@$ver" 2>&1 | quiet
	local n_get n_tidy n_graph
	n_get=$(sum_modules go.sum)
	go mod tidy 2>&1 | quiet
	n_tidy=$(sum_modules go.sum)
	go list -m all >"$work/graph-$plat"
	n_graph=$(wc -l <"$work/graph-$plat")
	echo "$n_get after go get, $n_tidy after go mod tidy, $n_graph in the module graph" >"$work/count-$plat"
	step "$plat: the shim's go.sum holds $n_get modules after go get $mod, $n_tidy after go mod tidy; go list -m all lists $n_graph"
	if grep -e "^$repo/tools/" -e "^$repo/checks/" -e "^$repo/cmd/" "$work/graph-$plat"; then
		fail "$plat: a tool, check or command module of this repository is in a consumer's module graph"
	fi
	if grep "^$repo/$other " "$work/graph-$plat"; then
		fail "$plat: go get $mod brings $other into the shim's module graph"
	fi
	# hcsshim comes only with hcnhost, which a shim adds for a Windows host.
	if grep -e "^github.com/Microsoft/hcsshim " -e "^$repo/hcnhost " "$work/graph-$plat"; then
		fail "$plat: go get $mod brings hcnhost or hcsshim into the shim's module graph"
	fi

	for goos in linux windows; do
		GOOS=$goos go build -o "$work/bin/$plat-$goos" . || fail "$plat: GOOS=$goos build of the shim"
		GOOS=$goos go list -deps . >"$work/deps-$plat-$goos"
		grep -q "^$repo/$mod\$" "$work/deps-$plat-$goos" || fail "$plat: GOOS=$goos shim does not import $mod"
		if grep -q "^$repo/$other" "$work/deps-$plat-$goos"; then
			fail "$plat: GOOS=$goos shim imports $(grep "^$repo/$other" "$work/deps-$plat-$goos" | head -1)"
		fi
		go version -m "$work/bin/$plat-$goos" >"$work/mods-$plat-$goos"
		grep -q "dep	$repo/$mod	$ver" "$work/mods-$plat-$goos" || fail "$plat: GOOS=$goos binary does not link $repo/$mod $ver"
		if grep -q "$repo/$other" "$work/mods-$plat-$goos"; then
			fail "$plat: GOOS=$goos binary links $other"
		fi
		step "$plat: GOOS=$goos shim builds, links $mod $ver and nothing of $other ($(grep -c '	dep	' "$work/mods-$plat-$goos") modules linked)"
	done
	"$work/bin/$plat-linux" || fail "$plat: the shim did not run"

	# The README's wiring for this platform, pasted verbatim into the
	# shim's module: it must build for both OSes from the published zips.
	mkdir -p readme
	cp "$work/snippets/$plat"/*.go readme/
	rm -f readme/*_test.go # pasted with conformance, below
	for goos in linux windows; do
		GOOS=$goos go build ./readme || fail "$plat: the README's $plat wiring does not build for $goos against the published modules"
		if GOOS=$goos go list -deps ./readme | grep -q "^$repo/$other"; then
			fail "$plat: the README's $plat wiring imports $other"
		fi
	done
	step "$plat: the README's $plat wiring, pasted verbatim, builds for linux and windows"
	go doc "$repo/$mod" NewGuestSteps >/dev/null || fail "$plat: go doc $repo/$mod NewGuestSteps, in the shim's module"
	go doc "$repo/netcore" New >/dev/null || fail "$plat: go doc $repo/netcore New, in the shim's module"

	# The Windows host's part of the shim: hcnhost.New(), built for
	# windows, and for linux, where New must say the platform has no HCN.
	step "$plat: go get $repo/hcnhost@$hcn_v, and builds of hcnhost.New() for windows and linux"
	mkdir -p windowshost
	cp "$root"/tools/release/testdata/shim/windowshost/main.go windowshost/
	go get "$repo/hcnhost@$hcn_v" 2>&1 | quiet
	local h_get h_tidy h_graph
	h_get=$(sum_modules go.sum)
	go mod tidy 2>&1 | quiet
	h_tidy=$(sum_modules go.sum)
	h_graph=$(go list -m all | wc -l)
	echo "with hcnhost: $h_get after go get hcnhost, $h_tidy after go mod tidy, $h_graph in the module graph" >>"$work/count-$plat"
	step "$plat: with hcnhost the shim's go.sum holds $h_get modules after go get, $h_tidy after go mod tidy; go list -m all lists $h_graph"
	GOOS=windows go build -o "$work/bin/$plat-windowshost.exe" ./windowshost || fail "$plat: GOOS=windows build of hcnhost.New()"
	go version -m "$work/bin/$plat-windowshost.exe" >"$work/mods-$plat-windowshost"
	grep -q "dep	$repo/hcnhost	$hcn_v" "$work/mods-$plat-windowshost" || fail "$plat: the windows host binary does not link $repo/hcnhost $hcn_v"
	grep -q "dep	github.com/Microsoft/hcsshim	" "$work/mods-$plat-windowshost" || fail "$plat: the windows host binary does not link hcsshim"
	GOOS=windows go doc "$repo/hcnhost" New >/dev/null || fail "$plat: GOOS=windows go doc $repo/hcnhost New"
	go doc "$repo/hcnhost" New >/dev/null || fail "$plat: go doc $repo/hcnhost New, on linux"
	GOOS=linux go build -o "$work/bin/$plat-linuxhost" ./windowshost || fail "$plat: GOOS=linux build of hcnhost.New()"
	if go version -m "$work/bin/$plat-linuxhost" | grep -q "github.com/Microsoft/hcsshim"; then
		fail "$plat: the linux build of hcnhost.New() links hcsshim"
	fi
	if "$work/bin/$plat-linuxhost" >"$work/linuxhost-$plat.txt" 2>&1; then
		fail "$plat: hcnhost.New() succeeded on linux"
	fi
	grep -q "GOOS=linux" "$work/linuxhost-$plat.txt" || fail "$plat: hcnhost.New()'s error on linux does not name the platform: $(cat "$work/linuxhost-$plat.txt")"
	step "$plat: on linux hcnhost.New() says: $(cat "$work/linuxhost-$plat.txt")"
	# The shim's own binaries, which do not import hcnhost, still link no
	# hcsshim with hcnhost required.
	for goos in linux windows; do
		GOOS=$goos go build -o "$work/bin/$plat-$goos-h" .
		if go version -m "$work/bin/$plat-$goos-h" | grep -q -e "$repo/hcnhost" -e "github.com/Microsoft/hcsshim"; then
			fail "$plat: GOOS=$goos shim binary links hcnhost or hcsshim without importing hcnhost"
		fi
	done

	step "$plat: go get $repo/conformance@$conf_v, and the README's $plat conformance test, pasted verbatim"
	cp "$work/snippets/$plat"/*_test.go readme/
	go get "$repo/conformance@$conf_v" 2>&1 | quiet
	step "$plat: go.sum holds $(sum_modules go.sum) modules with conformance (a test-only dependency)"
	for goos in linux windows; do
		GOOS=$goos go vet ./readme || fail "$plat: the README's $plat blocks, tests included, do not vet for $goos"
	done
	go test -count=1 ./readme || fail "$plat: the README's conformance test in the shim"
	# conformance brings both platform modules into the build list, but the
	# shim's binary still links only its own.
	GOOS=linux go build -o "$work/bin/$plat-linux-2" .
	if go version -m "$work/bin/$plat-linux-2" | grep -q "$repo/$other"; then
		fail "$plat: with conformance required, the shim's binary links $other"
	fi

	step "$plat: go test $repo/$mod from the shim's module"
	GOFLAGS="$GOFLAGS -mod=mod" go test -count=1 "$repo/$mod" || fail "$plat: $mod's own tests fail outside the repository"
	cd "$root"
}

shim lcow netlcow "$lcow_v" netwcow
shim wcow netwcow "$wcow_v" netlcow

step "go run $repo/conformance/cmd/conformance-report@$conf_v"
mkdir -p "$work/run" && cd "$work/run"
go run "$repo/conformance/cmd/conformance-report@$conf_v" >"$work/report.txt" || {
	cat "$work/report.txt"
	fail "go run conformance-report@$conf_v"
}
grep -qi lcow "$work/report.txt" && grep -qi wcow "$work/report.txt" || {
	cat "$work/report.txt"
	fail "the conformance report names neither platform"
}
tail -n 3 "$work/report.txt" | sed 's/^/  /'
cd "$root"

step "go install $repo/cmd/uvmnet@$cmd_v, and plan a pod with it"
mkdir -p "$work/cmd" && cd "$work/cmd"
GOBIN="$work/bin" go install "$repo/cmd/uvmnet@$cmd_v" 2>&1 | quiet
[ -x "$work/bin/uvmnet" ] || fail "go install $repo/cmd/uvmnet@$cmd_v"
"$work/bin/uvmnet" plan --platform lcow --raw \
	--namespace "$root/cmd/uvmnet/testdata/pod/namespace.json" \
	--endpoints "$root/cmd/uvmnet/testdata/pod/endpoints.json" >"$work/plan.txt" || {
	cat "$work/plan.txt"
	fail "the installed uvmnet plan"
}
grep -q '"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/' "$work/plan.txt" || fail "uvmnet plan printed no hot-add"
step "uvmnet plan printed $(grep -c '^# \(setup\|teardown\) ' "$work/plan.txt") documents; go version -m: $(go version -m "$work/bin/uvmnet" | grep -c '	dep	') modules linked"
# The Windows binary, whose plan --live reads HCN through hcnhost. A
# cross-compiled go install refuses GOBIN, so it goes under GOPATH/bin.
GOOS=windows GOPATH="$work/gopath" go install "$repo/cmd/uvmnet@$cmd_v" 2>&1 | quiet
go version -m "$work/gopath/bin/windows_amd64/uvmnet.exe" | grep -q "dep	$repo/hcnhost	$hcn_v" ||
	fail "the windows uvmnet does not link $repo/hcnhost $hcn_v"
step "GOOS=windows go install $repo/cmd/uvmnet@$cmd_v links hcnhost $hcn_v for plan --live"
# The operator's guide is the command's package doc: a shim's module that
# requires the command reaches it with go doc.
go mod init example.com/operator >/dev/null 2>&1
go get "$repo/cmd/uvmnet@$cmd_v" 2>&1 | quiet
go doc "$repo/cmd/uvmnet" | grep -q 'uvmnet plan' || fail "go doc $repo/cmd/uvmnet, in a shim's module, shows no operator's guide"
step "go doc $repo/cmd/uvmnet shows the operator's guide in a module that requires it"
cd "$root"

step "go get -tool $repo/tools/stategen@$stategen_v, and generate a spec"
mkdir -p "$work/gen" && cd "$work/gen"
go mod init example.com/gen >/dev/null 2>&1
go get -tool "$repo/tools/stategen@$stategen_v" 2>&1 | quiet
cp "$root/tools/release/testdata/door.fsm" .
go tool stategen door.fsm || fail "go tool stategen"
[ -s door_fsm.go ] && [ -s door.mmd ] || fail "stategen wrote no door_fsm.go or door.mmd"
printf 'package main\n\nfunc main() { println(InitialDoorState.String()) }\n' >main.go
go vet . || fail "the generated state machine does not compile"
cd "$root"

step "consumer footprint, lcow shim: $(paste -sd';' "$work/count-lcow" | sed 's/;/; /')"
step "consumer footprint, wcow shim: $(paste -sd';' "$work/count-wcow" | sed 's/;/; /')"
step "ok in $((SECONDS - started))s"
