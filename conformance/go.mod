module github.com/uvmnet/uvmnet/conformance

go 1.26.8

tool go.uber.org/mock/mockgen

require (
	github.com/uvmnet/uvmnet/netcore v0.0.0
	github.com/uvmnet/uvmnet/netlcow v0.0.0
	github.com/uvmnet/uvmnet/netwcow v0.0.0
)

require (
	github.com/stretchr/testify v1.12.1 // indirect
	go.uber.org/mock v0.6.0 // indirect
)

replace (
	github.com/uvmnet/uvmnet/netcore => ../netcore
	github.com/uvmnet/uvmnet/netlcow => ../netlcow
	github.com/uvmnet/uvmnet/netwcow => ../netwcow
	github.com/uvmnet/uvmnet/tools/stategen => ../tools/stategen
)
