module github.com/uvmnet/uvmnet/netlcow

go 1.26.8

require (
	github.com/containerd/errdefs v1.0.0
	github.com/uvmnet/uvmnet/netcore v0.0.0
	google.golang.org/protobuf v1.36.12
)

replace (
	github.com/uvmnet/uvmnet/netcore => ../netcore
	github.com/uvmnet/uvmnet/tools/stategen => ../tools/stategen
)
