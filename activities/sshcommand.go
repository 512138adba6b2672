package activities

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opsmanager/opsmanager/contract"
	"go.temporal.io/sdk/activity"
)

const maxCommandBytes = 128 << 10

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// wrapper is the remote script around every command. It runs the command
// with exec, so the command keeps the session leader's PID and process
// group (sshd makes each session its own group, and signals it with
// killpg), with stdin from /dev/null. A background watchdog reads the
// session's real stdin, which the activity keeps open: when it closes
// because the connection dropped or was cancelled, the watchdog kills the
// process group if the command is still running.
const wrapper = `exec 3<&0 </dev/null; ` +
	`( cat <&3 >/dev/null 2>&1; kill -0 $$ 2>/dev/null && kill -KILL -$$ ) >/dev/null 2>&1 & ` +
	`exec 3<&- "$@"`

// remoteCommand builds the command line the login shell runs: argv and
// env quoted for a POSIX shell, nothing interpolated.
func remoteCommand(in contract.RunCommandInput, extraEnv map[string]string) (string, error) {
	if len(in.Command) == 0 || in.Command[0] == "" {
		return "", errors.New("command must name a program")
	}
	if in.MaxOutputBytes < 0 || in.MaxOutputBytes > MaxMaxOutputBytes {
		return "", fmt.Errorf("maxOutputBytes must be from 0 to %d", MaxMaxOutputBytes)
	}
	if in.TimeoutSeconds < 0 {
		return "", errors.New("timeoutSeconds must not be negative")
	}
	var exports strings.Builder
	env := mergeEnv(in.Env, extraEnv)
	for _, k := range slices.Sorted(maps.Keys(env)) {
		if !envName.MatchString(k) || strings.ContainsRune(env[k], 0) {
			return "", fmt.Errorf("env %q: names are letters, digits and _, values have no NUL", k)
		}
		fmt.Fprintf(&exports, "export %s=%s; ", k, ShellQuote(env[k]))
	}
	var b strings.Builder
	b.WriteString("exec sh -c " + ShellQuote(exports.String()+wrapper) + " sh")
	for _, arg := range in.Command {
		if strings.ContainsRune(arg, 0) {
			return "", errors.New("command arguments must not contain NUL")
		}
		b.WriteString(" " + ShellQuote(arg))
	}
	if b.Len() > maxCommandBytes {
		return "", fmt.Errorf("command is longer than %d bytes", maxCommandBytes)
	}
	return b.String(), nil
}

// ShellQuote quotes s as one word for a POSIX shell. Words of only safe
// characters are left as they are, for readable logs.
func ShellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%+=:,./_-", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// mergeEnv returns user's variables with ours on top.
func mergeEnv(user, ours map[string]string) map[string]string {
	env := make(map[string]string, len(user)+len(ours))
	maps.Copy(env, user)
	maps.Copy(env, ours)
	return env
}

// attemptEnv tells the command which run, step and attempt it belongs to,
// and gives it a key that stays the same when Temporal retries the step,
// so a script can keep its own "already done" markers.
func attemptEnv(ctx context.Context, in contract.RunCommandInput) map[string]string {
	env := map[string]string{}
	if in.RunID != "" {
		env["OPSMANAGER_RUN_ID"] = in.RunID
	}
	if in.StepName != "" {
		env["OPSMANAGER_STEP"] = in.StepName
	}
	if activity.IsActivity(ctx) {
		info := activity.GetInfo(ctx)
		env["OPSMANAGER_ATTEMPT"] = strconv.Itoa(int(info.Attempt))
		// Stable across retries of this step's activity, unique per step.
		env["OPSMANAGER_IDEMPOTENCY_KEY"] = info.WorkflowExecution.ID + "/" + info.ActivityID
	}
	return env
}

// activityAttempt is the activity's attempt (1-based), or 0 outside one.
func activityAttempt(ctx context.Context) int32 {
	if !activity.IsActivity(ctx) {
		return 0
	}
	return activity.GetInfo(ctx).Attempt
}

// commandName names a command in messages without its arguments, which
// may be long.
func commandName(argv []string) string {
	if len(argv) == 0 {
		return "command"
	}
	return strconv.Quote(argv[0])
}

func signalNote(sig string) string {
	if sig == "" {
		return ""
	}
	return " (killed by SIG" + sig + ")"
}

func (a *SSH) logger() *slog.Logger {
	if a.Logger != nil {
		return a.Logger
	}
	return slog.Default()
}

func (a *SSH) maxStored() int64 {
	if a.MaxStoredOutputBytes > 0 {
		return a.MaxStoredOutputBytes
	}
	return 1 << 20
}

func (a *SSH) heartbeatEvery() time.Duration {
	if a.HeartbeatEvery > 0 {
		return a.HeartbeatEvery
	}
	return 5 * time.Second
}

func (a *SSH) flushEvery() time.Duration {
	if a.FlushEvery > 0 {
		return a.FlushEvery
	}
	return 500 * time.Millisecond
}
