-- DNA (issue 12): frequency databases, profiles, families and their pedigrees, screening runs
-- and their candidates. Allele calls, pedigrees and frequencies are canonical JSON text: the
-- kinship engine reads them (homeward_app::dna converts at the edge); SQL only keys and joins.

-- A frequency database is never edited: a new import under a name is its next version.
CREATE TABLE frequency_databases (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL,
    version               INTEGER NOT NULL,
    source_format         TEXT NOT NULL,
    markers               TEXT NOT NULL,
    rare_allele_frequency REAL,
    imported_at           INTEGER NOT NULL,
    UNIQUE (name, version)
);
CREATE TRIGGER frequency_databases_no_update BEFORE UPDATE ON frequency_databases
BEGIN
    SELECT RAISE(ABORT, 'frequency databases are immutable: import a new version');
END;
CREATE TRIGGER frequency_databases_no_delete BEFORE DELETE ON frequency_databases
BEGIN
    SELECT RAISE(ABORT, 'frequency databases are immutable: import a new version');
END;

-- A family: living relatives giving references for one missing person, as the family tells
-- it (claimed identity), optionally linked to the rolls; `pedigree` is
-- {"pedigree": [{"id", "sex", "father", "mother"}], "missing": ID}.
CREATE TABLE dna_families (
    id                TEXT PRIMARY KEY,
    claimed_names     TEXT,
    claimed_hometown  TEXT,
    claimed_unit      TEXT,
    claimed_death     TEXT,
    missing_person_id INTEGER REFERENCES missing_persons (id),
    pedigree          TEXT NOT NULL,
    imported_at       INTEGER NOT NULL
);

-- One typed sample: of a remains case, or of a family's reference person. `alleles` is
-- {marker: [a, b|null]}; an absent marker failed.
CREATE TABLE dna_profiles (
    id          INTEGER PRIMARY KEY,
    sample      TEXT NOT NULL UNIQUE,
    remains_id  INTEGER REFERENCES remains_cases (id),
    family_id   TEXT REFERENCES dna_families (id),
    person      TEXT,
    ordinal     INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('autosomal', 'y_str', 'mtdna')),
    kit         TEXT,
    alleles     TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    CHECK ((remains_id IS NULL) <> (family_id IS NULL)),
    CHECK ((family_id IS NULL) = (person IS NULL))
);
CREATE INDEX dna_profiles_remains ON dna_profiles (remains_id);
CREATE INDEX dna_profiles_family ON dna_profiles (family_id, ordinal);

-- A screening run: its inputs and model, when it ran, and how it ended.
CREATE TABLE match_runs (
    id                    INTEGER PRIMARY KEY,
    started_at            INTEGER NOT NULL,
    finished_at           INTEGER,
    status                TEXT NOT NULL CHECK (status IN ('running', 'finished', 'cancelled')),
    min_lr                REAL NOT NULL,
    top                   INTEGER NOT NULL,
    frequency_database_id INTEGER NOT NULL REFERENCES frequency_databases (id),
    mutation              TEXT NOT NULL,
    theta                 REAL NOT NULL,
    rare_allele_frequency REAL,
    remains_count         INTEGER NOT NULL,
    families_count        INTEGER NOT NULL,
    candidates_count      INTEGER NOT NULL
);

-- A candidate: a remains case and a family with the LR that the remains are its missing
-- person (combined = autosomal × Y × mt over the systems typed on both sides).
CREATE TABLE dna_candidates (
    run_id           INTEGER NOT NULL REFERENCES match_runs (id),
    remains_id       INTEGER NOT NULL REFERENCES remains_cases (id),
    family_id        TEXT NOT NULL REFERENCES dna_families (id),
    lr               REAL NOT NULL,
    autosomal_lr     REAL NOT NULL,
    y_lr             REAL,
    mt_lr            REAL,
    markers_compared INTEGER NOT NULL,
    marker_lrs       TEXT NOT NULL,
    PRIMARY KEY (run_id, remains_id, family_id)
);
