package api

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

var (
	errMFARequired = &domain.Error{Code: domain.EUnauthorized, Name: "mfa_required",
		Message: "enter the code from your authenticator app (or a recovery code)"}
	errBadMFACode = &domain.Error{Code: domain.EUnauthorized, Name: "invalid_mfa_code",
		Message: "the code is wrong, expired or already used"}
)

// checkSecondFactor verifies a TOTP or recovery code for users with MFA.
// Each TOTP code is accepted once: the accepted time step is stored, and
// codes of that step or earlier are refused.
func (s *Server) checkSecondFactor(c *gin.Context, creds store.Credentials, req loginRequest) error {
	u := creds.User
	if !u.MFAEnabled {
		return nil
	}
	ctx := c.Request.Context()
	switch {
	case req.TOTP != "":
		if err := s.verifyTOTP(c, creds, req.TOTP); err != nil {
			s.loginFailed(c, u.ID, u.Email, "invalid_mfa_code")
			return err
		}
	case req.RecoveryCode != "":
		ok, err := s.id.Users.UseRecoveryCode(ctx, u.ID, auth.HashRecoveryCode(req.RecoveryCode))
		if err != nil {
			return err
		}
		if !ok {
			s.loginFailed(c, u.ID, u.Email, "invalid_recovery_code")
			return errBadMFACode
		}
		s.audit(c, domain.AuditEntry{ActorType: domain.ActorUser, ActorID: u.ID, ActorName: u.Email,
			Action: "auth.mfa.recovery_code_used", TargetType: "user", TargetID: u.ID, Outcome: domain.OutcomeSuccess})
	default:
		s.loginFailed(c, u.ID, u.Email, "mfa_required")
		return errMFARequired
	}
	return nil
}

// totpAllowed refuses second-factor checks while the user is locked out
// after too many wrong codes. Login, MFA confirm and MFA disable share the
// count, so a six-digit code cannot be guessed through whichever endpoint
// has no limit.
func (s *Server) totpAllowed(c *gin.Context, userID string) error {
	locked, err := s.id.Limiter.Locked(c.Request.Context(), totpKey(userID))
	if err != nil {
		return &domain.Error{Code: domain.EUnavailable, Message: "cannot check the code right now; try again shortly"}
	}
	if locked > 0 {
		secs := max(int(locked.Seconds()+0.999), 1)
		c.Header("Retry-After", strconv.Itoa(secs))
		return domain.Errorf(domain.ERateLimited, "too many wrong codes (retry in %d s)", secs)
	}
	return nil
}

// totpFailed counts one wrong second-factor code of the user.
func (s *Server) totpFailed(c *gin.Context, userID string) {
	if _, err := s.id.Limiter.Fail(c.Request.Context(), totpKey(userID), s.id.Limits.TOTPPerUser); err != nil {
		logger(c).Warn("record wrong code", "err", err)
	}
}

func totpKey(userID string) string { return "totp:user:" + userID }

func (s *Server) verifyTOTP(c *gin.Context, creds store.Credentials, code string) error {
	if err := s.totpAllowed(c, creds.User.ID); err != nil {
		return err
	}
	secret, err := s.id.Box.Open(creds.MFASecret)
	if err != nil {
		return err
	}
	step, ok := s.id.TOTP.Validate(string(secret), strings.ReplaceAll(code, " ", ""), creds.MFALastStep)
	if !ok {
		s.totpFailed(c, creds.User.ID)
		return errBadMFACode
	}
	if err := s.id.Users.AdvanceMFAStep(c.Request.Context(), creds.User.ID, step); err != nil {
		return errBadMFACode // a concurrent login used this code first
	}
	return nil
}

// EnrollBody is shown once when a user starts MFA enrolment.
type EnrollBody struct {
	Secret     string `json:"secret"`
	OTPAuthURL string `json:"otpauthUrl"`
	QRPNG      string `json:"qrPng"` // base64 PNG
}

func (s *Server) enrollMFA(c *gin.Context, _ none) (EnrollBody, error) {
	creds, err := s.selfCredentials(c)
	if err != nil {
		return EnrollBody{}, err
	}
	if creds.User.MFAEnabled {
		return EnrollBody{}, domain.Errorf(domain.EConflict, "MFA is already enabled")
	}
	secret, url, png, err := s.id.TOTP.Generate(creds.User.Email)
	if err != nil {
		return EnrollBody{}, err
	}
	sealed, err := s.id.Box.Seal([]byte(secret))
	if err != nil {
		return EnrollBody{}, err
	}
	now := s.deps.Now()
	pending := store.PendingMFA{Session: principal(c).SessionID, Until: now.Add(store.MFAEnrolmentTTL), Now: now}
	if err := s.id.Users.SetPendingMFA(c.Request.Context(), creds.User.ID, sealed, pending); err != nil {
		return EnrollBody{}, err
	}
	setAuditTarget(c, "user", creds.User.ID)
	c.Header("Cache-Control", "no-store")
	return EnrollBody{Secret: secret, OTPAuthURL: url, QRPNG: base64.StdEncoding.EncodeToString(png)}, nil
}

