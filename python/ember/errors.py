"""The CLI's one error policy: bad input ends in one line on stderr,
`error: <problem>; <fix>`, and exit status 2 (`ember --debug ...` adds the
traceback). Commands raise UserError; ember.cli prints it."""

import argparse

EXIT_BAD_INPUT = 2


class UserError(Exception):
    """Bad input the user can fix. `detail` (a table, a tool's own output) is
    printed above the error line; the error line itself stays one line."""

    def __init__(self, problem: str, fix: str = "", detail: str = ""):
        super().__init__(problem)
        self.problem, self.fix, self.detail = problem, fix, detail

    def line(self) -> str:
        text = " ".join(self.problem.split())
        return f"{text}; {' '.join(self.fix.split())}" if self.fix else text


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports a bad argument the CLI's way (one line, exit 2)."""

    def error(self, message):
        raise UserError(f"{self.prog}: {message}", f"see `{self.prog} --help`")
