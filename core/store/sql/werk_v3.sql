-- Werkbestand schema version 2 -> 3: what staff shared with partners.
-- Partner mode shows a story set or a log entry only when a staff member marked it `gedeeld`
-- (core/samen/delen.py); gedeeld_op: when it was last marked shared (NULL: never).
-- Everything made before this version stays unshared until someone marks it.
-- DuckDB cannot add a column with a constraint, and refuses two ALTERs of one table in one transaction:
-- so each table is made anew with the two columns and its rows copied over (by name), then renamed.

CREATE TABLE verhaalsets_v3 (
    id            VARCHAR PRIMARY KEY,
    naam          VARCHAR NOT NULL,
    vraag         VARCHAR NOT NULL,
    indicator     VARCHAR,
    gemeentecode  VARCHAR,
    filter_json   VARCHAR,
    gemaakt_op    TIMESTAMP NOT NULL,
    gedeeld       BOOLEAN NOT NULL DEFAULT false,   -- shown in partner mode
    gedeeld_op    TIMESTAMP
);
INSERT INTO verhaalsets_v3 BY NAME SELECT * FROM verhaalsets;
DROP TABLE verhaalsets;
ALTER TABLE verhaalsets_v3 RENAME TO verhaalsets;

CREATE TABLE logboek_v3 (
    id             VARCHAR PRIMARY KEY,
    gemeentecode   VARCHAR NOT NULL,
    wijk           VARCHAR,
    sessie_id      VARCHAR,
    observaties    VARCHAR,
    interpretaties VARCHAR,
    acties         VARCHAR,
    datum          DATE NOT NULL,
    door           VARCHAR,
    gemaakt_op     TIMESTAMP NOT NULL,
    gedeeld        BOOLEAN NOT NULL DEFAULT false,  -- shown in partner mode
    gedeeld_op     TIMESTAMP
);
INSERT INTO logboek_v3 BY NAME SELECT * FROM logboek;
DROP TABLE logboek;
ALTER TABLE logboek_v3 RENAME TO logboek;
