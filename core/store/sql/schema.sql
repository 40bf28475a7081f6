-- Tellen & Vertellen figures store (DuckDB): derived from data/ by `python -m core build`, rebuilt at will.
-- The stories live in the story store (verhalen.sql). Documented in docs/schema.md.

CREATE TABLE bouw (
    build_id      VARCHAR NOT NULL,   -- random id of this build; caches key on it
    gebouwd_op    TIMESTAMP NOT NULL,
    bronnen_hash  VARCHAR NOT NULL,   -- hash of every source file read; decides "stale"
    schema_versie INTEGER NOT NULL
);

CREATE TABLE bronnen (
    id            VARCHAR PRIMARY KEY,
    uitgever      VARCHAR NOT NULL,
    titel         VARCHAR NOT NULL,
    tabel_id      VARCHAR,
    periode       VARCHAR NOT NULL,
    licentie      VARCHAR NOT NULL,
    herkomst      VARCHAR NOT NULL,   -- where the shipped file came from (repo, path, commit)
    bestand       VARCHAR NOT NULL,   -- file(s) in data/
    bewerkingen   VARCHAR NOT NULL,   -- what we changed on ingest
    modelschatting VARCHAR            -- which figures are model estimates, NULL if none
);

CREATE TABLE regios (
    code            VARCHAR NOT NULL,          -- NL01, GM0547, WK054700, BU05470000 (trimmed)
    naam            VARCHAR NOT NULL,
    niveau          VARCHAR NOT NULL CHECK (niveau IN ('land', 'gemeente', 'wijk', 'buurt')),
    ouder           VARCHAR,                   -- code of the region one level up
    gemeentecode    VARCHAR,
    indeling        INTEGER NOT NULL,          -- indeling year the code belongs to
    geometrie       VARCHAR,                   -- GeoJSON geometry (WGS84), NULL if unknown
    indeling_gewijzigd BOOLEAN NOT NULL DEFAULT FALSE, -- boundaries differ between indelingen
    PRIMARY KEY (code, indeling)
);

CREATE TABLE indicatoren (
    id            VARCHAR PRIMARY KEY,
    label         VARCHAR NOT NULL,
    definitie     VARCHAR NOT NULL,
    eenheid       VARCHAR NOT NULL,
    richting      VARCHAR NOT NULL CHECK (richting IN ('hoger_beter', 'lager_beter', 'neutraal')),
    soort         VARCHAR NOT NULL CHECK (soort IN ('outcome', 'output', 'context')),
    leefgebied    VARCHAR NOT NULL,
    bron          VARCHAR NOT NULL REFERENCES bronnen (id),
    tabel_id      VARCHAR,
    licentie      VARCHAR NOT NULL,
    modelschatting BOOLEAN NOT NULL
);

CREATE TABLE waarden (
    regio          VARCHAR NOT NULL,
    indicator      VARCHAR NOT NULL,
    jaar           INTEGER NOT NULL,
    leeftijdsgroep VARCHAR NOT NULL,   -- 'alle leeftijden' where the source has no age groups
    waarde         DOUBLE,             -- NULL = missing in the source, never 0
    marge_laag     DOUBLE,
    marge_hoog     DOUBLE,
    indeling       INTEGER NOT NULL,   -- indeling year of the region code
    bron           VARCHAR NOT NULL
    -- unique on (regio, indicator, jaar, leeftijdsgroep): checked at the end of each build;
    -- no PRIMARY KEY because its index would be ten times the size of the 5 million rows.
);

CREATE TABLE doelen (
    id           VARCHAR PRIMARY KEY,
    niveau       VARCHAR NOT NULL CHECK (niveau IN ('resultaat', 'opgave', 'doel')),
    ouder        VARCHAR,
    titel        VARCHAR NOT NULL,
    gemeentecode VARCHAR NOT NULL,
    bron         VARCHAR NOT NULL,
    volgorde     INTEGER NOT NULL
);

CREATE TABLE doel_indicatoren (
    doel              VARCHAR NOT NULL REFERENCES doelen (id),
    indicator         VARCHAR NOT NULL REFERENCES indicatoren (id),
    regio             VARCHAR NOT NULL,
    leeftijdsgroep    VARCHAR NOT NULL,
    nulmeting_jaar    INTEGER,          -- earliest real value in the store
    nulmeting         DOUBLE,
    streefwaarde      DOUBLE,
    streefjaar        INTEGER,
    streefwaarde_fictief BOOLEAN NOT NULL,
    PRIMARY KEY (doel, indicator, regio, leeftijdsgroep)
);

