-- The custody ledger (issue 4), SQLite. Append-only: change the schema in a new numbered file.
-- `encoding` holds the entry's canonical bytes (homeward-ledger, encoding v1) exactly as they
-- were hashed and signed; `hash` (64 hex) and `signature` (128 hex) are stored beside them and
-- recomputed/checked by `homeward ledger verify`, never trusted.

CREATE TABLE ledger_entries (
    sequence  INTEGER PRIMARY KEY,
    encoding  BLOB NOT NULL,
    hash      TEXT NOT NULL,
    signature TEXT NOT NULL
);

-- Which entries concern which remains case (the case page's custody timeline).
CREATE TABLE ledger_remains (
    accession TEXT NOT NULL,
    sequence  INTEGER NOT NULL REFERENCES ledger_entries (sequence),
    PRIMARY KEY (accession, sequence)
);

-- Entries are never updated or deleted, whoever asks.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only');
END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only');
END;
CREATE TRIGGER ledger_remains_no_update BEFORE UPDATE ON ledger_remains
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only');
END;
CREATE TRIGGER ledger_remains_no_delete BEFORE DELETE ON ledger_remains
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only');
END;

-- Organization signing keys. `valid_from` is 1 for keys this instance trusts from the start;
-- a rotated-in key is valid from the entry after its rotation, the old one retired at it.
CREATE TABLE organization_keys (
    key_id       TEXT PRIMARY KEY,
    organization TEXT NOT NULL,
    public_key   TEXT NOT NULL,
    secret_key   TEXT NOT NULL,
    valid_from   INTEGER NOT NULL,
    retired_at   INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX organization_keys_current ON organization_keys (organization)
    WHERE retired_at IS NULL;
