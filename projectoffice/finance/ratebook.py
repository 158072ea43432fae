"""Which hourly rate applies to a person on a day: their own rate, else their role's (job title) at their
site, else the site's default — each with its effective dates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from projectoffice.finance.models import CostRate


@dataclass(frozen=True, slots=True)
class Rate:
    hourly: Decimal
    currency: str
    valid_from: dt.date
    valid_to: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class RateBook:
    """The rates of some sites, loaded once, answering ``rate_for`` without further queries."""

    def __init__(self, rates: Iterable[CostRate]) -> None:
        self.by_person: dict[int, list[Rate]] = defaultdict(list)
        self.by_role: dict[tuple[int, str], list[Rate]] = defaultdict(list)
        for r in rates:
            rate = Rate(r.hourly_rate, r.currency, r.valid_from, r.valid_to)
            if r.person_id:
                self.by_person[r.person_id].append(rate)
            else:
                self.by_role[(r.site_id, r.role.strip().lower())].append(rate)

    @classmethod
    def for_sites(cls, site_ids: Iterable[int]) -> RateBook:
        return cls(CostRate.objects.filter(site_id__in=list(site_ids)))

    def rate_for(self, *, person_id: int, site_id: int, job_title: str, day: dt.date) -> Rate | None:
        for candidates in (
            self.by_person.get(person_id, ()),
            self.by_role.get((site_id, job_title.strip().lower()), ()),
            self.by_role.get((site_id, ""), ()),
        ):
            for rate in candidates:
                if rate.covers(day):
                    return rate
        return None
