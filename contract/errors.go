package contract

// Error types of activities and workflow steps, visible in the Temporal UI
// and matched by workflows, the API and the dashboard (as errorType).
// Error types of the HTTP activity, visible in the Temporal UI.
const (
	ErrHTTPInvalidRequest   = "HTTPInvalidRequest"
	ErrHTTPBlockedTarget    = "HTTPBlockedTarget"
	ErrHTTPClientError      = "HTTPClientError"
	ErrHTTPServerError      = "HTTPServerError"
	ErrHTTPUnexpectedStatus = "HTTPUnexpectedStatus"
)

// Error types of the SSH activity, visible in the Temporal UI. All but
// SSHConnectFailed and SSHCommandInterrupted (for non-mutating commands)
// are non-retryable: retrying cannot fix them.
const (
	ErrSSHInvalidInput       = "SSHInvalidInput"
	ErrSSHConnectFailed      = "SSHConnectFailed"      // refused, unreachable, timed out: retried
	ErrSSHHostKeyMismatch    = "SSHHostKeyMismatch"    // the server is not the one pinned
	ErrSSHAuthFailed         = "SSHAuthFailed"         // the credential was refused
	ErrSSHCredentialUnusable = "SSHCredentialUnusable" // cannot be decrypted, or not a login kind
	ErrSSHCommandFailed      = "SSHCommandFailed"      // non-zero exit; details hold the RunCommandResult
	ErrSSHCommandInterrupted = "SSHCommandInterrupted" // connection lost or timed out after the start
	// ErrSSHHostKeyNotTrusted: the server has no pinned host key, so no
	// credential is offered to it until a user trusts its fingerprint.
	ErrSSHHostKeyNotTrusted = "SSHHostKeyNotTrusted"
	// ErrSSHDestinationBlocked: the address is internal and not in
	// OUTBOUND_ALLOW_CIDRS (the SSRF guard); nothing was sent to it.
	ErrSSHDestinationBlocked = "SSHDestinationBlocked"
)

// Error types of the notification activity.
const (
	// ErrNotifyInvalidInput: the input lacks what idempotency needs; not retried.
	ErrNotifyInvalidInput = "NotifyInvalidInput"
	// ErrNotifyIncomplete: some recipients failed transiently; Temporal retries
	// and the retry skips the recipients already reached. Its details hold the
	// NotifyResult of the attempt.
	ErrNotifyIncomplete = "NotifyIncomplete"
)

// ErrServerBusy is the (retryable) error type of a lock held by another run.
const ErrServerBusy = "ServerBusy"

// ErrMessageUndelivered is the non-retryable error of a message nobody got.
const ErrMessageUndelivered = "MessageUndelivered"

// ErrConditionTimedOut is the error type of a WaitFor that gave up.
const ErrConditionTimedOut = "ConditionTimedOut"

// ErrImportRejected: an atomic import had a bad row, so nothing was
// written; its details list the rows.
const ErrImportRejected = "ImportRejected"

// ErrFactsUnreadable: collect-facts got nothing it could read from a server.
const ErrFactsUnreadable = "FactsUnreadable"

// Errors of server selection: nothing matched, or a name matched nothing.
const (
	ErrNoServers     = "NoServers"
	ErrUnknownServer = "UnknownServer"
)
