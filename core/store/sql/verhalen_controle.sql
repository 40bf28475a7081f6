-- The personal data check (core/ingest/persoonsgegevens.py, core/vertellen/controle.py): one row per story
-- in which the check found something. While status is 'in controle' the story is held back
-- (verhalen.in_controle) and the row holds the findings and the masked proposal. On release the story's
-- titel/tekst become the released text, and the row keeps only the kinds and number of findings, the
-- decision, who and when: no second copy of the unmasked text stays. A story store made
-- before the check existed gets this table and verhalen.in_controle from core.store.verhalen.migreer_controle.
CREATE TABLE controle (
    verhaal           VARCHAR NOT NULL,
    import_id         VARCHAR NOT NULL,
    status            VARCHAR NOT NULL CHECK (status IN ('in controle', 'vrijgegeven')),
    soorten           VARCHAR[] NOT NULL,   -- the kinds found (deduce tags), kept after release
    aantal            INTEGER NOT NULL,     -- how many findings
    bevindingen       STRUCT(veld VARCHAR, soort VARCHAR, tekst VARCHAR, "begin" INTEGER, eind INTEGER)[],
                                            -- what was found where; NULL after release
    titel_voorstel    VARCHAR,              -- the masked proposal; NULL after release
    tekst_voorstel    VARCHAR,
    gecontroleerd_op  TIMESTAMP NOT NULL,
    besluit           VARCHAR CHECK (besluit IN ('gemaskeerd', 'aangepast', 'ongewijzigd')),
    reden             VARCHAR,
    door              VARCHAR,              -- who released it
    vrijgegeven_op    TIMESTAMP,
    CHECK ((status = 'in controle') = (bevindingen IS NOT NULL AND door IS NULL))
);
