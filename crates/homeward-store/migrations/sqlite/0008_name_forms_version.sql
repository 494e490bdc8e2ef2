-- Which version of homeward_domain's name forms the search keys in missing_name_forms and
-- missing_name_forms_reversed were written with (one row). When the domain derives new forms
-- (traditional and simplified hanzi, pinyin read from the hanzi, Wade-Giles, the Korean reading,
-- wildcard keys for near CJK matches), opening the store re-indexes every person once and
-- records the new version (homeward-store/src/rolls/reindex.rs).
CREATE TABLE name_forms_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
