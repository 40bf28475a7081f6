-- Imported figures (core/ingest/statline.py, core/ingest/cbs_live.py). Filled in by the figures import.
SELECT 1;
