package store

import (
	"context"
	"fmt"

	"github.com/opsmanager/opsmanager/domain"
)

// ChangePassword stores a user's new password hash and clears the
// must-change flag.
func (s *Users) ChangePassword(ctx context.Context, id, hash string) error {
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE users SET password_hash = $2, must_change_password = false, updated_at = now()
		WHERE id = $1`, id, hash)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return domain.Errorf(domain.ENotFound, "user not found")
	}
	return nil
}

// RequirePasswordChange flags a user to set their own password at the next
// sign-in.
func (s *Users) RequirePasswordChange(ctx context.Context, id string) error {
	if _, err := db(ctx, s.pool).Exec(ctx, `UPDATE users SET must_change_password = true WHERE id = $1`, id); err != nil {
		return fmt.Errorf("require password change: %w", err)
	}
	return nil
}
