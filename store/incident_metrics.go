package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// IncidentMetrics summarises incidents created in a time range.
type IncidentMetrics struct {
	From        time.Time      `json:"from"`
	To          time.Time      `json:"to"`
	Total       int            `json:"total"`
	ByStatus    map[string]int `json:"byStatus"`
	BySeverity  map[string]int `json:"bySeverity"`
	MTTASeconds *float64       `json:"mttaSeconds"` // mean time to acknowledge
	MTTRSeconds *float64       `json:"mttrSeconds"` // mean time to resolve
	// SLACompliance is the share of incidents with an SLA that met both
	// deadlines; nil when none had one.
	SLACompliance *float64         `json:"slaCompliance"`
	Services      []ServiceMetrics `json:"services"`
	// Series splits the range into buckets (oldest first, empty ones included).
	Series []MetricBucket `json:"series"`
}

// MetricBucket is the incidents created in [Start, Start+bucket).
type MetricBucket struct {
	Start       time.Time `json:"start"`
	Total       int       `json:"total"`
	MTTASeconds *float64  `json:"mttaSeconds"`
	MTTRSeconds *float64  `json:"mttrSeconds"`
}

// MaxBuckets bounds a metrics series.
const MaxBuckets = 1000

// series counts incidents per bucket of the range, oldest first.
func (s *Incidents) series(ctx context.Context, from, to time.Time, bucket time.Duration) ([]MetricBucket, error) {
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT date_bin($3::interval, i.created_at, $1) AS b, count(*),
			avg(extract(epoch FROM i.acknowledged_at - i.created_at)) FILTER (WHERE i.acknowledged_at IS NOT NULL),
			avg(extract(epoch FROM i.resolved_at - i.created_at)) FILTER (WHERE i.resolved_at IS NOT NULL)
		FROM incidents i WHERE i.created_at >= $1 AND i.created_at < $2 GROUP BY 1`, from, to, bucket)
	if err != nil {
		return nil, fmt.Errorf("incident series: %w", err)
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (MetricBucket, error) {
		var b MetricBucket
		return b, r.Scan(&b.Start, &b.Total, &b.MTTASeconds, &b.MTTRSeconds)
	})
	if err != nil {
		return nil, fmt.Errorf("incident series: %w", err)
	}
	byStart := make(map[int64]MetricBucket, len(got))
	for _, b := range got {
		byStart[b.Start.UnixNano()] = b
	}
	out := []MetricBucket{}
	for t := from; t.Before(to) && len(out) < MaxBuckets; t = t.Add(bucket) {
		b, ok := byStart[t.UnixNano()]
		if !ok {
			b = MetricBucket{Start: t}
		}
		b.Start = t.UTC()
		out = append(out, b)
	}
	return out, nil
}

// ServiceMetrics are the same figures for one service.
type ServiceMetrics struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Total         int      `json:"total"`
	Open          int      `json:"open"`
	MTTASeconds   *float64 `json:"mttaSeconds"`
	MTTRSeconds   *float64 `json:"mttrSeconds"`
	SLACompliance *float64 `json:"slaCompliance"`
}

const metricColumns = `count(*),
	count(*) FILTER (WHERE i.status IN ('triggered', 'acknowledged', 'investigating', 'mitigated')),
	avg(extract(epoch FROM i.acknowledged_at - i.created_at)) FILTER (WHERE i.acknowledged_at IS NOT NULL),
	avg(extract(epoch FROM i.resolved_at - i.created_at)) FILTER (WHERE i.resolved_at IS NOT NULL),
	(count(*) FILTER (WHERE i.ack_deadline IS NOT NULL AND NOT i.ack_breached AND NOT i.resolve_breached))::float8
		/ NULLIF(count(*) FILTER (WHERE i.ack_deadline IS NOT NULL), 0)`

// Metrics computes incident metrics for incidents created in [from, to).
// With bucket > 0 it also returns a series of bucket-long buckets.
func (s *Incidents) Metrics(ctx context.Context, from, to time.Time, bucket time.Duration) (IncidentMetrics, error) {
	m := IncidentMetrics{From: from, To: to, ByStatus: map[string]int{}, BySeverity: map[string]int{}, Services: []ServiceMetrics{},
		Series: []MetricBucket{}}
	if bucket > 0 {
		var err error
		if m.Series, err = s.series(ctx, from, to, bucket); err != nil {
			return m, err
		}
	}
	var open int
	err := db(ctx, s.pool).QueryRow(ctx, `SELECT `+metricColumns+` FROM incidents i WHERE i.created_at >= $1 AND i.created_at < $2`, from, to).
		Scan(&m.Total, &open, &m.MTTASeconds, &m.MTTRSeconds, &m.SLACompliance)
	if err != nil {
		return m, fmt.Errorf("incident metrics: %w", err)
	}
	for col, dst := range map[string]map[string]int{"status": m.ByStatus, "severity": m.BySeverity} {
		rows, err := db(ctx, s.pool).Query(ctx, `SELECT i.`+col+`, count(*) FROM incidents i WHERE i.created_at >= $1 AND i.created_at < $2 GROUP BY 1`, from, to)
		if err != nil {
			return m, fmt.Errorf("incident metrics: %w", err)
		}
		counts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct {
			K string
			N int
		}, error) {
			var kv struct {
				K string
				N int
			}
			return kv, r.Scan(&kv.K, &kv.N)
		})
		if err != nil {
			return m, err
		}
		for _, kv := range counts {
			dst[kv.K] = kv.N
		}
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT s.id, s.name, `+metricColumns+` FROM incidents i JOIN services s ON s.id = i.service_id
		WHERE i.created_at >= $1 AND i.created_at < $2 GROUP BY s.id, s.name ORDER BY count(*) DESC, s.name`, from, to)
	if err != nil {
		return m, fmt.Errorf("incident metrics: %w", err)
	}
	m.Services, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (ServiceMetrics, error) {
		var sm ServiceMetrics
		err := r.Scan(&sm.ID, &sm.Name, &sm.Total, &sm.Open, &sm.MTTASeconds, &sm.MTTRSeconds, &sm.SLACompliance)
		return sm, err
	})
	return m, err
}
