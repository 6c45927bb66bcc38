"""The words of the privacy pages: where personal data was seen, and what the privacy work did."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from delivery.models import PersonalDataPlace

PLACE_LABELS = {
    PersonalDataPlace.DOORSTEP_PAGE: _l("Courier's doorstep page"),
    PersonalDataPlace.STAFF_PARCEL_PAGE: _l("Staff parcel page"),
    PersonalDataPlace.PROOF_PHOTO: _l("Proof photo"),
    PersonalDataPlace.SIGNATURE: _l("Signature"),
    PersonalDataPlace.REPRESENTATIVE_LETTER: _l("Representative's letter"),
}
ACTION_LABELS = {
    "personal_data.erased": _l("Personal data erased"),
    "personal_data.exported": _l("Personal data exported"),
    "personal_data.restricted": _l("Processing restricted"),
    "personal_data.restriction_lifted": _l("Restriction lifted"),
    "office.retention": _l("Retention period changed"),
}


def place_label(place: PersonalDataPlace) -> str:
    return str(PLACE_LABELS[place])


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def erased_words(after: dict | None) -> str:
    """Say what an audit entry of the privacy work concerned, in counts and codes."""
    after = after or {}
    parts = []
    erased = after.get("erased") or {}
    counted = [
        ("documents", lambda n: ngettext("%(num)d document", "%(num)d documents", n)),
        ("proof_photos", lambda n: ngettext("%(num)d proof photo", "%(num)d proof photos", n)),
        ("signatures", lambda n: ngettext("%(num)d signature", "%(num)d signatures", n)),
        (
            "representative_letters",
            lambda n: ngettext(
                "%(num)d representative's letter", "%(num)d representatives' letters", n
            ),
        ),
        ("phone_numbers", lambda n: ngettext("%(num)d phone number", "%(num)d phone numbers", n)),
    ]
    parts += [words(erased[kind]) for kind, words in counted if erased.get(kind)]
    if after.get("reason") == "retention":
        parts.append(_("after %(days)d days", days=after.get("retention_days", 0)))
    if "days" in after:
        parts.append(_("%(days)d days", days=after["days"]))
    if after.get("parcels"):
        parts.append(", ".join(after["parcels"]))
    if not erased and after.get("documents"):
        parts.append(ngettext("%(num)d document", "%(num)d documents", len(after["documents"])))
    return "; ".join(parts) or _("nothing held")
