-- The eigen store (data/eigen.duckdb, setting TV_EIGEN): figures and goal trees a gemeente brings itself.
-- Primary data, never rebuilt; written only as a copy that replaces the file (core/store/eigen.py).
-- Every statement is idempotent (IF NOT EXISTS): each write runs every schema file. Its parts: eigen_cijfers.sql (imported figures), eigen_doelen.sql (goal trees).

-- Changes with every write; the build's staleness check includes it.
CREATE TABLE IF NOT EXISTS eigen_versie (
    versie      VARCHAR NOT NULL,
    gewijzigd   TIMESTAMP NOT NULL
);
