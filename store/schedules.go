package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
)

// Schedules stores on-call schedules and their overrides.
type Schedules struct {
	pool *pgxpool.Pool
}

// NewSchedules returns a schedule repository over pool.
func NewSchedules(pool *pgxpool.Pool) *Schedules { return &Schedules{pool: pool} }

const scheduleColumns = `id, name, description, time_zone, rotations, created_at, updated_at`

const overrideColumns = `o.id, o.schedule_id, o.user_id, o.starts_at, o.ends_at, o.created_at`

func scanSchedule(row pgx.Row) (domain.Schedule, error) {
	var s domain.Schedule
	if err := row.Scan(&s.ID, &s.Name, &s.Description, &s.TimeZone, &s.Rotations, &s.CreatedAt, &s.UpdatedAt); err != nil {
		return s, err
	}
	return s, nil
}

func scanOverride(row pgx.Row) (domain.Override, error) {
	var o domain.Override
	if err := row.Scan(&o.ID, &o.ScheduleID, &o.UserID, &o.StartsAt, &o.EndsAt, &o.CreatedAt); err != nil {
		return o, err
	}
	o.StartsAt, o.EndsAt, o.CreatedAt = o.StartsAt.UTC(), o.EndsAt.UTC(), o.CreatedAt.UTC()
	return o, nil
}

// Create validates and inserts a schedule. Unknown users are invalid; a
// name in use (case-insensitively) is a conflict.
func (s *Schedules) Create(ctx context.Context, sc domain.Schedule) (domain.Schedule, error) {
	sc = sc.Normalized()
	if err := sc.Validate(); err != nil {
		return sc, err
	}
	if err := checkRotationUsers(ctx, db(ctx, s.pool), sc.Rotations); err != nil {
		return sc, err
	}
	sc.ID = newID()
	_, err := db(ctx, s.pool).Exec(ctx, `INSERT INTO schedules (id, name, description, time_zone, rotations) VALUES ($1, $2, $3, $4, $5)`,
		sc.ID, sc.Name, sc.Description, sc.TimeZone, sc.Rotations)
	if err != nil {
		return sc, scheduleWriteError(err, sc.Name)
	}
	return s.Get(ctx, sc.ID)
}

func scheduleWriteError(err error, name string) error {
	if v := violationOf(err); v.unique() && v.on("name") {
		return domain.Errorf(domain.EConflict, "a schedule named %s already exists", name)
	}
	return fmt.Errorf("write schedule: %w", err)
}

// checkRotationUsers refuses user IDs that name no user, in one query,
// naming each bad field. Inactive users are allowed: they are skipped when
// on call.
func checkRotationUsers(ctx context.Context, q querier, rots []domain.Rotation) error {
	var ids []string
	for _, r := range rots {
		ids = append(ids, r.UserIDs...)
	}
	known, err := knownUsers(ctx, q, ids)
	if err != nil {
		return err
	}
	var bad []domain.FieldError
	for i, r := range rots {
		for j, id := range r.UserIDs {
			if !known[id] {
				bad = append(bad, domain.FieldError{Field: fmt.Sprintf("rotations[%d].userIds[%d]", i, j), Message: "is not a known user"})
			}
		}
	}
	return domain.ValidationError(bad)
}

