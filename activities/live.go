package activities

import (
	"time"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/live"
)

// logEventEvery is the least time between two "new output" events of one
// step: a chatty command must not turn into an event per line.
const logEventEvery = 250 * time.Millisecond

// announced publishes ev if the write that returned err succeeded, and
// returns err. Dashboards then refetch instead of waiting for their next
// poll; a nil publisher does nothing.
func announced(p *live.Publisher, err error, ev live.Event) error {
	if err == nil {
		p.Publish(ev)
	}
	return err
}

func runEvent(runID string, status domain.RunStatus) live.Event {
	return live.Event{Kind: live.KindRun, ID: runID, Status: string(status)}
}

// announceOutput tells dashboards the step's log grew: at once if the last
// notice is logEventEvery old, otherwise once that much time has passed,
// so the last chunk is never left unannounced. Called with o.mu held.
func (o *output) announceOutput() {
	if o.live == nil || o.runID == "" || o.liveTimer != nil {
		return
	}
	wait := logEventEvery - time.Since(o.liveAt)
	if wait <= 0 {
		o.publishOutput()
		return
	}
	o.liveTimer = time.AfterFunc(wait, func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.liveTimer = nil
		o.publishOutput()
	})
}

// announceOutputNow sends a pending notice at once (the command ended).
// Called with o.mu held.
func (o *output) announceOutputNow() {
	if o.liveTimer != nil && o.liveTimer.Stop() {
		o.liveTimer = nil
		o.publishOutput()
	}
}

func (o *output) publishOutput() {
	o.liveAt = time.Now()
	o.live.Publish(live.Event{Kind: live.KindRunLog, ID: o.runID})
}
