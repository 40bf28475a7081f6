-- Goal trees per gemeente (core/samen/doelbomen.py): primary data in the eigen store. A saved tree
-- replaces the shipped one of that gemeente (data/doelen/); the build copies the trees into the figures
-- store's `doelen` and `doel_indicatoren` (core/ingest/goals.py). Idempotent: every write runs this file.
-- No PRIMARY KEYs: a save deletes and inserts the same keys in one transaction; core/ingest/goals.py
-- checks uniqueness before anything is written.

-- One row per gemeente with its own tree.
CREATE TABLE IF NOT EXISTS eigen_doelbomen (
    gemeentecode VARCHAR NOT NULL,
    bron         VARCHAR NOT NULL,     -- where the tree comes from (e.g. the council's agenda)
    toelichting  VARCHAR,
    streefjaar   INTEGER,              -- default streefjaar of its links
    fictief      BOOLEAN NOT NULL,     -- streefwaarden are examples, not decisions
    opgeslagen   TIMESTAMP NOT NULL
);

-- Maatschappelijk resultaat -> opgave -> doel, in the gemeente's order.
CREATE TABLE IF NOT EXISTS eigen_doelen (
    gemeentecode VARCHAR NOT NULL,
    id           VARCHAR NOT NULL,     -- unique within the gemeente's tree
    niveau       VARCHAR NOT NULL CHECK (niveau IN ('resultaat', 'opgave', 'doel')),
    ouder        VARCHAR,              -- id of the node one level up (NULL for a resultaat)
    titel        VARCHAR NOT NULL,
    volgorde     INTEGER NOT NULL
);

-- The indicators that measure a doel, as the gemeente entered them. NULL = not given: the nulmeting is
-- then the earliest real figure, the streefwaarde nulmeting + streefwaarde_verschil, the streefjaar the tree's.
CREATE TABLE IF NOT EXISTS eigen_doel_indicatoren (
    gemeentecode   VARCHAR NOT NULL,
    doel           VARCHAR NOT NULL,
    volgorde       INTEGER NOT NULL,
    indicator      VARCHAR NOT NULL,   -- id in the catalog (indicatoren)
    regio          VARCHAR NOT NULL,   -- the gemeente or one of its wijken
    leeftijdsgroep VARCHAR NOT NULL,
    nulmeting_jaar INTEGER,
    nulmeting      DOUBLE,
    streefwaarde   DOUBLE,
    streefwaarde_verschil DOUBLE,
    streefjaar     INTEGER
);

-- Every save, import and removal: who, when, what ('formulier' or the file name), and the tree as JSON
-- (the export format) after it, so an earlier version can be read back.
CREATE TABLE IF NOT EXISTS eigen_doelboom_historie (
    id           VARCHAR NOT NULL,
    gemeentecode VARCHAR NOT NULL,
    op           TIMESTAMP NOT NULL,
    door         VARCHAR NOT NULL,
    actie        VARCHAR NOT NULL CHECK (actie IN ('opgeslagen', 'geïmporteerd', 'verwijderd')),
    wat          VARCHAR NOT NULL,
    doelen       INTEGER NOT NULL,     -- number of doelen after it (0 after a removal)
    koppelingen  INTEGER NOT NULL,     -- number of indicator links after it
    inhoud       VARCHAR               -- the tree as JSON; NULL after a removal
);
