"""``newslint lsp``: a Language Server Protocol server over standard input and output.

Imported only by that command (pygls and lsprotocol are the ``lsp`` extra): ``check`` never
loads any of it. ``server`` wires the protocol (pygls), ``convert`` turns offsets, findings and
edits into LSP's terms, ``actions`` works out code actions and hover, ``house_names`` the
files the "Add NAME to the house names" action writes.
"""
