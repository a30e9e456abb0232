package gcs

import "github.com/Microsoft/go-winio/pkg/guid"

// vsockServiceID is the Hyper-V socket service ID of a vsock port: the
// port in the first field of the vsock template GUID
// 00000000-facb-11e6-bd58-64006a7986d3. go-winio derives it the same way,
// in a package that builds only for Windows; uvmnet's realguest check
// adds this file for Linux.
func vsockServiceID(port uint32) guid.GUID {
	return guid.GUID{
		Data1: port,
		Data2: 0xfacb,
		Data3: 0x11e6,
		Data4: [8]byte{0xbd, 0x58, 0x64, 0x00, 0x6a, 0x79, 0x86, 0xd3},
	}
}
