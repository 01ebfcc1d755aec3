"""What a person at a terminal sees beyond the findings: honest standard streams (``stdio``),
the progress bar (``progress``), ``fix --interactive`` (``review``) and ``newslint show``
(``show``)."""
