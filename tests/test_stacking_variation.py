"""Variation that real registrations produce (issue 11): name-order swaps, typos without a
date of birth, phone numbers that ``phonenumbers`` rejects."""

from __future__ import annotations

from signaalroute.matching.blocking import blocking_keys
from signaalroute.matching.compare import compare
from signaalroute.matching.fields import AGREE, DIFFERENT, DISAGREE, EXACT, MISSING, ONE_LETTER
from signaalroute.matching.normalise_identifiers import normalise_phone
from signaalroute.matching.records import PersonRecord


def test_a_name_order_swap_scores_as_the_same_name() -> None:
    written = PersonRecord(given_names="Andrei", surname="Popescu", date_of_birth="1990")
    swapped = PersonRecord(given_names="Popescu", surname="Andrei", date_of_birth="1990")
    vector = compare(written, swapped)
    assert (vector["given_names"], vector["surname"]) == (EXACT, EXACT)
    assert compare(swapped, written) == vector
    # with a prefix, and a typo on one side
    dutch = PersonRecord(given_names="Jan", surname_prefix="de", surname="Vries")
    crossed = PersonRecord(given_names="de Vries", surname="Jna")
    assert (compare(dutch, crossed)["given_names"], compare(dutch, crossed)["surname"]) == (
        ONE_LETTER,
        EXACT,
    )
    # two different people stay different
    other = PersonRecord(given_names="Popescu", surname="Ion")
    assert compare(written, other)["surname"] == DIFFERENT


def test_a_swap_is_not_a_contradiction_that_vetoes_a_shared_phone() -> None:
    from signaalroute.matching.scoring import score

    written = PersonRecord(given_names="Andrei", surname="Popescu", phones=("06-12345678",))
    swapped = PersonRecord(given_names="Popescu", surname="Andrei", phones=("0612345678",))
    assert score(written, swapped).tier == "certain"
    stranger = PersonRecord(given_names="Ion", surname="Ionescu", phones=("0612345678",))
    assert score(written, stranger).tier != "certain"


def test_blocking_survives_a_swap_and_a_surname_typo_without_a_date() -> None:
    written = blocking_keys(PersonRecord(given_names="Maria", surname="Dobre"))
    typo = blocking_keys(PersonRecord(given_names="Maria", surname="Dobe"))
    swapped = blocking_keys(PersonRecord(given_names="Dobre", surname="Maria"))
    assert written & typo
    assert written & swapped
    assert "name3:dob|mar" in written
    assert not written & blocking_keys(PersonRecord(given_names="Piet", surname="Dobre"))


def test_phones_that_phonenumbers_rejects_still_compare_on_their_digits() -> None:
    from signaalroute.matching.fields import DIGITS
    from signaalroute.matching.fields_identifiers import compare_phones, phone_digits

    assert normalise_phone("06-1234567").value is None  # one digit short: rejected
    assert phone_digits("+31 6 1234 5678") == phone_digits("0612345678") == "612345678"
    assert phone_digits("06-12ab") is None
    assert compare_phones(["+31 6 1234 5678"], ["0031-61234-5678"]) == AGREE
    assert compare_phones(["+44 612345678"], ["06-12345678"]) == DIGITS
    assert compare_phones(["06-87654321"], ["06 12345678"]) == DISAGREE
    assert compare_phones(["1234"], ["06-12345678"]) == MISSING
    a = PersonRecord(surname="Jansen", phones=("+44 612345678",))
    b = PersonRecord(surname="Jansen", phones=("06-12345678",))
    assert compare(a, b)["phone"] == DIGITS
    assert "phone-digits:612345678" in blocking_keys(a) & blocking_keys(b)
