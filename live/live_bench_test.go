package live

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/redistest"
)

// BenchmarkPublishToSubscribers measures one event's trip from
// Publisher.Publish through Redis and the hub to every subscriber's queue
// (the last one to get it), one event at a time, and reports p50/p99.
func BenchmarkPublishToSubscribers(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("subscribers=%d", n), func(b *testing.B) {
			rdb, ch := redistest.NewClient(b), testChannel()
			hub := NewHub(rdb, ch, quiet())
			defer hub.Close()
			pub := NewPublisher(rdb, ch, quiet())
			defer pub.Close()
			waitConnected(b, hub)
			subs := make([]*Subscription, n)
			for i := range subs {
				subs[i] = hub.Subscribe(nil)
			}
			var lat []time.Duration
			i := 0
			for b.Loop() {
				i++
				start := time.Now()
				pub.Publish(Event{Kind: KindRun, ID: strconv.Itoa(i)})
				var wg sync.WaitGroup
				for _, s := range subs {
					wg.Go(func() { <-s.Events() })
				}
				wg.Wait()
				lat = append(lat, time.Since(start))
			}
			reportLatency(b, lat)
		})
	}
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}
