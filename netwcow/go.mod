module github.com/uvmnet/uvmnet/netwcow

go 1.26.8

require github.com/uvmnet/uvmnet/netcore v0.0.0

replace (
	github.com/uvmnet/uvmnet/netcore => ../netcore
	github.com/uvmnet/uvmnet/tools/stategen => ../tools/stategen
)
