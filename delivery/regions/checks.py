"""Checking an address against the official region list, and a population number's region.

An address must lie in the office's regency: its district in the regency, its village in
that district. A wrong name is refused on its field with the closest real names; a postal
code of another village of the regency is only flagged (the ministry's and the postal
service's lists do not always agree), one from outside the regency is refused.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from delivery.intake.fields import FieldError
from delivery.models import Office
from delivery.regions.dataset import Regency, Region, find_regency, regency
from delivery.regions.names import name_keys, suggestions


@dataclass
class AddressCheck:
    """The address in the list's own spelling with its village code, or what is wrong."""

    values: dict[str, str] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)


def office_regency(office: Office) -> Regency | None:
    """The regency an office serves, found by the names it was set up with."""
    code = find_regency(office.province, office.regency)
    return regency(code) if code else None


def check_address(values: dict, serving: Regency | None, row: int | None = None) -> AddressCheck:
    """Check province, regency, district, village and postal code of clean intake values."""
    check = AddressCheck()
    if serving is None:
        message = _(
            "The office's regency is not in the official region list; ask an administrator."
        )
        check.errors.append(FieldError("regency", message, row))
        return check
    check.errors += check_regency_names(values, serving, row)
    district = serving.districts.find(values["district"])
    if district is None:
        check.errors.append(unknown_district(values, serving, row))
        return check
    village = serving.villages[district.code].find(values["village"])
    if village is None:
        check.errors.append(unknown_village(values, serving, district, row))
        return check
    check_postal_code(check, values["postal_code"], serving, village, row)
    if not check.errors:
        check.values = {
            "village": village.name,
            "district": district.name,
            "regency": serving.name,
            "province": serving.province.name,
            "region_code": village.code,
        }
    return check


def check_regency_names(values: dict, serving: Regency, row: int | None) -> list[FieldError]:
    """Refuse a province or regency other than the office's."""
    errors = []
    for name, official in (("province", serving.province.name), ("regency", serving.name)):
        if not same_name(values[name], official):
            message = _("This office delivers only in %(region)s.", region=official)
            errors.append(FieldError(name, message, row, (official,)))
    return errors


def same_name(typed: str, official: str) -> bool:
    return not set(name_keys(typed)).isdisjoint(name_keys(official))


def unknown_district(values: dict, serving: Regency, row: int | None) -> FieldError:
    """Refuse a district the regency lacks, offering near names and the village's district."""
    offered = suggestions(values["district"], serving.districts.names())
    home = serving.village_anywhere.find(values["village"])
    if home is not None:
        holding = serving.district(home.parent_code)
        offered = [holding.name] + [name for name in offered if name != holding.name]
    message = _(
        "“%(district)s” is not a district of %(regency)s.",
        district=values["district"],
        regency=serving.name,
    )
    return FieldError("district", message, row, tuple(offered))


def unknown_village(values: dict, serving: Regency, district: Region, row: int | None):
    """Refuse a village that is not in its district, saying where it is if it is elsewhere."""
    offered = tuple(suggestions(values["village"], serving.villages[district.code].names()))
    elsewhere = serving.village_anywhere.find(values["village"])
    if elsewhere is not None:
        message = _(
            "“%(village)s” is in %(other)s district, not in %(district)s.",
            village=elsewhere.name,
            other=serving.district(elsewhere.parent_code).name,
            district=district.name,
        )
    else:
        message = _(
            "“%(village)s” is not a village of %(district)s district.",
            village=values["village"],
            district=district.name,
        )
    return FieldError("village", message, row, offered)


def check_postal_code(
    check: AddressCheck, postal_code: str, serving: Regency, village: Region, row: int | None
) -> None:
    """Refuse a postal code from outside the regency; flag another village's for review."""
    official = (village.postal_code,) if village.postal_code else ()
    if postal_code not in serving.postal_codes:
        message = _(
            "%(code)s is not a postal code of %(regency)s.", code=postal_code, regency=serving.name
        )
        check.errors.append(FieldError("postal_code", message, row, official))
    elif official and postal_code != village.postal_code:
        check.warnings.append(postal_code_warning(postal_code, village, row))


def postal_code_warning(postal_code: str, village: Region, row: int | None) -> FieldError:
    message = _(
        "%(village)s has postal code %(official)s in the region list, not %(code)s; "
        "staff will review it before dispatch.",
        village=village.name,
        official=village.postal_code,
        code=postal_code,
    )
    return FieldError("postal_code", message, row, (village.postal_code,))
