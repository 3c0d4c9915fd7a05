"""Typed records: one dataclass per registry file.

The registries are validated against their JSON Schemas before a record is built, so the
constructors here can trust the field names and types. Each record keeps the line of the YAML
file it came from, so that later checks (references, dates) can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LEVELS = ("required", "recommended", "informational")


def date_sort_key(text: str | None, *, end: bool = False) -> tuple[int, int, int]:
    """Turn ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into a sortable (year, month, day).

    A partial date sorts at the start of its period, or at its end with ``end=True``, so that a
    phase ending "2022" is still running in December 2022.
    """
    if not text:
        return (9999, 12, 31)
    parts = [int(p) for p in str(text).split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (12 if end else 1)
    day = parts[2] if len(parts) > 2 else (31 if end else 1)
    return (year, month, day)


def parse_date(text: str) -> date:
    """The first day a partial date can mean; raises ``ValueError`` for an impossible date."""
    year, month, day = date_sort_key(text)
    return date(year, month, day)


@dataclass(slots=True)
class Record:
    """What every record shares: an id and the YAML line it was defined on.

    The line is where to point an error, not a fact of the record: records that differ only in it
    are equal and print alike (a page showing a record is not read again when lines above it move).
    """

    id: str
    line: int = field(default=0, compare=False, repr=False)


@dataclass(slots=True)
class WorkingGroup(Record):
    """A 1+MG Working Group: its scope, its status when the sources give one, its years."""

    name: str = ""
    scope: str = ""
    status: str | None = None  # "active", "closed", or None when the sources do not say
    start: int | None = None
    end: int | None = None
    short_name: str | None = None
    summary: str | None = None
    focus: str | None = None  # shown on the card of a group with no guideline of its own
    projects: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """Id and name, "WG4: Good sequencing practice": how cards, links and the group's page name it."""
        return f"{self.id}: {self.name}"

    @property
    def period(self) -> str:
        """The years as text: "2018–2023", "since 2018", "until 2023" or nothing."""
        if self.start and self.end:
            return f"{self.start}–{self.end}"
        if self.start:
            return f"since {self.start}"
        if self.end:
            return f"until {self.end}"
        return ""


@dataclass(slots=True)
class Milestone:
    """A dated event of a phase, with a link to read about it."""

    date: str
    title: str
    url: str | None = None


@dataclass(slots=True)
class Phase(Record):
    """A phase of the initiative, with its projects and milestones (in date order)."""

    name: str = ""
    short_name: str | None = None
    start: str = ""
    end: str | None = None
    summary: str | None = None
    projects: list[str] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Milestones as records, in date order."""
        self.milestones = [m if isinstance(m, Milestone) else Milestone(**m) for m in self.milestones]
        self.milestones.sort(key=lambda m: date_sort_key(m.date))

    @property
    def ongoing(self) -> bool:
        """A phase without an end is under way."""
        return self.end is None


@dataclass(slots=True)
class Project(Record):
    """An EU-funded project that supports the initiative."""

    name: str = ""
    programme: str | None = None
    grant: str | None = None
    start: str | None = None
    end: str | None = None
    website: str | None = None
    summary: str | None = None


@dataclass(slots=True)
class Domain(Record):
    """A foundation of the Framework, the domain a guideline belongs to."""

    name: str = ""
    summary: str | None = None


@dataclass(slots=True)
class Topic(Record):
    """A subject within a domain (data discovery, rare diseases...)."""

    name: str = ""
    domain: str | None = None
    summary: str | None = None


@dataclass(slots=True)
class Guideline(Record):
    """A guideline, standard, deliverable or resource of the Framework, with its level."""

    title: str = ""
    level: str | None = None
    working_groups: list[str] = field(default_factory=list)
    phase: str | None = None
    domain: str | None = None
    project: str | None = None
    publisher: str | None = None
    year: int | None = None
    url: str | None = None
    doi: str | None = None
    summary: str | None = None
    topics: list[str] = field(default_factory=list)
    kind: str | None = None
    deliverable: str | None = None
    countries: list[str] = field(default_factory=list)

    @property
    def link(self) -> str | None:
        """Where the document itself can be read: its URL, or else its DOI."""
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return None


@dataclass(slots=True)
class Resource:
    """A national resource of a country: a plan, a training, a technical implementation..."""

    title: str
    url: str
    category: str | None = None
    year: int | None = None
    language: str | None = None


@dataclass(slots=True)
class Country(Record):
    """A country of the initiative: whether and when it signed, what it takes part in, its resources."""

    name: str = ""
    native_name: str = ""
    declaration_signed: str | None = None
    summary: str | None = None
    resources: list[Resource] = field(default_factory=list)
    #: "signed" or "not-signed"; None with no date means the registry does not say.
    declaration: str | None = None
    gdi: str | None = None
    genome_of_europe: str | None = None
    national_initiative: str | None = None
    national_initiative_url: str | None = None

    @property
    def signed(self) -> bool | None:
        """True, False, or None when the registry does not say (a date alone means signed)."""
        if self.declaration == "not-signed":
            return False
        if self.declaration == "signed" or self.declaration_signed:
            return True
        return None

    def __post_init__(self) -> None:
        self.resources = [r if isinstance(r, Resource) else Resource(**r) for r in self.resources]


@dataclass(slots=True)
class MaturityDomain(Record):
    """A domain of the Maturity Level Model, with its subdomains and number of indicators."""

    name: str = ""
    summary: str | None = None
    subdomains: list[str] = field(default_factory=list)
    indicators: int | None = None


@dataclass(slots=True)
class GlossaryTerm(Record):
    """A term of the glossary, with its definition, other forms and related terms."""

    term: str = ""
    definition: str = ""
    aliases: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MaturityLevel(Record):
    """A level of the Maturity Level Model."""

    name: str = ""
    summary: str = ""
