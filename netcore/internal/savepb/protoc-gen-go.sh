#!/bin/sh
# protoc plugin shim: runs the protoc-gen-go pinned by tools/gen/go.mod,
# which go tool finds through the workspace (go.work).
exec go tool protoc-gen-go "$@"
