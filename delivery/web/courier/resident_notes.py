"""What the resident asked, shown at the door: the village office, a representative, a day."""

from delivery.models import Parcel
from delivery.resident.help_words import doorstep_notes
from delivery.resident.requests import current_choices
from delivery.web.courier import blueprint


def resident_notes(parcel: Parcel) -> list[str]:
    return doorstep_notes(parcel, current_choices(parcel.id))


@blueprint.context_processor
def resident_note_helpers() -> dict:
    return {"resident_notes": resident_notes}
