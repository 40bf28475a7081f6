-- Werkbestand schema version 3 -> 4: key stories (kernverhalen).
-- Staff mark a story as the key story for an indicator, with the reason it was chosen
-- (core/samen/kernverhalen.py). verhaal_id refers to verhalen.id in the story store (another file), so
-- it is no key: consent is checked on every read, and a mark whose story lost its consent stays but its
-- story is never shown. indicator refers to indicatoren.id in the figures store. gedeeld: partner mode
-- shows the mark only when staff marked it "delen met partners" (core/samen/delen.py), and only for an
-- openbaar story. A new table: nothing made before this version changes.

CREATE TABLE kernverhalen (
    id            VARCHAR PRIMARY KEY,
    verhaal_id    VARCHAR NOT NULL,
    indicator     VARCHAR NOT NULL,
    gemeentecode  VARCHAR NOT NULL,   -- the story's gemeente when it was marked
    reden         VARCHAR NOT NULL,   -- why it was chosen (one short line, plain text)
    gemaakt_op    TIMESTAMP NOT NULL,
    gedeeld       BOOLEAN NOT NULL DEFAULT false,
    gedeeld_op    TIMESTAMP,
    UNIQUE (verhaal_id, indicator)
);
