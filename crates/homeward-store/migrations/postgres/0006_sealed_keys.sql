-- Secret keys at rest (issue 9), PostgreSQL. `key_encryption` holds the one key-encryption
-- set-up of this store: argon2id parameters and salt, and a check value (a constant sealed
-- under the KEK) that tells a wrong key file or passphrase apart. Written on the first unlock.
CREATE TABLE key_encryption (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    kdf         TEXT NOT NULL,
    memory_kib  BIGINT NOT NULL,
    iterations  BIGINT NOT NULL,
    parallelism BIGINT NOT NULL,
    salt        TEXT NOT NULL,
    check_value TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- `secret_key` becomes optional: NULL for another organization's public key imported alone.
-- Otherwise it holds `homeward-sealed-v1 …` (sealed under the KEK, the organization and key id
-- as associated data) or, in a store from before this migration, the plaintext secret, which
-- the first unlock seals.
ALTER TABLE organization_keys ALTER COLUMN secret_key DROP NOT NULL;
