-- Repatriation batches (issue 4), SQLite. Append-only: change the schema in a new numbered file.
-- A batch's state follows homeward-domain's `BatchState`; lists of names are JSON arrays in text;
-- dates are YYYY-MM-DD text. The rules (step order, who may join) are the domain's, checked in
-- the writing transaction; `batch_remains_one_open` also holds "one open batch per case" here.

CREATE TABLE repatriation_batches (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    sequence_number     INTEGER NOT NULL,
    sender_id           INTEGER NOT NULL REFERENCES organizations (id),
    receiver_id         INTEGER NOT NULL REFERENCES organizations (id),
    state               TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    ceremony_date       TEXT,
    ceremony_place      TEXT,
    sending_officials   TEXT,
    receiving_officials TEXT,
    carrier             TEXT,
    aircraft            TEXT,
    flight              TEXT,
    escort              TEXT,
    departure_place     TEXT,
    departure_date      TEXT,
    arrival_place       TEXT,
    arrival_date        TEXT,
    UNIQUE (sender_id, receiver_id, sequence_number)
);

-- The remains of each batch; `open` is 1 until the batch is buried.
CREATE TABLE batch_remains (
    batch_id           INTEGER NOT NULL REFERENCES repatriation_batches (id),
    remains_id         INTEGER NOT NULL REFERENCES remains_cases (id),
    position           INTEGER NOT NULL,
    open               INTEGER NOT NULL,
    sending_experts    TEXT,
    receiving_experts  TEXT,
    verified_on        TEXT,
    verification_notes TEXT,
    both_agreed        INTEGER,
    casket_number      INTEGER,
    cemetery           TEXT,
    section            TEXT,
    plot_row           TEXT,
    plot               TEXT,
    buried_on          TEXT,
    PRIMARY KEY (batch_id, remains_id)
);
CREATE UNIQUE INDEX batch_remains_one_open ON batch_remains (remains_id) WHERE open = 1;

CREATE TABLE batch_caskets (
    batch_id   INTEGER NOT NULL REFERENCES repatriation_batches (id),
    number     INTEGER NOT NULL,
    ceremonial INTEGER NOT NULL,
    PRIMARY KEY (batch_id, number)
);

CREATE TABLE batch_casket_effects (
    batch_id      INTEGER NOT NULL,
    casket_number INTEGER NOT NULL,
    effect_id     INTEGER NOT NULL REFERENCES personal_effects (id),
    PRIMARY KEY (batch_id, effect_id),
    FOREIGN KEY (batch_id, casket_number) REFERENCES batch_caskets (batch_id, number)
);

-- Signed documents, byte for byte: the manifest issued, the receipt received.
CREATE TABLE batch_documents (
    batch_id    INTEGER NOT NULL REFERENCES repatriation_batches (id),
    kind        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    text        TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (batch_id, kind)
);
