"""``python -m newslint.schemas`` regenerates the shipped JSON Schemas from the code."""

from newslint.schemas import write_all

write_all()
