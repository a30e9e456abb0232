module github.com/uvmnet/uvmnet/tools/gen

go 1.26.0

tool (
	github.com/uvmnet/uvmnet/tools/stategen
	go.uber.org/mock/mockgen
	google.golang.org/protobuf/cmd/protoc-gen-go
)

require (
	github.com/uvmnet/uvmnet/tools/stategen v0.1.0 // indirect
	go.uber.org/mock v0.6.0 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)
