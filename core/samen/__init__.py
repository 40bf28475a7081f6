"""Samen: what staff and partners do together — story sets, interpretation sessions, the log, the netwerklunch.

Goal trees a gemeente makes (doelbomen) are kept in the eigen store (core.store.eigen). What users make here
is kept in the werkbestand (core.store.werk); stories are read through
core.vertellen, so consent applies.

May import: core.errors, core.dbtools, core.formatting, core.ingest, core.store, core.tellen, core.vertellen
(core.ingest: doelbomen checks a goal tree in the format the build reads, core.ingest.goals)
"""