// knownUsers returns which of ids (lowercase UUIDs) exist.
func knownUsers(ctx context.Context, q querier, ids []string) (map[string]bool, error) {
	rows, err := q.Query(ctx, `SELECT id::text FROM users WHERE id = ANY($1::uuid[])`, ids)
	if err != nil {
		return nil, fmt.Errorf("check users: %w", err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("check users: %w", err)
	}
	known := make(map[string]bool, len(found))
	for _, id := range found {
		known[id] = true
	}
	return known, nil
}

// Get returns the schedule with id and all its overrides by start.
func (s *Schedules) Get(ctx context.Context, id string) (domain.Schedule, error) {
	sc, err := getSchedule(ctx, db(ctx, s.pool), id, false)
	if err != nil {
		return sc, err
	}
	sc.Overrides, err = overrides(ctx, db(ctx, s.pool), `o.schedule_id = $1`, sc.ID)
	return sc, err
}

func getSchedule(ctx context.Context, q querier, id string, forUpdate bool) (domain.Schedule, error) {
	if !isID(id) {
		return domain.Schedule{}, missing("schedule", id)
	}
	lock := ""
	if forUpdate {
		lock = " FOR UPDATE"
	}
	sc, err := scanSchedule(q.QueryRow(ctx, `SELECT `+scheduleColumns+` FROM schedules WHERE id = $1`+lock, id))
	if err != nil {
		return sc, notFound(err, "schedule", id)
	}
	return sc, nil
}

// overrides returns the overrides matching where ($1 is the schedule ID),
// by start; never nil.
func overrides(ctx context.Context, q querier, where string, args ...any) ([]domain.Override, error) {
	rows, err := q.Query(ctx, `SELECT `+overrideColumns+` FROM schedule_overrides o WHERE `+where+
		` ORDER BY o.starts_at, o.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list overrides: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Override, error) { return scanOverride(r) })
	if err != nil {
		return nil, fmt.Errorf("list overrides: %w", err)
	}
	if out == nil {
		out = []domain.Override{}
	}
	return out, nil
}

// ScheduleFilter selects schedules for listing.
type ScheduleFilter struct {
	Query string // matches the name
	Page  int
	Limit int
}

// List returns one page of schedules (without overrides) ordered by name,
// and the total count.
func (s *Schedules) List(ctx context.Context, f ScheduleFilter) ([]domain.Schedule, int, error) {
	const where = `WHERE ($1 = '' OR name ILIKE '%' || $1 || '%')`
	var total int
	if err := db(ctx, s.pool).QueryRow(ctx, `SELECT count(*) FROM schedules `+where, f.Query).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count schedules: %w", err)
	}
	rows, err := db(ctx, s.pool).Query(ctx, `SELECT `+scheduleColumns+` FROM schedules `+where+` ORDER BY lower(name), id LIMIT $2 OFFSET $3`,
		f.Query, f.Limit, (f.Page-1)*f.Limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list schedules: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Schedule, error) { return scanSchedule(r) })
	return list, total, err
}

// ScheduleUpdate holds the fields to change; nil fields stay as they are.
type ScheduleUpdate struct {
	Name        *string
	Description *string
	TimeZone    *string
	Rotations   *[]domain.Rotation
}

// Update changes a schedule; the result is validated as a whole.
func (s *Schedules) Update(ctx context.Context, id string, up ScheduleUpdate) (domain.Schedule, error) {
	err := pgx.BeginFunc(ctx, db(ctx, s.pool), func(tx pgx.Tx) error {
		sc, err := getSchedule(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if up.Name != nil {
			sc.Name = *up.Name
		}
		if up.Description != nil {
			sc.Description = *up.Description
		}
		if up.TimeZone != nil {
			sc.TimeZone = *up.TimeZone
		}
		if up.Rotations != nil {
			sc.Rotations = *up.Rotations
		}
		sc = sc.Normalized()
		if err := sc.Validate(); err != nil {
			return err
		}
		if up.Rotations != nil {
			if err := checkRotationUsers(ctx, tx, sc.Rotations); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE schedules SET name = $2, description = $3, time_zone = $4, rotations = $5,
			updated_at = now() WHERE id = $1`, id, sc.Name, sc.Description, sc.TimeZone, sc.Rotations)
		if err != nil {
			return scheduleWriteError(err, sc.Name)
		}
		return nil
	})
	if err != nil {
		return domain.Schedule{}, err
	}
	return s.Get(ctx, id)
}

