// Package lcow runs the checks and benchmarks both guest platforms share
// over netlcow: the pod benchmarks of package podbench over netlcow's
// guest steps, and the teardown error contract of package teardowntest
// over netlcow's ready guest managers on both guest routes. It holds
// tests only.
package lcow
