"""Samen: what staff and partners do together — story sets, interpretation sessions, the log, the netwerklunch.

What users make here is kept in the werkbestand (core.store.werk); stories are read through
core.vertellen, so consent applies.

May import: core.errors, core.dbtools, core.formatting, core.store, core.tellen, core.vertellen
"""
