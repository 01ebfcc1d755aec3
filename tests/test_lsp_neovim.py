"""A real editor: Debian's Neovim, headless, with its built-in LSP client, opens the seed
article, starts `newslint lsp` and reads the diagnostics back; they must be `check`'s, at the
same places (Neovim turns LSP's UTF-16 positions into byte columns of its buffer)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from helpers import FIXTURES

pytestmark = pytest.mark.slow

# Neovim 0.7 (Debian 12) has no vim.lsp.start yet: start_client and buf_attach_client.
SMOKE = """
local client = vim.lsp.start_client({
  name = "newslint",
  cmd = vim.fn.json_decode(vim.env.NEWSLINT_LSP_CMD),
  root_dir = vim.fn.getcwd(),
})
vim.lsp.buf_attach_client(0, client)
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local found = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  table.insert(found, {d.lnum, d.col, d.end_lnum, d.end_col, d.severity, d.code or lsp.code,
                       d.message, d.source})
end
vim.fn.writefile({vim.fn.json_encode(found)}, vim.env.NEWSLINT_NVIM_OUT)
vim.lsp.stop_client(client)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client) == nil end, 50)
vim.cmd("qall!")
"""


def test_neovim_shows_the_diagnostics_of_check(tmp_path):
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("nvim is not installed: .ci/run installs Debian's neovim with apt-get, "
                    "which could not reach its package archive")
    article = tmp_path / "seed-article.txt"
    article.write_bytes((FIXTURES / "articles" / "seed-article.txt").read_bytes())
    script = tmp_path / "smoke.lua"
    script.write_text(SMOKE, encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    env = {**os.environ, "NEWSLINT_NVIM_OUT": str(out),
           "NEWSLINT_LSP_CMD": json.dumps([sys.executable, "-m", "newslint", "lsp"])}
    subprocess.run([nvim, "--headless", "--clean", "-c", f"luafile {script}", str(article)],
                   cwd=tmp_path, env=env, timeout=120, check=True, stdin=subprocess.DEVNULL,
                   capture_output=True)
    shown = json.loads(out.read_text(encoding="utf-8"))

    checked = subprocess.run([sys.executable, "-m", "newslint", "check", "--format", "json",
                              str(article)], capture_output=True, text=True, check=False)
    lines = article.read_text(encoding="utf-8").split("\n")

    def byte_column(line: int, column: int) -> int:  # Neovim's columns: bytes, 0-based
        return len(lines[line - 1][:column - 1].encode("utf-8"))

    severities = {"error": 1, "warning": 2, "suggestion": 3}
    expected = [[f["line"] - 1, byte_column(f["line"], f["column"]), f["end_line"] - 1,
                 byte_column(f["end_line"], f["end_column"]), severities[f["severity"]],
                 f["rule"], f["message"], "newslint"] for f in json.loads(checked.stdout)]
    assert expected  # the seed article has findings: an empty list would prove nothing
    assert sorted(shown, key=str) == sorted(expected, key=str)
