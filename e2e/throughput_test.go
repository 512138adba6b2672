package e2e

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// throughput runs call b.N times from parallelism × GOMAXPROCS goroutines,
// reports the rate as "<unit>/s" and fails the benchmark if any call did,
// after logging the first failure.
func throughput(b *testing.B, parallelism int, unit string, call func() error) {
	b.Helper()
	var failures atomic.Int64
	var once sync.Once
	var first error
	b.SetParallelism(parallelism)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := call(); err != nil {
				failures.Add(1)
				once.Do(func() { first = err })
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), unit+"/s")
	if n := failures.Load(); n > 0 {
		b.Fatalf("%d of %d %s failed, the first: %v", n, b.N, unit, first)
	}
}
