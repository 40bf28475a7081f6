-- Tellen & Vertellen werkbestand (DuckDB): what users make, kept apart from the store because a
-- build replaces the store wholesale. Schema version in werk_versie; core/werk.py creates it.
-- This file is schema version 1; werk_v2.sql (sessions, interpretation log) leads to version 2.
-- No FOREIGN KEY from verhaalset_verhalen to verhaalsets: DuckDB refuses to delete a parent row
-- after its children in the same transaction, and core/storysets.py deletes both together.
-- verhaal_id refers to verhalen.id in the store (another file), so it cannot be a key either;
-- the stories are checked against the store (and consent) each time a set is shown.

CREATE TABLE verhaalsets (
    id            VARCHAR PRIMARY KEY,
    naam          VARCHAR NOT NULL,
    vraag         VARCHAR NOT NULL,   -- the question for the interpretatiesessie
    indicator     VARCHAR,            -- indicatoren.id in the store, NULL when not linked
    gemeentecode  VARCHAR,
    filter_json   VARCHAR,            -- VerhaalFilter.to_json() of how the stories were found
    gemaakt_op    TIMESTAMP NOT NULL
);

CREATE TABLE verhaalset_verhalen (
    set_id        VARCHAR NOT NULL,
    verhaal_id    VARCHAR NOT NULL,
    volgorde      INTEGER NOT NULL,   -- 1, 2, … : the order the user chose
    PRIMARY KEY (set_id, verhaal_id)
);
