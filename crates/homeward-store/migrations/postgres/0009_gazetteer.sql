-- The gazetteer: names of places and units (recovery sites, battles, provinces, counties,
-- military units, places of loss, cemeteries) in Korean, Chinese and English, keyed by what the
-- name stands for and its text as records carry it (homeward_domain::Gazetteer). Records keep
-- the text as entered; pages look it up here to show it in their language.
CREATE TABLE gazetteer (
    kind     TEXT NOT NULL,
    original TEXT COLLATE "C" NOT NULL,
    name_ko  TEXT,
    name_zh  TEXT,
    name_en  TEXT,
    PRIMARY KEY (kind, original)
);