type mfaCodeRequest struct {
	Code string `json:"code" validate:"required,max=16"`
}

// RecoveryCodes are shown once, when MFA is confirmed.
type RecoveryCodes struct {
	RecoveryCodes []string `json:"recoveryCodes"`
}

func (s *Server) confirmMFA(c *gin.Context, req mfaCodeRequest) (RecoveryCodes, error) {
	creds, err := s.selfCredentials(c)
	if err != nil {
		return RecoveryCodes{}, err
	}
	setAuditTarget(c, "user", creds.User.ID)
	if err := s.pendingEnrolment(c, creds); err != nil {
		return RecoveryCodes{}, err
	}
	if err := s.totpAllowed(c, creds.User.ID); err != nil {
		return RecoveryCodes{}, err
	}
	secret, err := s.id.Box.Open(creds.MFASecret)
	if err != nil {
		return RecoveryCodes{}, err
	}
	step, valid := s.id.TOTP.Validate(string(secret), strings.ReplaceAll(req.Code, " ", ""), creds.MFALastStep)
	if !valid {
		s.totpFailed(c, creds.User.ID)
		return RecoveryCodes{}, errBadMFACode
	}
	codes, hashes := auth.NewRecoveryCodes(10)
	if err := s.id.Users.EnableMFA(c.Request.Context(), creds.User.ID, step, hashes); err != nil {
		return RecoveryCodes{}, err
	}
	c.Header("Cache-Control", "no-store")
	return RecoveryCodes{RecoveryCodes: codes}, nil
}

// pendingEnrolment refuses to confirm without an enrolment this session
// started and has not let lapse.
func (s *Server) pendingEnrolment(c *gin.Context, creds store.Credentials) error {
	if creds.User.MFAEnabled || creds.MFASecret == nil {
		return domain.Errorf(domain.EConflict, "no MFA enrolment is pending: start with POST /api/v1/auth/mfa/enroll")
	}
	if creds.MFAPendingUntil == nil || !s.deps.Now().Before(*creds.MFAPendingUntil) ||
		creds.MFAPendingSession != principal(c).SessionID {
		return &domain.Error{Code: domain.EConflict, Name: "enrolment_expired",
			Message: "this enrolment expired or was started in another session: start again with POST /api/v1/auth/mfa/enroll"}
	}
	return nil
}

type mfaDisableRequest struct {
	Password string `json:"password" validate:"required,max=1024"`
	Code     string `json:"code" validate:"required,max=16"`
}

func (s *Server) disableMFA(c *gin.Context, req mfaDisableRequest) (none, error) {
	creds, err := s.selfCredentials(c)
	if err != nil {
		return none{}, err
	}
	setAuditTarget(c, "user", creds.User.ID)
	if !creds.User.MFAEnabled {
		return none{}, domain.Errorf(domain.EConflict, "MFA is not enabled")
	}
	if _, required, err := s.id.Roles.Effective(c.Request.Context(), creds.User.Roles); err != nil || required {
		return none{}, domain.Errorf(domain.EConflict, "a role of yours requires MFA; an admin can reset it")
	}
	if err := s.checkOwnPassword(c, creds, req.Password); err != nil {
		return none{}, err
	}
	if err := s.verifyTOTP(c, creds, req.Code); err != nil {
		return none{}, err
	}
	return none{}, s.id.Users.ResetMFA(c.Request.Context(), creds.User.ID)
}

// checkOwnPassword re-checks a signed-in user's password before a sensitive
// change of their own account.
func (s *Server) checkOwnPassword(c *gin.Context, creds store.Credentials, password string) error {
	ok, _, err := s.id.Hasher.Verify(c.Request.Context(), password, creds.PasswordHash)
	switch {
	case err != nil:
		return err
	case !ok:
		return &domain.Error{Code: domain.EUnauthorized, Name: "invalid_password", Message: "the current password is wrong"}
	}
	return nil
}

// selfCredentials loads the signed-in user's credentials (users only).
func (s *Server) selfCredentials(c *gin.Context) (store.Credentials, error) {
	p := principal(c)
	if p.Type != domain.ActorUser {
		return store.Credentials{}, domain.Errorf(domain.EInvalid, "only users have MFA")
	}
	return s.id.Users.CredentialsByID(c.Request.Context(), p.ID)
}
