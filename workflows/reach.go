package workflows

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// UnreachableServer is a server that an SSH step of the run could not
// connect to or log in to. A run with one fails, naming each in its error
// and listing them under "unreachableServers" in its result.
type UnreachableServer struct {
	ServerID  string `json:"serverId"`
	Server    string `json:"server"`
	ErrorType string `json:"errorType"` // contract.ErrSSH*: SSHHostKeyMismatch, SSHConnectFailed, ...
	Error     string `json:"error"`
}

// unreachableFailsRun is the change that made an unreachable server fail
// the run even when the playbook tolerated the step's error.
const unreachableFailsRun = "unreachable-server-fails-run"

// noteUnreachable records server as unreachable when err says the step
// never reached its command. Checks inside WaitFor are not recorded:
// trying until a server answers is their point, and a WaitFor that gives
// up fails by itself.
func (rb *Runbook) noteUnreachable(server contract.ServerRef, err error) {
	if rb.quiet || !activities.IsConnectionFailure(err) {
		return
	}
	if workflow.GetVersion(rb.ctx, unreachableFailsRun, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return
	}
	if _, seen := rb.Unreachable(server); seen {
		return
	}
	u := UnreachableServer{ServerID: server.ID, Server: server.Name, Error: failureMessage(err)}
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		u.ErrorType = app.Type()
	}
	rb.unreachable = append(rb.unreachable, u)
}

// Unreachable reports whether an SSH step of this run could not connect to
// server, and why. A playbook that tolerates failing commands uses it to
// skip the server's remaining steps: they would fail the same way.
func (rb *Runbook) Unreachable(server contract.ServerRef) (UnreachableServer, bool) {
	for _, u := range rb.unreachable {
		if u.ServerID == server.ID {
			return u, true
		}
	}
	return UnreachableServer{}, false
}

// errUnreachable fails a run in which servers could not be reached. Also
// is the playbook's own error, when it is not one of theirs.
type errUnreachable struct {
	servers []UnreachableServer
	also    error
}

func (e errUnreachable) Error() string {
	parts := make([]string, len(e.servers))
	for i, u := range e.servers {
		parts[i] = u.Server + ": " + u.Error
	}
	noun := "server"
	if len(e.servers) > 1 {
		noun = "servers"
	}
	msg := fmt.Sprintf("%d %s could not be reached: %s", len(e.servers), noun, strings.Join(parts, "; "))
	if e.also != nil {
		msg += "; also: " + failureMessage(e.also)
	}
	return msg
}

// unreachableOutcome turns a run's body outcome into a failure when servers
// could not be reached, keeping the output (what the reachable servers
// reported) and listing the unreachable ones in it.
func unreachableOutcome(ctx workflow.Context, servers []UnreachableServer, output map[string]any, err error) (map[string]any, error) {
	if len(servers) == 0 || (err != nil && failureStatus(ctx, err) != domain.RunFailed) {
		return output, err
	}
	servers = slices.SortedFunc(slices.Values(servers), func(a, b UnreachableServer) int { return strings.Compare(a.Server, b.Server) })
	e := errUnreachable{servers: servers}
	if err != nil && !slices.ContainsFunc(servers, func(u UnreachableServer) bool { return u.Error == failureMessage(err) }) {
		e.also = err // not just one of the servers above failing
	}
	if output == nil {
		output = map[string]any{}
	}
	output["unreachableServers"] = servers
	return output, e
}
