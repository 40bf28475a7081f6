-- Issue 13 (any framework): a story store made before it gets the new columns, in place, on its next
-- write (core.store.verhalen._migreer_kaders, on the writable copy: all or nothing, no story lost).
-- verzameld_op and project become optional; signifiers get meerkeuze; imports get the import's flag
-- fictief, taken from its stories (an import whose every story is fictional was a fictional import).
ALTER TABLE verhalen ALTER COLUMN verzameld_op DROP NOT NULL;
ALTER TABLE verhalen ALTER COLUMN project DROP NOT NULL;
ALTER TABLE signifiers ADD COLUMN meerkeuze BOOLEAN DEFAULT false;
ALTER TABLE imports ADD COLUMN fictief BOOLEAN DEFAULT false;
UPDATE imports SET fictief = coalesce((SELECT bool_and(v.fictief) FROM verhalen v WHERE v.import_id = imports.id),
                                      false);
-- The shipped demo framework, stored before its file named its key signifiers, gets the ones its file names
-- now (data/verhalen/kader_leiderdorp.json), so the demo's pages keep "positieve ervaring", the netwerklunch
-- slides, the comparison and the thema link. A gemeente's own older framework names none until it is
-- imported again: its pages say why a part is left out.
UPDATE kaders SET definitie = json_merge_patch(definitie, '{"sleutels": {"ervaring": "ervaring",
    "netwerklunch": ["ervaring", "richting"], "vergelijking": ["ondersteuning"], "thema": "opgave"}}')
WHERE id = 'leiderdorp-oet' AND json_extract(definitie, '$.sleutels') IS NULL;
