-- Direct matching of remains against remains (issue 12, commingled graves): the pairs whose
-- profiles are those of one person (identity) or of a parent and child or two full siblings,
-- with the LR that says so, as the last direct match found them (it replaces them whole).
CREATE TABLE remains_relations (
    id                 INTEGER PRIMARY KEY,
    remains_a          TEXT NOT NULL,
    remains_b          TEXT NOT NULL,
    relation           TEXT NOT NULL,
    lr                 REAL NOT NULL,
    markers_compared   INTEGER NOT NULL,
    frequency_database INTEGER NOT NULL REFERENCES frequency_databases (id),
    found_at           INTEGER NOT NULL,
    UNIQUE (remains_a, remains_b, relation)
);
CREATE INDEX remains_relations_b ON remains_relations (remains_b);
