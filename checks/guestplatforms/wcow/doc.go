// Package lcow runs the checks and benchmarks both guest platforms share
// over netwcow: the pod benchmarks of package podbench over netwcow's
// guest steps, and the teardown error contract of package teardowntest
// over netwcow's ready guest managers on both guest routes. It holds
// tests only.
package wcow
