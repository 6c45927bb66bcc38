from delivery.parcels.codes import (
    ALPHABET,
    is_valid_tracking_code,
    new_tracking_code,
    normalize_tracking_code,
)


def test_every_single_typo_is_caught():
    code = new_tracking_code()
    positions = [3, 4, 5, 6, 8, 9, 10, 11]
    typos = [code[:i] + c + code[i + 1 :] for i in positions for c in ALPHABET if c != code[i]]
    assert is_valid_tracking_code(code)
    assert not any(is_valid_tracking_code(typo) for typo in typos)


def test_codes_avoid_look_alike_characters():
    codes = {new_tracking_code() for _ in range(500)}
    assert len(codes) == 500
    assert not any(set(code[3:]) & set("01ILOU") for code in codes)


def test_codes_are_read_as_people_type_them():
    code = new_tracking_code()
    typed = code.lower().replace("-", " ")
    assert normalize_tracking_code(typed) == code
    assert normalize_tracking_code(code[3:].replace("-", "")) == code
