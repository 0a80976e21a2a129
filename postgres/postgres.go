// Package postgres is botsweep's team store in PostgreSQL: the moderation
// log and the networks of the latest detection run, shared by several
// analysts and detector workers. It implements the same interfaces as the
// embedded Pebble store (botsweep.EventLog, botsweep.NetworkStore), and the
// same contract tests run against both (internal/storetest).
//
// Appends to the log are serialised with a transaction-scoped advisory lock
// and checked for continuity, so two analysts who sweep at once cannot fork
// the hash chain: the second gets ECONFLICT and retries on the new head.
package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	neturl "net/url"
	"regexp"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Options configure a DB. The zero value is valid.
type Options struct {
	// Schema holds botsweep's tables; created when missing. Default "botsweep".
	// Tests use a schema of their own so they can run side by side.
	Schema string
	// Now stamps new tokens. Default time.Now.
	Now botsweep.Clock
}

// DB is a connection pool to botsweep's tables in one PostgreSQL schema.
type DB struct {
	pool   *pgxpool.Pool
	schema string
	now    botsweep.Clock
}

var (
	_ botsweep.EventLog     = (*DB)(nil)
	_ botsweep.NetworkStore = (*DB)(nil)
	_ botsweep.TokenStore   = (*DB)(nil)
)

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// appendLockKey is the advisory lock that serialises log appends.
const appendLockKey = 0x626f7473 // "bots"

// Open connects to the database at url (postgres://user:pass@host/db) and
// creates botsweep's schema and tables when missing. A `schema` query
// parameter in the URL (postgres://…/db?schema=team2) names the schema
// when opts.Schema does not.
func Open(ctx context.Context, url string, opts Options) (*DB, error) {
	url, fromURL, err := cutSchemaParam(url)
	if err != nil {
		return nil, err
	}
	if opts.Schema == "" {
		opts.Schema = fromURL
	}
	if opts.Schema == "" {
		opts.Schema = "botsweep"
	}
	if !schemaName.MatchString(opts.Schema) {
		return nil, botsweep.Errorf(botsweep.EINVALID, "postgres schema %q: use lowercase letters, digits and _", opts.Schema)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "postgres url: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "postgres: %w", err)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	db := &DB{pool: pool, schema: opts.Schema, now: opts.Now}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// cutSchemaParam removes the schema query parameter from a postgres:// URL
// (the server would reject it as an unknown setting) and returns it.
func cutSchemaParam(raw string) (string, string, error) {
	if !strings.Contains(raw, "://") {
		return raw, "", nil // a key=value DSN: passed on as it is
	}
	u, err := neturl.Parse(raw)
	if err != nil {
		return "", "", botsweep.Errorf(botsweep.EINVALID, "postgres url: %w", err)
	}
	q := u.Query()
	schema := q.Get("schema")
	q.Del("schema")
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}

// Close closes every connection.
func (db *DB) Close() { db.pool.Close() }

func (db *DB) migrate(ctx context.Context) error {
	s := db.schema
	stmts := []string{
		fmt.Sprintf(`CREATE SCHEMA IF NOT EXISTS %s`, s),
		fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s.events (
			seq     bigint PRIMARY KEY CHECK (seq > 0),
			kind    text NOT NULL,
			subject text NOT NULL,
			at      timestamptz NOT NULL,
			body    text NOT NULL)`, s),
		fmt.Sprintf(`CREATE INDEX IF NOT EXISTS events_subject ON %s.events (subject, seq)`, s),
		fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s.networks (
			id   text PRIMARY KEY,
			rank integer NOT NULL,
			body text NOT NULL)`, s),
		fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s.tokens (
			hash    text PRIMARY KEY,
			name    text NOT NULL UNIQUE,
			role    text NOT NULL,
			created timestamptz NOT NULL)`, s),
	}
	// Concurrent first opens may race on CREATE ... IF NOT EXISTS; an
	// advisory lock makes the migration one at a time.
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return wrap("migrate", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, appendLockKey+1); err != nil {
		return wrap("migrate", err)
	}
	for _, q := range stmts {
		if _, err := tx.Exec(ctx, q); err != nil {
			return wrap("migrate", err)
		}
	}
	return wrap("migrate", tx.Commit(ctx))
}

// AppendEvents implements botsweep.EventLog: all of events or none, and
// only when the first one's Seq follows the log's last.
func (db *DB) AppendEvents(ctx context.Context, events []botsweep.ModEvent) error {
	if len(events) == 0 {
		return nil
	}
	for i := 1; i < len(events); i++ {
		if events[i].Seq != events[i-1].Seq+1 {
			return botsweep.Errorf(botsweep.EINVALID, "events to append are not consecutive at seq %d", events[i].Seq)
		}
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return wrap("append events", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, appendLockKey); err != nil {
		return wrap("append events", err)
	}
	var last int64
	if err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT coalesce(max(seq), 0) FROM %s.events`, db.schema)).Scan(&last); err != nil {
		return wrap("append events", err)
	}
	if events[0].Seq != uint64(last)+1 {
		return botsweep.Errorf(botsweep.ECONFLICT, "the moderation log moved on: its last event is %d, these start at %d", last, events[0].Seq)
	}
	rows := make([][]any, len(events))
	for i := range events {
		body, err := json.Marshal(&events[i])
		if err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "encode event %d: %w", events[i].Seq, err)
		}
		rows[i] = []any{int64(events[i].Seq), string(events[i].Kind), events[i].Subject, events[i].At, string(body)}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{db.schema, "events"},
		[]string{"seq", "kind", "subject", "at", "body"}, pgx.CopyFromRows(rows)); err != nil {
		return wrap("append events", err)
	}
	return wrap("append events", tx.Commit(ctx))
}

