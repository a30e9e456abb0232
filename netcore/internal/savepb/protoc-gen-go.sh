#!/bin/sh
# protoc plugin shim: runs the protoc-gen-go pinned by netcore/go.mod.
exec go tool protoc-gen-go "$@"
