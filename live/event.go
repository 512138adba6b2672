// Package live carries "something changed" notices from the processes that
// change state (worker activities, API handlers) to the dashboards that show
// it: a Publisher sends small JSON events over Redis pub/sub, and a Hub in
// each API process holds one subscription and fans the events out to its
// server-sent-event streams.
//
// Events are hints, not data: they name what changed (kind and ID, maybe a
// status) and the dashboard refetches it through the normal,
// permission-checked API. Losing one costs at most a polling interval, so
// publishing never fails or slows down the caller.
package live

import (
	"encoding/json"
	"time"
)

// DefaultChannel is the Redis pub/sub channel events travel on.
const DefaultChannel = "opsmanager:events"

// Kinds of events.
const (
	// KindIncident: an incident's state or timeline changed. ID is the incident's.
	KindIncident = "incident"
	// KindNotification: a page of an incident was sent or failed. ID is the incident's.
	KindNotification = "notification"
	// KindRun: a playbook run's status, steps or approval changed. ID is the run's.
	KindRun = "run"
	// KindRunLog: a run's output has new lines. ID is the run's.
	KindRunLog = "run_log"
	// KindResync: events may have been missed (the stream fell behind, or the
	// Redis subscription was re-established); refetch everything shown.
	KindResync = "resync"
)

// Event is one change notice.
type Event struct {
	Kind   string    `json:"kind"`
	ID     string    `json:"id,omitempty"`
	Status string    `json:"status,omitempty"`
	At     time.Time `json:"at"`
}

// Resync is the event that tells a client to refetch everything.
func Resync(at time.Time) Event { return Event{Kind: KindResync, At: at} }

func decode(payload string) (Event, error) {
	var ev Event
	err := json.Unmarshal([]byte(payload), &ev)
	return ev, err
}
