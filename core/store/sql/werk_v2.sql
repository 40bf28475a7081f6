-- Werkbestand schema version 1 -> 2: interpretation sessions and the interpretation log.
-- core/werk.py runs this file as a migration on a version-1 werkbestand, and after werk.sql on a
-- new one. No FOREIGN KEYs, for the reasons given in werk.sql: core/sessions.py and
-- core/interpretaties.py write parent and child rows together, in one transaction.

CREATE TABLE sessies (
    id             VARCHAR PRIMARY KEY,
    titel          VARCHAR NOT NULL,
    gemeentecode   VARCHAR NOT NULL,
    set_id         VARCHAR,            -- verhaalsets.id the stories came from, or NULL
    filter_json    VARCHAR,            -- VerhaalFilter.to_json() the stories came from, or NULL
    vragen         VARCHAR[] NOT NULL, -- 1 to 3 questions to discuss, in order
    patroon_vraag  VARCHAR,            -- signifier id of the pattern chart; NULL: the framework's first slider
    seed           INTEGER,            -- seed of the drawn sample; NULL when picked by hand
    datum          DATE NOT NULL,      -- the day of the session (printed on the handout)
    gemaakt_op     TIMESTAMP NOT NULL
);

CREATE TABLE sessie_verhalen (
    sessie_id      VARCHAR NOT NULL,
    verhaal_id     VARCHAR NOT NULL,   -- verhalen.id in the store; consent is checked on every read
    volgorde       INTEGER NOT NULL,   -- 1, 2, … : the order of the story cards
    PRIMARY KEY (sessie_id, verhaal_id)
);

CREATE TABLE logboek (
    id             VARCHAR PRIMARY KEY,
    gemeentecode   VARCHAR NOT NULL,
    wijk           VARCHAR,            -- NULL: about the whole gemeente
    sessie_id      VARCHAR,            -- sessies.id, or NULL
    observaties    VARCHAR,            -- what we saw
    interpretaties VARCHAR,            -- what we think it means
    acties         VARCHAR,            -- what we agreed to do
    datum          DATE NOT NULL,
    door           VARCHAR,            -- who wrote it down (optional)
    gemaakt_op     TIMESTAMP NOT NULL
);

CREATE TABLE logboek_links (
    entry_id       VARCHAR NOT NULL,   -- logboek.id
    soort          VARCHAR NOT NULL CHECK (soort IN ('verhaalset', 'indicator')),
    ref            VARCHAR NOT NULL,   -- verhaalsets.id or indicatoren.id (in the store)
    PRIMARY KEY (entry_id, soort, ref)
);
