"""The one-time code is kept as a hash keyed by the app's secret: the database alone cannot
check a guess, a code opens only its own parcel, and a code hashed the older way still works."""

from flask import current_app
from werkzeug.security import generate_password_hash

from delivery.core.extensions import db
from delivery.doorstep.verification import new_one_time_code, one_time_code_matches


def test_a_code_hashed_before_the_keyed_hash_still_opens_the_door(phone, household_parcel):
    parcel = household_parcel()
    parcel.one_time_code_hash = generate_password_hash("654321")
    db.session.commit()
    assert phone.deliver(parcel, "123456").status_code == 422
    assert phone.deliver(parcel, "654321").status_code == 201


def test_the_stored_hash_checks_no_guess_without_the_secret_key(household_parcel):
    parcel = household_parcel()
    code = new_one_time_code(parcel)
    assert code not in parcel.one_time_code_hash
    assert one_time_code_matches(parcel, code)
    secret = current_app.config["SECRET_KEY"]
    current_app.config["SECRET_KEY"] = "a key copied from nowhere"
    try:
        assert not one_time_code_matches(parcel, code)
    finally:
        current_app.config["SECRET_KEY"] = secret


def test_a_code_opens_only_the_parcel_it_was_sent_for(phone, household_parcel):
    first, second = household_parcel(), household_parcel()
    code = new_one_time_code(first)
    second.one_time_code_hash = first.one_time_code_hash
    db.session.commit()
    assert phone.deliver(second, code).status_code == 422
    assert phone.deliver(first, code).status_code == 201
