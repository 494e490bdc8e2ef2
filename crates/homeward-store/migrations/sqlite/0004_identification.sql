-- Identifications (issue 4, the memorial roll), SQLite. Append-only: change the schema in a new
-- numbered file. The review committee's decision that a remains case is a person on the rolls of
-- the missing; the rules (status identified or later, matching nationality) are the domain's,
-- checked in the writing transaction. One case ↔ at most one person: both keys are unique.

CREATE TABLE identifications (
    remains_id  INTEGER PRIMARY KEY REFERENCES remains_cases (id),
    person_id   INTEGER NOT NULL UNIQUE REFERENCES missing_persons (id),
    basis       TEXT NOT NULL,
    decision    TEXT NOT NULL,
    recorded_by INTEGER,
    recorded_at INTEGER NOT NULL
);
