"""The file system and git around a run: which files are read (``discovery``), what changed
since a revision (``gitdiff``), writing a fixed file back safely (``safe_write``) and the
per-user cache of compiled rulesets and results (``cache``)."""
