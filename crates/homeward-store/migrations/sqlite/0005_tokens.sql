-- API tokens that expire and can be revoked; accounts that can be deactivated (issue 9), SQLite.
-- Append-only: change the schema in a new numbered file. A token gets an id (what listing and
-- revocation name: the secret is shown once and only its SHA-256 is kept), an expiry and a
-- revocation time. Tokens issued before this migration never expired: they now expire 90 days
-- after it. A deactivated user cannot log in, and neither sessions nor tokens let them in.

ALTER TABLE users ADD COLUMN deactivated_at INTEGER;

CREATE TABLE api_tokens_0005 (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
INSERT INTO api_tokens_0005 (token_hash, user_id, label, created_at, expires_at)
    SELECT token_hash, user_id, label, created_at,
           CAST(strftime('%s', 'now') AS INTEGER) + 90 * 86400
    FROM api_tokens ORDER BY created_at, token_hash;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_0005 RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens (user_id);
