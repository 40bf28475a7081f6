-- Imported figures (core/ingest/statline.py, core/ingest/cbs_live.py): primary data the gemeente brought.
-- The build (core/ingest/eigen_cijfers step in core/store/build.py) copies them into waarden/regios/bronnen.
-- Every statement is idempotent: each write to the eigen store runs this file.

-- One row per import: a StatLine file or a live fetch from CBS.
CREATE TABLE IF NOT EXISTS cijfer_imports (
    id          VARCHAR PRIMARY KEY,
    bestand     VARCHAR NOT NULL,     -- file name, or what was fetched ('CBS 85984NED, GM1961')
    bron        VARCHAR NOT NULL,     -- kind of table: kwb | rivm_50090 (core/catalog/statline.csv)
    tabel_id    VARCHAR NOT NULL,     -- StatLine table id, e.g. 85984NED
    titel       VARCHAR NOT NULL,
    periode     VARCHAR NOT NULL,     -- the years of its figures, e.g. '2024' or '2012, 2016, 2020'
    uitgever    VARCHAR NOT NULL,
    licentie    VARCHAR NOT NULL,
    soort       VARCHAR NOT NULL CHECK (soort IN ('bestand', 'cbs-live')),
    vorm        VARCHAR NOT NULL,     -- typed | web | cbs-live
    aantal      INTEGER NOT NULL,     -- figures with a value
    op          TIMESTAMP NOT NULL    -- import date
);

-- The figures of an import; waarde NULL = a CBS marker ('.', 'x') or an empty cell, never 0.
CREATE TABLE IF NOT EXISTS cijfer_waarden (
    import_id      VARCHAR NOT NULL,
    regio          VARCHAR NOT NULL,
    indicator      VARCHAR NOT NULL,
    jaar           INTEGER NOT NULL,
    leeftijdsgroep VARCHAR NOT NULL,
    waarde         DOUBLE,
    indeling       INTEGER NOT NULL   -- the indeling the table was published in
);

-- The regions of an import, with the names the table gives them (NULL when it gives none: typed CSV).
CREATE TABLE IF NOT EXISTS cijfer_regios (
    import_id    VARCHAR NOT NULL,
    code         VARCHAR NOT NULL,
    naam         VARCHAR,
    niveau       VARCHAR NOT NULL,
    gemeentecode VARCHAR,
    gemeentenaam VARCHAR,
    indeling     INTEGER NOT NULL
);
