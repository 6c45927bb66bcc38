"""The words of an office's delivery rule: the admin's choices and a summary anyone can read."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from delivery.models import Office, ReceiverPolicy, VerificationMethod

POLICY_CHOICES = {
    ReceiverPolicy.HOLDER_ONLY: _l("The document holder only"),
    ReceiverPolicy.HOUSEHOLD: _l("The holder or a member of the same household"),
    ReceiverPolicy.VILLAGE_OFFICE: _l("The holder, a household member or the village office"),
}
VERIFICATION_CHOICES = {
    VerificationMethod.ONE_TIME_CODE: _l("A one-time code sent to the resident's phone"),
    VerificationMethod.NIK_LAST_DIGITS: _l("The last 4 digits of a holder's NIK, read off an ID"),
}


def rupiah(amount: int) -> str:
    """Write an amount the Indonesian way: Rp15.000."""
    return "Rp" + f"{amount:,}".replace(",", ".")


def rule_summary(office: Office) -> list[str]:
    """The office's delivery rule, one sentence per part."""
    return [
        _("Who may receive: %(who)s.", who=str(POLICY_CHOICES[office.receiver_policy]).lower()),
        _("A representative with a signed letter may receive it too.")
        if office.representative_with_letter
        else _("No representative with a letter."),
        _(
            "The courier checks: %(how)s.",
            how=str(VERIFICATION_CHOICES[office.verification_method]).lower(),
        ),
        ngettext(
            "Returned after %(num)d failed attempt.",
            "Returned after %(num)d failed attempts.",
            office.attempts_before_return,
        ),
        ngettext(
            "A returned parcel waits %(num)d day at the counter.",
            "A returned parcel waits %(num)d days at the counter.",
            office.counter_hold_days,
        ),
        ngettext(
            "Delivered within %(num)d day of dispatch.",
            "Delivered within %(num)d days of dispatch.",
            office.service_level_days,
        ),
        _("Delivery fee collected at the door: %(fee)s.", fee=rupiah(office.delivery_fee))
        if office.delivery_fee
        else _("No delivery fee."),
        _("The old ID card is handed back at the door.")
        if office.takes_back_old_card
        else _("The old ID card is not taken back."),
    ]


PROFILE_LABELS = {
    "name": _l("Office name"),
    "address": _l("Street address of the counter"),
    "village": _l("Village (desa/kelurahan)"),
    "district": _l("District (kecamatan)"),
    "regency": _l("Regency or city"),
    "province": _l("Province"),
    "postal_code": _l("Postal code"),
    "phone": _l("Counter phone (printed on labels)"),
    "opening_hours": _l("Counter hours"),
}
RULE_LABELS = {
    "receiver_policy": _l("Who may receive"),
    "representative_with_letter": _l(
        "A representative with a signed letter may also receive (the courier records their "
        "name and a photo of the letter)"
    ),
    "verification_method": _l("How the courier checks the receiver"),
    "attempts_before_return": _l("Failed attempts before the parcel returns"),
    "counter_hold_days": _l("Days a returned parcel waits at the counter"),
    "service_level_days": _l("Service level: days from dispatch to delivery"),
    "delivery_fee": _l("Delivery fee collected at the door, in rupiah (0: none)"),
    "takes_back_old_card": _l(
        "The old ID card must be handed back at the door (the courier ticks it)"
    ),
}


def office_field_label(field: str) -> str:
    """The words for a field of the office's profile or rule."""
    return str(PROFILE_LABELS.get(field) or RULE_LABELS.get(field) or field)