// Delete removes a schedule and its overrides. A schedule that an
// escalation policy pages is a conflict naming the policy.
func (s *Schedules) Delete(ctx context.Context, id string) error {
	return pgx.BeginFunc(ctx, db(ctx, s.pool), func(tx pgx.Tx) error {
		sc, err := getSchedule(ctx, tx, id, true)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT p.name FROM escalation_policies p WHERE EXISTS (
				SELECT 1 FROM jsonb_array_elements(p.levels) l, jsonb_array_elements(l->'targets') t
				WHERE t->>'type' = $2 AND lower(t->>'id') = $1)
			ORDER BY lower(p.name)`, sc.ID, domain.TargetSchedule)
		if err != nil {
			return fmt.Errorf("find policies using schedule: %w", err)
		}
		policies, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("find policies using schedule: %w", err)
		}
		if len(policies) > 0 {
			return domain.Errorf(domain.EConflict, "schedule %s is used by escalation policy %s; remove it there first",
				sc.Name, strings.Join(policies, ", "))
		}
		_, err = tx.Exec(ctx, `DELETE FROM schedules WHERE id = $1`, sc.ID)
		return err
	})
}

// AddOverride puts a user on call instead of the rotations for a while.
func (s *Schedules) AddOverride(ctx context.Context, scheduleID string, o domain.Override) (domain.Override, error) {
	o.UserID = strings.ToLower(o.UserID)
	if err := o.Validate(); err != nil {
		return o, err
	}
	sc, err := getSchedule(ctx, db(ctx, s.pool), scheduleID, false)
	if err != nil {
		return o, err
	}
	known, err := knownUsers(ctx, db(ctx, s.pool), []string{o.UserID})
	if err != nil {
		return o, err
	}
	if !known[o.UserID] {
		return o, domain.ValidationError([]domain.FieldError{{Field: "userId", Message: "is not a known user"}})
	}
	o.ID = newID()
	o.ScheduleID = sc.ID
	_, err = db(ctx, s.pool).Exec(ctx, `INSERT INTO schedule_overrides (id, schedule_id, user_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)`,
		o.ID, o.ScheduleID, o.UserID, o.StartsAt, o.EndsAt)
	if v := violationOf(err); v.foreignKey() {
		// The schedule or user went away since we looked.
		if v.on("user") {
			return o, domain.ValidationError([]domain.FieldError{{Field: "userId", Message: "is not a known user"}})
		}
		return o, missing("schedule", scheduleID)
	}
	if err != nil {
		return o, fmt.Errorf("add override: %w", err)
	}
	list, err := overrides(ctx, db(ctx, s.pool), `o.id = $1`, o.ID)
	if err != nil || len(list) != 1 {
		return o, fmt.Errorf("read override back: %w", err)
	}
	return list[0], nil
}

// DeleteOverride removes one override of a schedule.
func (s *Schedules) DeleteOverride(ctx context.Context, scheduleID, overrideID string) error {
	if !isID(scheduleID) {
		return missing("schedule", scheduleID)
	}
	if !isID(overrideID) {
		return missing("override", overrideID)
	}
	tag, err := db(ctx, s.pool).Exec(ctx, `DELETE FROM schedule_overrides WHERE id = $1 AND schedule_id = $2`, overrideID, scheduleID)
	if err != nil {
		return fmt.Errorf("delete override: %w", err)
	}
	if tag.RowsAffected() == 0 {
		if _, err := getSchedule(ctx, db(ctx, s.pool), scheduleID, false); err != nil {
			return err
		}
		return missing("override", overrideID)
	}
	return nil
}

// OnCall is who is on call at At and, when the set changes within the
// search horizon (about two years), from when and who next.
type OnCall struct {
	At        time.Time
	Users     []domain.User
	NextAt    *time.Time
	NextUsers []domain.User
}

// OnCall returns who is on call at at and who is next. Inactive users are
// left out: their overrides are ignored (the rotations apply) and their
// rotation shifts put nobody from that rotation on call.
func (s *Schedules) OnCall(ctx context.Context, scheduleID string, at time.Time) (OnCall, error) {
	out := OnCall{At: at.UTC()}
	sc, err := s.withActiveOverrides(ctx, scheduleID, `AND o.ends_at > $2`, at)
	if err != nil {
		return out, err
	}
	ids, err := sc.OnCallAt(at, sc.Overrides)
	if err != nil {
		return out, err
	}
	nextAt, nextIDs, err := sc.NextChange(at, sc.Overrides)
	if err != nil {
		return out, err
	}
	users, err := activeUsers(ctx, db(ctx, s.pool), append(append([]string{}, ids...), nextIDs...))
	if err != nil {
		return out, err
	}
	out.Users = pick(users, ids)
	if !nextAt.IsZero() {
		nextAt = nextAt.UTC()
		out.NextAt, out.NextUsers = &nextAt, pick(users, nextIDs)
	}
	return out, nil
}

// OnCallUsers returns the active users on call at at, for paging.
func (s *Schedules) OnCallUsers(ctx context.Context, scheduleID string, at time.Time) ([]domain.User, error) {
	sc, err := s.withActiveOverrides(ctx, scheduleID, `AND o.starts_at <= $2 AND o.ends_at > $2`, at)
	if err != nil {
		return nil, err
	}
	ids, err := sc.OnCallAt(at, sc.Overrides)
	if err != nil {
		return nil, err
	}
	users, err := activeUsers(ctx, db(ctx, s.pool), ids)
	if err != nil {
		return nil, err
	}
	return pick(users, ids), nil
}

// withActiveOverrides loads a schedule with those of its overrides that
// match cond ($2 is at) and belong to active users.
func (s *Schedules) withActiveOverrides(ctx context.Context, id, cond string, at time.Time) (domain.Schedule, error) {
	sc, err := getSchedule(ctx, db(ctx, s.pool), id, false)
	if err != nil {
		return sc, err
	}
	sc.Overrides, err = overrides(ctx, db(ctx, s.pool), `o.schedule_id = $1 `+cond+`
		AND EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id AND u.active)`, sc.ID, at)
	return sc, err
}

// activeUsers loads the active users among ids, by ID.
func activeUsers(ctx context.Context, q querier, ids []string) (map[string]domain.User, error) {
	out := map[string]domain.User{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = ANY($1::uuid[]) AND u.active`, ids)
	if err != nil {
		return nil, fmt.Errorf("load on-call users: %w", err)
	}
	users, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.User, error) { return scanUser(r) })
	if err != nil {
		return nil, fmt.Errorf("load on-call users: %w", err)
	}
	for _, u := range users {
		out[u.ID] = u
	}
	return out, nil
}

// pick returns the users of ids that were loaded, in the order of ids; never nil.
func pick(users map[string]domain.User, ids []string) []domain.User {
	out := []domain.User{}
	for _, id := range ids {
		if u, ok := users[id]; ok {
			out = append(out, u)
		}
	}
	return out
}
