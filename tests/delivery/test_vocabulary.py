"""One table of who may receive: the courier at the door and the resident online read the
same rule, the resident with what the receiver must bring."""

import pytest

from delivery.models import ReceiverPolicy
from delivery.resident.words import who_may_receive_with_id
from delivery.vocabulary import reason_label, relation_label, who_may_receive


@pytest.mark.parametrize("policy", list(ReceiverPolicy))
def test_the_resident_reads_the_rule_the_courier_reads(app, office, policy):
    office.receiver_policy = policy
    with app.test_request_context():
        rule = who_may_receive(policy)
        assert rule.endswith("boleh menerimanya.")
        assert who_may_receive_with_id(office) == (
            f"{rule} Penerima wajib menunjukkan kartu identitas."
        )


def test_values_without_words_read_as_they_are(app):
    with app.test_request_context():
        assert reason_label("not_at_home") == "Tidak ada orang di rumah"
        assert reason_label("made_up") == "made_up"
        assert reason_label(None) == relation_label(None) == ""
