-- Goal trees per gemeente (core/samen/doelbomen.py). Filled in by the goal tree editor.
SELECT 1;
