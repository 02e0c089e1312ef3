"""What a finding is, and its one fingerprint. Every reporter reads these fields and nothing else."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

# How sure a fix is, as in ruff: a safe fix writes the listing's own fact in place of the claim
# it contradicts; an unsafe one removes a claim, which may leave the sentence to be mended.
SAFE, UNSAFE = "safe", "unsafe"


@dataclass(slots=True)
class Edit:
    """One replacement: characters [offset, end_offset) of a field's value become `content`."""

    offset: int           # code points into the field's decoded string (HTML source for HTML)
    end_offset: int
    content: str          # the new text of the field's value (HTML source in an HTML field)
    line: int             # where the replaced text is in the file as written, as Finding's
    column: int
    end_line: int
    end_column: int
    raw: str              # `content` as written in the file (JSON or CSV escapes, HTML entities)

    def as_row(self) -> tuple:
        return (self.offset, self.end_offset, self.content, self.line, self.column, self.end_line,
                self.end_column, self.raw)


@dataclass(slots=True)
class Fix:
    applicability: str    # SAFE or UNSAFE
    message: str          # what the fix does, in the finding's language
    edits: list[Edit]

    def as_row(self) -> tuple:
        return (self.applicability, self.message, tuple(e.as_row() for e in self.edits))

    @classmethod
    def from_row(cls, row) -> "Fix | None":
        if row is None:
            return None
        applicability, message, edits = row
        return cls(applicability, message, [Edit(*e) for e in edits])

    def shifted(self, lines: int) -> "Fix":
        """The fix with its edits `lines` lines further down (a listing replayed elsewhere)."""
        return Fix(self.applicability, self.message, [
            Edit(e.offset, e.end_offset, e.content, e.line + lines, e.column, e.end_line + lines, e.end_column, e.raw)
            for e in self.edits])

    def to_dict(self) -> dict:
        return {"applicability": self.applicability, "message": self.message,
                "edits": [asdict(e) for e in self.edits]}


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
    # Code points into the field's decoded value (the HTML source of an HTML field), for tools
    # that hold the copy rather than the file (the serve page); None for catalog-level findings
    # made before positions were known.
    offset: int | None = None
    end_offset: int | None = None
    fix: Fix | None = None

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.listing, self.end_line, self.end_column)

    def as_row(self) -> tuple:
        """The fields as a plain tuple (field order), for compact spilling with marshal."""
        return (self.rule, self.category, self.severity, self.listing, self.field, self.file, self.line,
                self.column, self.end_line, self.end_column, self.text, self.message, self.suggestion,
                self.fact_field, self.fact_line, self.fact_column, self.offset, self.end_offset,
                None if self.fix is None else self.fix.as_row())

    @classmethod
    def from_row(cls, row: tuple) -> "Finding":
        finding = cls(*row)
        if finding.fix is not None and not isinstance(finding.fix, Fix):
            finding.fix = Fix.from_row(finding.fix)
        return finding

    def to_dict(self) -> dict:
        out = asdict(self)
        if self.fact_field is None:
            for key in ("fact_field", "fact_line", "fact_column"):
                out.pop(key)
        if self.offset is None:
            out.pop("offset")
            out.pop("end_offset")
        if self.fix is None:
            out.pop("fix")
        else:
            out["fix"] = self.fix.to_dict()
        return out


def fingerprint(finding: Finding) -> str:
    """Identity of a finding that survives edits elsewhere in the file: the rule, the listing,
    the kind of field (bullets, not bullets[3]) and the matched text. Baselines record it."""
    field_kind = finding.field.split("[", 1)[0] + ("." + finding.field.split(".", 1)[1] if "]." in finding.field else "")
    raw = "\x1f".join((finding.rule, finding.listing, field_kind, " ".join(finding.text.split())))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]
