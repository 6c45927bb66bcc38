"""The office's delivery rule in the few words a label has room for: who may receive the parcel
and the fee to collect. Nothing that tells what is inside (no document type)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from delivery.models import Office, ReceiverPolicy
from delivery.offices.words import rupiah

RECEIVERS = {
    ReceiverPolicy.HOLDER_ONLY: _l("Hand only to the holder"),
    ReceiverPolicy.HOUSEHOLD: _l("Hand to the holder or their household"),
    ReceiverPolicy.VILLAGE_OFFICE: _l("Hand to the holder, their household or the village office"),
}


def label_rule(office: Office) -> str:
    """E.g. 'Hand only to the holder or a representative with a signed letter · Collect
    Rp15.000 on delivery'."""
    receivers = str(RECEIVERS[office.receiver_policy])
    if office.representative_with_letter:
        receivers = _("%(receivers)s or a representative with a signed letter", receivers=receivers)
    parts = [receivers]
    if office.delivery_fee:
        parts.append(_("Collect %(fee)s on delivery", fee=rupiah(office.delivery_fee)))
    return " · ".join(parts)
