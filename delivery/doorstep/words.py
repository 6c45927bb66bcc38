"""Words a courier reads at the door: how to check the receiver, and what the phone says."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from delivery.doorstep.rule import takes_back_old_card
from delivery.models import Office, Parcel, ParcelStatus, VerificationMethod
from delivery.offices.words import rupiah
from delivery.vocabulary import words_for

HOW_TO_VERIFY = {
    VerificationMethod.ONE_TIME_CODE: _l(
        "Ask for the 6-digit one-time code that was sent to the resident's phone."
    ),
    VerificationMethod.NIK_LAST_DIGITS: _l(
        "Ask for an ID card and type the last 4 digits of the holder's NIK."
    ),
}
CODE_LABELS = {
    VerificationMethod.ONE_TIME_CODE: _l("One-time code (6 digits)"),
    VerificationMethod.NIK_LAST_DIGITS: _l("Last 4 digits of the holder's NIK"),
}

VERIFIED_BY_LABELS = {
    VerificationMethod.ONE_TIME_CODE.value: _l("one-time code"),
    VerificationMethod.NIK_LAST_DIGITS.value: _l("last 4 digits of the NIK"),
    "id_at_counter": _l("ID shown at the counter"),
}


def verification_label(verified_by: str | None) -> str:
    """Return the words for how a receiver was checked."""
    return words_for(VERIFIED_BY_LABELS, verified_by)


def how_to_verify(office: Office) -> str:
    return str(HOW_TO_VERIFY[office.verification_method])


def code_label(office: Office) -> str:
    return str(CODE_LABELS[office.verification_method])


def rule_extras(parcel: Parcel) -> list[str]:
    """What else the office's rule asks at this door: a letter, a fee, the old ID card."""
    office = parcel.office
    extras = []
    if office.representative_with_letter:
        extras.append(
            _(
                "A representative may receive it with a letter signed by the holder: record "
                "their name and take a photo of the letter."
            )
        )
    if office.delivery_fee:
        extras.append(
            _(
                "Collect the delivery fee of %(fee)s and record the amount received.",
                fee=rupiah(office.delivery_fee),
            )
        )
    if takes_back_old_card(parcel):
        extras.append(_("Take back the holder's old ID card before handing over the new one."))
    return extras


def courier_script_words() -> dict[str, str]:
    """The sentences the courier pages' scripts show, in the courier's language."""
    return {
        "waiting": _("Saved on this phone, waiting to be sent: %(count)s", count="{count}"),
        "sending": _("Sending the records saved on this phone…"),
        "signedOut": _("Sign in again to send the records saved on this phone."),
        "savedOffline": _(
            "No signal: saved on this phone. It will be sent when the signal returns."
        ),
        "refused": _("Not accepted"),
        "dismiss": _("Dismiss"),
        "openParcel": _("Open the parcel"),
        "nameMissing": _("Give the receiver's name."),
        "relationMissing": _("Choose who receives the parcel."),
        "codeMissing": _("Type the code."),
        "photoMissing": _("Take a photo of the handover."),
        "photoUnreadable": _("This file is not a readable image."),
        "signatureMissing": _("Ask the receiver to sign on the screen."),
        "reasonMissing": _("Choose why the parcel could not be delivered."),
        "gpsWaiting": _("Getting the GPS position…"),
        "gpsFound": _("GPS position found (within %(meters)s m).", meters="{meters}"),
        "gpsMissing": _("No GPS position. You can still record."),
        "cameraStarting": _("Point the camera at the QR code on the label."),
        "cameraMissing": _("The camera is not available. Type the tracking code instead."),
        "scanOffline": _("No signal: the label cannot be read here. Type the tracking code."),
        "notOnPhone": _("This parcel is not saved on this phone."),
        "takeLater": _("Take onto my round when the signal returns"),
        "letterMissing": _("Take a photo of the representative's signed letter."),
        "feeMissing": _("Type the amount received, in rupiah (0 if nothing was paid)."),
        "oldCardMissing": _(
            "Take back the old ID card before handing over the new one, and tick it."
        ),
        "takeQueued": _(
            "Saved: %(code)s goes onto your round when the signal returns.", code="{code}"
        ),
    }


def taken_sentence(tracking_code: str, taken: bool) -> str:
    """Tell the courier that a parcel went onto their round, or was on it already."""
    if taken:
        return _("%(code)s is on your round now.", code=tracking_code)
    return _("%(code)s was already on your round.", code=tracking_code)


def visit_sentence(parcel: Parcel, delivered: bool, repeated: bool) -> str:
    """Tell the courier what became of a visit they recorded, and where the parcel goes now."""
    code = parcel.tracking_code
    if repeated:
        return _("%(code)s: this record had already arrived.", code=code)
    if delivered:
        sentence = _("Delivery of %(code)s recorded.", code=code)
    else:
        sentence = _("Failed attempt at %(code)s recorded.", code=code)
    if parcel.status == ParcelStatus.RETURNING:
        return " ".join([sentence, _("The parcel goes back to the office.")])
    return sentence
