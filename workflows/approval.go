package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/contract"
)

type approvalState struct {
	step     string
	decision *contract.ApprovalDecision
}

// ErrApprovalTimedOut ends a run whose approval nobody gave in time.
var ErrApprovalTimedOut = errors.New("approval timed out")

// registerApproval lets approvers answer an Approve step. The validator
// refuses an answer when nothing waits, and the requester's own answer
// unless self-approval is allowed.
func (rb *Runbook) registerApproval() error {
	return workflow.SetUpdateHandlerWithOptions(rb.ctx, contract.UpdateRunApproval,
		func(ctx workflow.Context, d contract.ApprovalDecision) (string, error) {
			decision := d
			rb.approval.decision = &decision
			return "recorded", nil
		},
		workflow.UpdateHandlerOptions{Validator: func(d contract.ApprovalDecision) error {
			switch {
			case rb.approval == nil || rb.approval.decision != nil:
				return temporal.NewApplicationError("this run is not waiting for approval", "NotWaiting")
			case ownRun(rb.input, d) && !rb.input.AllowSelfApproval:
				return temporal.NewApplicationError("you cannot approve your own run (one you, a trigger you saved or a token you created "+
					"requested); ask another approver", contract.ErrSelfApproval)
			}
			return nil
		}})
}

// ownRun reports whether the people behind decision d include a person
// behind the run: four eyes means two different humans, whether they act
// themselves, through an incident trigger or through an API token.
func ownRun(in contract.PlaybookInput, d contract.ApprovalDecision) bool {
	for _, deciding := range []string{d.By, d.OnBehalfOf} {
		if deciding != "" && (deciding == in.RequestedBy || deciding == in.OnBehalfOf) {
			return true
		}
	}
	return false
}

// Approve pauses the run until someone with playbooks:approve approves or
// rejects it, or timeout passes (the run then fails).
func (rb *Runbook) Approve(name, question string, timeout time.Duration) error {
	st := rb.begin(name, "approval", "", map[string]any{"question": question})
	if rb.input.DryRun {
		return nil
	}
	rb.approval = &approvalState{step: name}
	defer func() { rb.approval = nil }()
	rb.recordStep(contract.RecordStepInput{Status: "waiting_approval"}, st)
	rb.setWaiting(true, "", "")
	answered, err := workflow.AwaitWithTimeout(rb.ctx, timeout, func() bool { return rb.approval.decision != nil })
	if err != nil {
		st.end(err, nil, nil)
		return err
	}
	if !answered {
		err := temporal.NewNonRetryableApplicationError("nobody approved within "+timeout.String(), "ApprovalTimedOut", ErrApprovalTimedOut)
		st.end(err, nil, nil)
		return err
	}
	d := rb.approval.decision
	rb.setWaiting(false, d.By, d.Note)
	if !d.Approve {
		err := temporal.NewNonRetryableApplicationError("rejected by "+d.By+noteSuffix(d.Note), "Rejected", nil)
		st.end(err, nil, map[string]any{"by": d.By, "note": d.Note})
		return err
	}
	st.end(nil, nil, map[string]any{"approvedBy": d.By, "note": d.Note})
	return nil
}

func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}

func (rb *Runbook) setWaiting(waiting bool, by, note string) {
	err := workflow.ExecuteActivity(bookkeeping(rb.ctx), acts.SetRunWaiting,
		contract.SetRunWaitingInput{RunID: rb.input.RunID, Waiting: waiting, ApprovedBy: by, Note: note}).Get(rb.ctx, nil)
	if err != nil {
		workflow.GetLogger(rb.ctx).Error("record approval wait", "err", err)
	}
}
