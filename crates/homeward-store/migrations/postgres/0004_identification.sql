-- Identifications (issue 4, the memorial roll), PostgreSQL. Append-only: change the schema in a
-- new numbered file. The review committee's decision that a remains case is a person on the rolls
-- of the missing; the rules (status identified or later, matching nationality) are the domain's,
-- checked in the writing transaction. One case ↔ at most one person: both keys are unique.

CREATE TABLE identifications (
    remains_id  BIGINT PRIMARY KEY REFERENCES remains_cases (id),
    person_id   BIGINT NOT NULL UNIQUE REFERENCES missing_persons (id),
    basis       TEXT NOT NULL,
    decision    TEXT NOT NULL,
    recorded_by BIGINT,
    recorded_at BIGINT NOT NULL
);
