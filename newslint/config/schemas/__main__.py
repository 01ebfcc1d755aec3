"""``python -m newslint.config.schemas`` regenerates the shipped JSON Schemas from the code."""

from newslint.config.schemas import write_all

write_all()
