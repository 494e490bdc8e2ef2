-- Secret keys at rest (issue 9), SQLite. `key_encryption` holds the one key-encryption set-up
-- of this store: argon2id parameters and salt, and a check value (a constant sealed under the
-- KEK) that tells a wrong key file or passphrase apart. Written on the first unlock.
CREATE TABLE key_encryption (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    kdf         TEXT NOT NULL,
    memory_kib  INTEGER NOT NULL,
    iterations  INTEGER NOT NULL,
    parallelism INTEGER NOT NULL,
    salt        TEXT NOT NULL,
    check_value TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- `secret_key` becomes optional: NULL for another organization's public key imported alone.
-- Otherwise it holds `homeward-sealed-v1 …` (sealed under the KEK, the organization and key id
-- as associated data) or, in a store from before this migration, the plaintext secret, which
-- the first unlock seals. SQLite cannot drop NOT NULL in place: the table is rebuilt.
CREATE TABLE organization_keys_new (
    key_id       TEXT PRIMARY KEY,
    organization TEXT NOT NULL,
    public_key   TEXT NOT NULL,
    secret_key   TEXT,
    valid_from   INTEGER NOT NULL,
    retired_at   INTEGER,
    created_at   INTEGER NOT NULL
);
INSERT INTO organization_keys_new
    SELECT key_id, organization, public_key, secret_key, valid_from, retired_at, created_at
    FROM organization_keys;
DROP TABLE organization_keys;
ALTER TABLE organization_keys_new RENAME TO organization_keys;
CREATE UNIQUE INDEX organization_keys_current ON organization_keys (organization)
    WHERE retired_at IS NULL;
