package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsmanager/opsmanager/domain"
)

// SetPendingMFA stores a sealed TOTP secret awaiting confirmation. It does
// not enable MFA; an enrolled user must disable or be reset first.
func (s *Users) SetPendingMFA(ctx context.Context, id string, sealed []byte, p PendingMFA) error {
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE users SET mfa_secret = $2, mfa_last_step = 0, updated_at = now(),
		mfa_pending_session = $3, mfa_pending_until = $4
		WHERE id = $1 AND NOT mfa_enabled
		AND (mfa_pending_until IS NULL OR mfa_pending_until <= $5 OR mfa_pending_session = $3)`,
		id, sealed, p.Session, p.Until, p.Now)
	if err != nil {
		return fmt.Errorf("store mfa secret: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return domain.Errorf(domain.EConflict,
			"MFA is already enabled, or another session's enrolment is pending (it expires %s after it started)", MFAEnrolmentTTL)
	}
	return nil
}

// MFAEnrolmentTTL is how long a pending MFA enrolment can be confirmed.
const MFAEnrolmentTTL = 10 * time.Minute

// PendingMFA binds a pending enrolment to the session that started it,
// until Until. Now is the caller's clock, to tell a lapsed enrolment.
type PendingMFA struct {
	Session    string
	Until, Now time.Time
}

// EnableMFA turns MFA on after the first code was verified at step, and
// replaces the recovery codes.
func (s *Users) EnableMFA(ctx context.Context, id string, step int64, recoveryHashes []string) error {
	return pgx.BeginFunc(ctx, db(ctx, s.pool), func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET mfa_enabled = true, mfa_last_step = $2, updated_at = now(),
			mfa_pending_session = NULL, mfa_pending_until = NULL
			WHERE id = $1 AND mfa_secret IS NOT NULL AND NOT mfa_enabled`, id, step)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return domain.Errorf(domain.EConflict, "no MFA enrolment is pending")
		}
		return replaceRecoveryCodes(ctx, tx, id, recoveryHashes)
	})
}

func replaceRecoveryCodes(ctx context.Context, tx pgx.Tx, id string, hashes []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM mfa_recovery_codes WHERE user_id = $1`, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])`, id, hashes)
	return err
}

// AdvanceMFAStep records step as the last accepted TOTP step. It fails with
// a conflict if a code of this or a later step was already used, so two
// concurrent logins cannot both use one code.
func (s *Users) AdvanceMFAStep(ctx context.Context, id string, step int64) error {
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE users SET mfa_last_step = $2 WHERE id = $1 AND mfa_last_step < $2`, id, step)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return domain.Errorf(domain.EConflict, "this code was already used")
	}
	return nil
}

// UseRecoveryCode marks a recovery code used; false if it is unknown or used.
func (s *Users) UseRecoveryCode(ctx context.Context, id, codeHash string) (bool, error) {
	tag, err := db(ctx, s.pool).Exec(ctx, `UPDATE mfa_recovery_codes SET used_at = now()
		WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, id, codeHash)
	return tag.RowsAffected() == 1, err
}

// ResetMFA turns MFA off and forgets the secret and recovery codes.
func (s *Users) ResetMFA(ctx context.Context, id string) error {
	return pgx.BeginFunc(ctx, db(ctx, s.pool), func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET mfa_enabled = false, mfa_secret = NULL, mfa_last_step = 0, updated_at = now(),
			mfa_pending_session = NULL, mfa_pending_until = NULL
			WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return missing("user", id)
		}
		_, err = tx.Exec(ctx, `DELETE FROM mfa_recovery_codes WHERE user_id = $1`, id)
		return err
	})
}