// EachEvent implements botsweep.EventLog.
func (db *DB) EachEvent(ctx context.Context, fn func(*botsweep.ModEvent) error) error {
	rows, err := db.pool.Query(ctx, fmt.Sprintf(`SELECT seq, body FROM %s.events ORDER BY seq`, db.schema))
	if err != nil {
		return wrap("read events", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var body string
		if err := rows.Scan(&seq, &body); err != nil {
			return wrap("read events", err)
		}
		var ev botsweep.ModEvent
		if err := json.Unmarshal([]byte(body), &ev); err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "event %d is not valid JSON: %w", seq, err)
		}
		// The row's key is authoritative: a body edited to claim another
		// position still shows up where it is, for the audit to catch.
		ev.Seq = uint64(seq)
		if err := fn(&ev); err != nil {
			return err
		}
	}
	return wrap("read events", rows.Err())
}

// PutNetworks implements botsweep.NetworkStore.
func (db *DB) PutNetworks(ctx context.Context, networks []botsweep.Network) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return wrap("put networks", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, fmt.Sprintf(`DELETE FROM %s.networks`, db.schema)); err != nil {
		return wrap("put networks", err)
	}
	rows := make([][]any, len(networks))
	for i := range networks {
		body, err := json.Marshal(&networks[i])
		if err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "encode network %s: %w", networks[i].ID, err)
		}
		rows[i] = []any{networks[i].ID, i, string(body)}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{db.schema, "networks"},
		[]string{"id", "rank", "body"}, pgx.CopyFromRows(rows)); err != nil {
		return wrap("put networks", err)
	}
	return wrap("put networks", tx.Commit(ctx))
}

// Networks implements botsweep.NetworkStore.
func (db *DB) Networks(ctx context.Context) ([]botsweep.Network, error) {
	rows, err := db.pool.Query(ctx, fmt.Sprintf(`SELECT body FROM %s.networks ORDER BY rank`, db.schema))
	if err != nil {
		return nil, wrap("read networks", err)
	}
	defer rows.Close()
	var out []botsweep.Network
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, wrap("read networks", err)
		}
		var n botsweep.Network
		if err := json.Unmarshal([]byte(body), &n); err != nil {
			return nil, botsweep.Errorf(botsweep.EINTERNAL, "stored network is not valid JSON: %w", err)
		}
		out = append(out, n)
	}
	return out, wrap("read networks", rows.Err())
}

