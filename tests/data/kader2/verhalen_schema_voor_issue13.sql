-- The story store's schema before issue 13 (core/store/sql/verhalen.sql at commit b097616), for the migration
-- test in tests/test_kaders.py: a store made by it must migrate with every story kept.
-- The story store (data/verhalen.duckdb, setting TV_VERHALEN): what a gemeente brings, never rebuilt.
-- Written only by imports and removals (core/store/verhaalopslag.py), as a new copy that replaces the
-- old file, one writer at a time. Uniqueness of story ids and answers is checked by the importer
-- (core/ingest/stories.py) in bulk: no PRIMARY KEY index on the two large tables.

CREATE TABLE kaders (
    id           VARCHAR PRIMARY KEY,
    naam         VARCHAR NOT NULL,
    toelichting  VARCHAR,
    definitie    VARCHAR NOT NULL      -- the framework file as read (JSON)
);

CREATE TABLE signifiers (
    kader        VARCHAR NOT NULL,
    id           VARCHAR NOT NULL,
    soort        VARCHAR NOT NULL CHECK (soort IN ('triade', 'slider', 'keuze')),
    vraag        VARCHAR NOT NULL,
    labels       VARCHAR[] NOT NULL,   -- triad: 3 corners; slider: 2 poles; keuze: options
    volgorde     INTEGER NOT NULL,
    alleen_als   VARCHAR,              -- JSON condition, e.g. {"ondersteuning": "ja"}
    PRIMARY KEY (kader, id)
);

CREATE TABLE verhalen (
    id              VARCHAR NOT NULL,
    titel           VARCHAR NOT NULL,
    tekst           VARCHAR NOT NULL,
    wijk            VARCHAR NOT NULL,
    gemeentecode    VARCHAR NOT NULL,
    jaar            INTEGER NOT NULL,
    verzameld_op    DATE NOT NULL,
    project         VARCHAR NOT NULL,
    toestemming     VARCHAR NOT NULL CHECK (toestemming IN ('nee', 'intern', 'openbaar')),
    leeftijdsgroep  VARCHAR,
    rol             VARCHAR,
    onderwerp       VARCHAR,
    fictief         BOOLEAN NOT NULL,
    kader           VARCHAR NOT NULL,
    import_id       VARCHAR NOT NULL,
    in_controle     BOOLEAN NOT NULL DEFAULT false  -- held back until a staff member releases it (controle)
);

CREATE TABLE antwoorden (
    verhaal      VARCHAR NOT NULL,
    kader        VARCHAR NOT NULL,
    signifier    VARCHAR NOT NULL,
    triade_a     DOUBLE,   -- weights of the three corners, in the order of signifiers.labels
    triade_b     DOUBLE,
    triade_c     DOUBLE,
    slider       DOUBLE CHECK (slider BETWEEN 0 AND 100),
    keuze        VARCHAR,
    -- all NULL = left empty ("n.v.t.")
    CHECK (triade_a IS NULL OR abs(triade_a + triade_b + triade_c - 1) < 0.011)
);

CREATE TABLE imports (
    id          VARCHAR PRIMARY KEY,
    bestand     VARCHAR NOT NULL,
    kader       VARCHAR NOT NULL,
    aantal      INTEGER NOT NULL,
    op          TIMESTAMP NOT NULL
);

-- The table `controle` of the personal data check is in verhalen_controle.sql (also run on a store made
-- before the check existed).

-- Changes with every import and removal; caches key on it (with the build id of the figures).
CREATE TABLE opslag_versie (
    versie      VARCHAR NOT NULL,
    gewijzigd   TIMESTAMP NOT NULL
);
