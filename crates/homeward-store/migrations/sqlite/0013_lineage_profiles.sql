-- Lineage markers (issue 12): Y-STR haplotypes ({locus: "alleles"}) and mtDNA profiles
-- ({"ranges", "variants"}) of remains cases and of families' references (`FAMILY:PERSON`),
-- as canonical JSON text the kinship engine reads.
CREATE TABLE lineage_profiles (
    id          INTEGER PRIMARY KEY,
    sample      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    remains     TEXT,
    family      TEXT REFERENCES dna_families (id),
    person      TEXT,
    data        TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    UNIQUE (sample, kind)
);
