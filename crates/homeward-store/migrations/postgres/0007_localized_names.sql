-- Names in three languages (issue 11): an organization's name and a ceremony's place in Korean,
-- Chinese (simplified) and English beside the name as entered (`name`, `ceremony_place`, the
-- original). NULL where a language's form is not recorded; pages then show the original, marked.
-- A ceremony's officials stay in `sending_officials` / `receiving_officials`: each element of
-- the JSON array is either the text as entered (rows before this migration) or an object
-- {"title": NAME, "name": NAME or null} where NAME is {"ko", "zh", "en", "original"}.

ALTER TABLE organizations ADD COLUMN name_ko TEXT;
ALTER TABLE organizations ADD COLUMN name_zh TEXT;
ALTER TABLE organizations ADD COLUMN name_en TEXT;
ALTER TABLE repatriation_batches ADD COLUMN ceremony_place_ko TEXT;
ALTER TABLE repatriation_batches ADD COLUMN ceremony_place_zh TEXT;
ALTER TABLE repatriation_batches ADD COLUMN ceremony_place_en TEXT;
