"""Stage 4: what a finding is. Every reporter reads these fields and nothing else."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(slots=True)
class Finding:
    rule: str
    category: str
    severity: str
    listing: str
    field: str            # the copy field, e.g. "bullets[1]" or "promotions[0].text"
    file: str
    line: int             # 1-based line of the first character, in the file as written
    column: int           # 1-based column, counting Unicode code points
    end_line: int
    end_column: int       # exclusive: the column just past the last character
    text: str             # the matched copy as written (after JSON escapes and HTML)
    message: str
    suggestion: str = ""
    fact_field: str | None = None    # for claims: the fact the copy contradicts
    fact_line: int | None = None
    fact_column: int | None = None

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.listing, self.end_line, self.end_column)

    def as_row(self) -> tuple:
        """The fields as a plain tuple (field order), for compact spilling with marshal."""
        return (self.rule, self.category, self.severity, self.listing, self.field, self.file, self.line,
                self.column, self.end_line, self.end_column, self.text, self.message, self.suggestion,
                self.fact_field, self.fact_line, self.fact_column)

    @classmethod
    def from_row(cls, row: tuple) -> "Finding":
        return cls(*row)

    def to_dict(self) -> dict:
        out = asdict(self)
        if self.fact_field is None:
            for key in ("fact_field", "fact_line", "fact_column"):
                out.pop(key)
        return out

