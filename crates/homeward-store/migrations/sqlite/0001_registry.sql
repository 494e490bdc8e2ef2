-- Homeward registry, SQLite. Append-only: change the schema in a new numbered file.
-- Types stay within what sqlx's Any driver decodes: INTEGER (i64), REAL (f64), TEXT.
-- Dates are TEXT 'YYYY-MM-DD' (or 'YYYY', 'YYYY-MM' for partial dates), timestamps INTEGER unix
-- seconds, flags INTEGER 0/1, lists JSON arrays in TEXT.

CREATE TABLE organizations (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL,
    organization_id INTEGER REFERENCES organizations (id),
    password_hash   TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE recovery_sites (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    province           TEXT NOT NULL,
    county             TEXT NOT NULL,
    latitude           REAL NOT NULL,
    longitude          REAL NOT NULL,
    battle_area        TEXT NOT NULL,
    excavation_periods TEXT NOT NULL,
    team               TEXT NOT NULL,
    synthetic          INTEGER NOT NULL
);

CREATE TABLE remains_cases (
    id                   INTEGER PRIMARY KEY,
    accession            TEXT NOT NULL UNIQUE,
    accession_folded     TEXT NOT NULL,
    site_id              INTEGER NOT NULL REFERENCES recovery_sites (id),
    recovery_date        TEXT NOT NULL,
    context              TEXT NOT NULL,
    elements             TEXT NOT NULL,
    completeness_pct     INTEGER NOT NULL,
    sex                  TEXT NOT NULL,
    age_min              INTEGER,
    age_max              INTEGER,
    stature_min_cm       INTEGER,
    stature_max_cm       INTEGER,
    condition            TEXT NOT NULL,
    nationality          TEXT NOT NULL,
    nationality_evidence TEXT NOT NULL,
    committee_decision   TEXT,
    storage_location     TEXT NOT NULL,
    status               TEXT NOT NULL,
    synthetic            INTEGER NOT NULL
);
CREATE INDEX remains_cases_accession_folded ON remains_cases (accession_folded);
CREATE INDEX remains_cases_site ON remains_cases (site_id);
CREATE INDEX remains_cases_status ON remains_cases (status);

CREATE TABLE external_numbers (
    remains_id   INTEGER NOT NULL REFERENCES remains_cases (id),
    position     INTEGER NOT NULL,
    scheme       TEXT NOT NULL,
    value        TEXT NOT NULL,
    value_folded TEXT NOT NULL,
    PRIMARY KEY (remains_id, position)
);
CREATE INDEX external_numbers_value_folded ON external_numbers (value_folded);

CREATE TABLE status_history (
    id          INTEGER PRIMARY KEY,
    remains_id  INTEGER NOT NULL REFERENCES remains_cases (id),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    actor_id    INTEGER,
    at          INTEGER NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX status_history_remains ON status_history (remains_id, id);

CREATE TABLE personal_effects (
    id          INTEGER PRIMARY KEY,
    remains_id  INTEGER REFERENCES remains_cases (id),
    site_id     INTEGER REFERENCES recovery_sites (id),
    category    TEXT NOT NULL,
    description TEXT NOT NULL,
    inscription TEXT,
    condition   TEXT NOT NULL,
    disposition TEXT NOT NULL
);
CREATE INDEX personal_effects_remains ON personal_effects (remains_id);

CREATE TABLE missing_persons (
    id                INTEGER PRIMARY KEY,
    name_original     TEXT NOT NULL,
    name_hanzi        TEXT,
    name_pinyin       TEXT,
    name_hangul       TEXT,
    name_rr           TEXT,
    birth_year        INTEGER,
    hometown_province TEXT NOT NULL,
    hometown_county   TEXT NOT NULL,
    unit              TEXT NOT NULL,
    date_of_loss      TEXT,
    place_of_loss     TEXT NOT NULL,
    source_record     TEXT NOT NULL,
    nationality       TEXT NOT NULL,
    synthetic         INTEGER NOT NULL
);

-- The search index of the rolls: every folded name form (homeward_domain::search_forms), and
-- the same forms reversed, each the key of its own B-tree, so that prefix and suffix lookups are
-- both range scans (and bulk inserts, sorted by key, fill each tree in order). They are written
-- only together with their person, in the same transaction, and carry no foreign key: checking
-- one per form would double the cost of a bulk import.
CREATE TABLE missing_name_forms (
    form      TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (form, person_id)
) WITHOUT ROWID;

CREATE TABLE missing_name_forms_reversed (
    form_reversed TEXT NOT NULL,
    person_id     INTEGER NOT NULL,
    PRIMARY KEY (form_reversed, person_id)
) WITHOUT ROWID;

CREATE TABLE historical_handovers (
    sequence     INTEGER PRIMARY KEY,
    date         TEXT NOT NULL,
    remains      INTEGER NOT NULL,
    effects      INTEGER,
    from_country TEXT NOT NULL,
    to_country   TEXT NOT NULL,
    place        TEXT NOT NULL
);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    actor_id   INTEGER,
    at         INTEGER NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    detail     TEXT NOT NULL
);
