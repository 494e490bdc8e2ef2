-- The custody ledger (issue 4), PostgreSQL. Append-only: change the schema in a new numbered file.
-- `encoding` holds the entry's canonical bytes (homeward-ledger, encoding v1) exactly as they
-- were hashed and signed; `hash` (64 hex) and `signature` (128 hex) are stored beside them and
-- recomputed/checked by `homeward ledger verify`, never trusted.
-- Objects are created unqualified, so each schema (one per test) gets its own function.

CREATE TABLE ledger_entries (
    sequence  BIGINT PRIMARY KEY,
    encoding  BYTEA NOT NULL,
    hash      TEXT NOT NULL,
    signature TEXT NOT NULL
);

-- Which entries concern which remains case (the case page's custody timeline).
CREATE TABLE ledger_remains (
    accession TEXT COLLATE "C" NOT NULL,
    sequence  BIGINT NOT NULL REFERENCES ledger_entries (sequence),
    PRIMARY KEY (accession, sequence)
);

-- Entries are never updated or deleted (or truncated), whoever asks.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only (% on %)', TG_OP, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_remains_append_only BEFORE UPDATE OR DELETE ON ledger_remains
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_remains_no_truncate BEFORE TRUNCATE ON ledger_remains
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- Organization signing keys. `valid_from` is 1 for keys this instance trusts from the start;
-- a rotated-in key is valid from the entry after its rotation, the old one retired at it.
CREATE TABLE organization_keys (
    key_id       TEXT COLLATE "C" PRIMARY KEY,
    organization TEXT COLLATE "C" NOT NULL,
    public_key   TEXT NOT NULL,
    secret_key   TEXT NOT NULL,
    valid_from   BIGINT NOT NULL,
    retired_at   BIGINT,
    created_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX organization_keys_current ON organization_keys (organization)
    WHERE retired_at IS NULL;
