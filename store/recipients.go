package store

import (
	"context"
	"time"
)

// Recipients resolves escalation targets to email addresses for the
// notification activity: users by ID, schedules by who is on call.
type Recipients struct {
	users     *Users
	schedules *Schedules
}

// NewRecipients returns a resolver over the user and schedule stores.
func NewRecipients(users *Users, schedules *Schedules) *Recipients {
	return &Recipients{users: users, schedules: schedules}
}

// UserEmail returns a user's email and whether they are active.
func (r *Recipients) UserEmail(ctx context.Context, userID string) (string, bool, error) {
	u, err := r.users.Get(ctx, userID)
	if err != nil {
		return "", false, err
	}
	return u.Email, u.Active, nil
}

// OnCallEmails returns the emails of whoever is on call for scheduleID at at.
func (r *Recipients) OnCallEmails(ctx context.Context, scheduleID string, at time.Time) ([]string, error) {
	users, err := r.schedules.OnCallUsers(ctx, scheduleID, at)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(users))
	for _, u := range users {
		out = append(out, u.Email)
	}
	return out, nil
}