// CreateToken implements botsweep.TokenStore. The table's unique index on
// name makes the name check atomic: of concurrent creators of one name,
// one inserts and the others get ECONFLICT.
func (db *DB) CreateToken(ctx context.Context, name, role string) (string, *botsweep.Token, error) {
	name, err := botsweep.ValidateTokenName(name)
	if err != nil {
		return "", nil, err
	}
	if role == "" {
		return "", nil, botsweep.Errorf(botsweep.EINVALID, "a token needs a role (--role viewer|analyst|admin)")
	}
	secret, hash, err := botsweep.NewTokenSecret()
	if err != nil {
		return "", nil, err
	}
	tok := &botsweep.Token{Name: name, Role: role, Created: db.now().UTC().Truncate(time.Microsecond), Hash: hash}
	_, err = db.pool.Exec(ctx, fmt.Sprintf(`INSERT INTO %s.tokens (hash, name, role, created) VALUES ($1, $2, $3, $4)`, db.schema),
		tok.Hash, tok.Name, tok.Role, tok.Created)
	if err != nil {
		if botsweep.ErrorCode(wrap("", err)) == botsweep.ECONFLICT {
			return "", nil, botsweep.Errorf(botsweep.ECONFLICT, "a token named %q exists already", name)
		}
		return "", nil, wrap("create token", err)
	}
	return secret, tok, nil
}

// LookupToken implements botsweep.TokenStore.
func (db *DB) LookupToken(ctx context.Context, secret string) (*botsweep.Token, error) {
	if !botsweep.ValidTokenShape(secret) {
		return nil, botsweep.Errorf(botsweep.EUNAUTHORIZED, "invalid token")
	}
	var tok botsweep.Token
	err := db.pool.QueryRow(ctx, fmt.Sprintf(`SELECT hash, name, role, created FROM %s.tokens WHERE hash = $1`, db.schema),
		botsweep.HashToken(secret)).Scan(&tok.Hash, &tok.Name, &tok.Role, &tok.Created)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, botsweep.Errorf(botsweep.EUNAUTHORIZED, "invalid token")
	} else if err != nil {
		return nil, wrap("look up token", err)
	}
	tok.Created = tok.Created.UTC()
	return &tok, nil
}

// Tokens implements botsweep.TokenStore.
func (db *DB) Tokens(ctx context.Context) ([]botsweep.Token, error) {
	rows, err := db.pool.Query(ctx, fmt.Sprintf(`SELECT hash, name, role, created FROM %s.tokens ORDER BY created, name`, db.schema))
	if err != nil {
		return nil, wrap("list tokens", err)
	}
	defer rows.Close()
	var out []botsweep.Token
	for rows.Next() {
		var tok botsweep.Token
		if err := rows.Scan(&tok.Hash, &tok.Name, &tok.Role, &tok.Created); err != nil {
			return nil, wrap("list tokens", err)
		}
		tok.Created = tok.Created.UTC()
		out = append(out, tok)
	}
	return out, wrap("list tokens", rows.Err())
}

// RevokeToken implements botsweep.TokenStore: it deletes every token
// carrying the name.
func (db *DB) RevokeToken(ctx context.Context, name string) error {
	tag, err := db.pool.Exec(ctx, fmt.Sprintf(`DELETE FROM %s.tokens WHERE name = $1`, db.schema), name)
	if err != nil {
		return wrap("revoke token", err)
	}
	if tag.RowsAffected() == 0 {
		return botsweep.Errorf(botsweep.ENOTFOUND, "no token named %q", name)
	}
	return nil
}

// DropSchema removes the schema and everything in it. Tests use it to clean up.
func (db *DB) DropSchema(ctx context.Context) error {
	_, err := db.pool.Exec(ctx, fmt.Sprintf(`DROP SCHEMA IF EXISTS %s CASCADE`, db.schema))
	return wrap("drop schema", err)
}

// wrap turns a driver error into a coded botsweep error.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var be *botsweep.Error
	if errors.As(err, &be) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		return botsweep.Errorf(botsweep.ECONFLICT, "%s: %s", op, pe.Message)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return botsweep.Errorf(botsweep.EINTERNAL, "postgres %s: %w", op, err)
}
