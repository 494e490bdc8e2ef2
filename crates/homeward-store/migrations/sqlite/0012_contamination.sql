-- The contamination guard (issue 12): the elimination database (profiles of laboratory and
-- field staff and of consumables lots) and the holds it raises on remains profiles that match
-- one (or that look mixed), kept from screening until a DNA analyst clears them with a note.
CREATE TABLE elimination_profiles (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    alleles     TEXT NOT NULL,
    imported_at INTEGER NOT NULL
);
CREATE TABLE profile_holds (
    id         INTEGER PRIMARY KEY,
    sample     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    raised_at  INTEGER NOT NULL,
    cleared_at INTEGER,
    cleared_by INTEGER REFERENCES users (id),
    clear_note TEXT,
    UNIQUE (sample, reason, detail)
);
