"""Rules that failed while linting: a RuleFailure is reported like an input error, and the
time-outs of one rule, from every worker, are gathered into one error per rule (Timeouts)."""
from __future__ import annotations

from ..core.listing import InputError
from ..engine import TimedOut


class RuleFailure(InputError):
    """A rule that failed on some input (reported like an input error: one line, exit 2), at
    the rule's own file and line. The run gathers the time-outs of one rule into one error."""

    def __init__(self, note: "TimedOut | str"):
        if isinstance(note, TimedOut):
            super().__init__(file=note.file, message=str(note).split(": error: ", 1)[1], line=note.line)
        else:
            super().__init__(file="", message=str(note))
        self.note = note if isinstance(note, TimedOut) else None

    def __str__(self) -> str:
        return InputError.__str__(self) if self.file else self.message


class Timeouts:
    """The time-outs of each rule in a run (from every worker), reported as one error per rule
    when the run ends: where it timed out, and whether it was switched off."""

    def __init__(self):
        self.notes: dict[str, list[TimedOut]] = {}

    def add(self, note: TimedOut) -> None:
        self.notes.setdefault(note.rule, []).append(note)

    def errors(self) -> list[RuleFailure]:
        out = []
        for rule, notes in self.notes.items():
            first = notes[0]
            places = "; ".join(n.where for n in notes[:3]) + (f"; and {len(notes) - 3} more" if len(notes) > 3 else "")
            if any(n.switched_off for n in notes):
                what = (f"rule '{rule}' timed out on {len(notes)} listing{'s' if len(notes) != 1 else ''} ({places}) "
                        f"and was switched off for the rest of the run after {first.limit} time-out"
                        f"{'s' if first.limit != 1 else ''}: its regex backtracks too much; fix the pattern or "
                        "remove the rule")
            else:
                what = (f"rule '{rule}' timed out on {len(notes)} listing{'s' if len(notes) != 1 else ''} ({places}): "
                        "its regex backtracks too much; those fields were not fully checked")
            failure = RuleFailure(first)
            failure.message = what
            out.append(failure)
        return out
