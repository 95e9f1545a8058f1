"""Generated, noisy Dutch-style records with known true matches: for estimating the scoring
parameters and for the benchmark. Fictional through and through (invented combinations of common
names, 06-numbers in the 0612… range, postcodes of the demo region, ``.invalid`` mail domains).

Each entity gets one clean record and 0-3 noisy copies: typos, swapped day and month, a birth
year instead of a date, surname prefixes written differently ("v.d."), given name reduced to an
initial, name order swapped into the alias, a transliterated or diacritic-less spelling, missing
fields, a different phone format, an address written with or without space and a house-number
addition. That is the kind of variation two front-desk clerks produce for one person.

One person in five shows an identity document, which a copy may leave out. Persons are often
given an address where they live or were seen: their own, or one of a pool
of shared addresses that several *different* persons give (a household, a house of labour
migrants), so that an agreeing address is evidence of the right, modest strength. A copy may
leave the address out or give another one (the person moved).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import replace

from .records import AddressRecord, IdDocument, OrganisationRecord, PersonRecord, Record

GIVEN = [
    "Jan",
    "Piet",
    "Kees",
    "Anna",
    "Maria",
    "Sanne",
    "Fleur",
    "Emma",
    "Daan",
    "Lucas",
    "Sem",
    "Noah",
    "Mila",
    "Julia",
    "Tess",
    "Ilse",
    "Ruben",
    "Bram",
    "Joost",
    "Ahmed",
    "Mohamed",
    "Fatima",
    "Yasmina",
    "Oksana",
    "Irina",
    "Natalia",
    "Andrei",
    "Bogdan",
    "Mihai",
    "Elena",
    "Ioana",
    "Tomasz",
    "Agnieszka",
    "Katarzyna",
    "Kwame",
    "Ama",
    "Ngozi",
    "Chen",
    "Wei",
    "Thi",
    "Linh",
    "Youssef",
    "Karim",
    "Samira",
]
SURNAMES = (
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("van der", "Meer"),
    ("", "Koster"),
    ("", "Yilmaz"),
    ("", "Kaya"),
    ("", "El Amrani"),
    ("", "Bouzid"),
    ("", "Nowak"),
    ("", "Kowalski"),
    ("", "Popescu"),
    ("", "Ionescu"),
    ("", "Kovalenko"),
    ("", "Shevchenko"),
    ("", "Mensah"),
    ("", "Okafor"),
    ("", "Nguyen"),
    ("", "Müller"),
    ("", "Şahin"),
    ("", "Öztürk"),
    ("ter", "Horst"),
    ("van 't", "Hof"),
)
STREETS = ("Dorpsstraat", "Kerkstraat", "Stationsweg", "Molenweg", "Schoolstraat", "Julianalaan")
PLACES = ("Soest", "Soesterberg", "Zeist", "Montfoort", "Amersfoort", "Utrecht")
SECTORS = ("horeca", "agrarisch", "logistiek", "schoonmaak", "bouw", "nagelstudio")
TRADE_WORDS = ("Bloem", "Snel", "Groen", "Noord", "Zon", "Eik", "Polder", "Stad", "Kade")


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    action = rng.randrange(3)
    if action == 0:  # swap two letters
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if action == 1:  # drop one
        return text[:i] + text[i + 1 :]
    return text[:i] + rng.choice("aeiouknrst") + text[i + 1 :]  # replace one


def _date_typo(rng: random.Random, born: dt.date) -> dt.date | str:
    """A date of birth with one digit mistyped or two adjacent digits transposed (in
    day-month-year order, as written here); an impossible result stays as written, as it
    would on a form."""
    digits = list(born.strftime("%d%m%Y"))
    i = rng.randrange(len(digits) - 1)
    if rng.random() < 0.5:
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
    else:
        digits[i] = rng.choice([d for d in "0123456789" if d != digits[i]])
    text = "".join(digits)
    try:
        return dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return f"{text[:2]}-{text[2:4]}-{text[4:]}"


def _phone(rng: random.Random) -> str:
    return "06" + "".join(rng.choice("0123456789") for _ in range(8))


def _phone_variant(rng: random.Random, phone: str) -> str:
    rest = phone[2:]
    return rng.choice(
        (phone, f"06-{rest}", f"+31 6 {rest[:4]} {rest[4:]}", f"0031{phone[1:]}", f"06 {rest}")
    )


def _postcode(rng: random.Random) -> str:
    return f"{rng.randrange(3700, 3800)}{rng.choice('ABCDEGHJKLMNPRST')}{rng.choice('ABEGKLMNRST')}"


def _postcode_variant(rng: random.Random, postcode: str) -> str:
    return rng.choice((postcode, f"{postcode[:4]} {postcode[4:]}", postcode.lower(), postcode[:4]))


def _document(rng: random.Random) -> IdDocument:
    letters = "".join(rng.choice("BCDFGHJKLNPRSTVWXZ") for _ in range(2))
    number = "".join(rng.choice("0123456789BCDFGHJKLNPRSTVWXZ") for _ in range(7))
    return IdDocument(kind="paspoort", number=letters + number)


def _person_addresses(rng: random.Random, shared: list[AddressRecord]) -> tuple[AddressRecord, ...]:
    roll = rng.random()
    if roll < 0.25 and shared:
        return (rng.choice(shared),)
    if roll < 0.55:
        return (address(rng),)
    return ()


def person(
    rng: random.Random, today: dt.date, shared: list[AddressRecord] | None = None
) -> PersonRecord:
    prefix, surname = rng.choice(SURNAMES)
    born = today - dt.timedelta(days=rng.randrange(16 * 365, 60 * 365))
    given = rng.choice(GIVEN)
    return PersonRecord(
        given_names=given,
        surname_prefix=prefix,
        surname=surname,
        date_of_birth=born,
        gender=rng.choice(("v", "m")),
        phones=(_phone(rng),) if rng.random() < 0.5 else (),
        emails=(f"{given.lower()}{rng.randrange(100)}@mail.invalid",) if rng.random() < 0.3 else (),
        addresses=_person_addresses(rng, shared or []),
        id_documents=(_document(rng),) if rng.random() < 0.2 else (),
    )


def person_variant(rng: random.Random, clean: PersonRecord, today: dt.date) -> PersonRecord:
    record = clean
    born = clean.date_of_birth
    assert isinstance(born, dt.date)
    changes = rng.sample(range(12), k=rng.randrange(1, 4))
    for change in changes:
        if change == 0:
            record = replace(record, surname=_typo(rng, record.surname))
        elif change == 1 and born.day <= 12:
            record = replace(record, date_of_birth=dt.date(born.year, born.day, born.month))
        elif change == 2:
            record = replace(record, date_of_birth=str(born.year))
        elif change == 3 and record.surname_prefix:
            short = "".join(word[0] for word in record.surname_prefix.split())
            record = replace(record, surname_prefix=".".join(short) + ".")
        elif change == 4:
            record = replace(record, given_names=record.given_names[0] + ".")
        elif change == 5:
            record = replace(record, given_names=_typo(rng, record.given_names))
        elif change == 6:
            record = replace(record, phones=tuple(_phone_variant(rng, p) for p in record.phones))
        elif change == 7:
            record = replace(record, date_of_birth=None, gender="")
        elif change == 8:
            age = (today - born).days // 365
            record = replace(record, date_of_birth=f"{age - 1}-{age + 1} jaar", observed_on=today)
        elif change == 9:
            record = replace(record, addresses=())
        elif change == 10:
            record = replace(record, addresses=(address(rng),))  # moved
        elif change == 11:
            record = replace(record, date_of_birth=_date_typo(rng, born))
    if record.id_documents and rng.random() < 0.2:
        record = replace(record, id_documents=())  # not shown this time
    record = replace(
        record,
        addresses=tuple(
            replace(a, postcode=_postcode_variant(rng, a.postcode)) for a in record.addresses
        ),
    )
    return record


def address(rng: random.Random) -> AddressRecord:
    return AddressRecord(
        postcode=_postcode(rng),
        house_number=rng.randrange(1, 250),
        house_letter=rng.choice(("", "", "", "A", "B")),
        street=rng.choice(STREETS),
        place=rng.choice(PLACES),
    )


def address_variant(rng: random.Random, clean: AddressRecord) -> AddressRecord:
    record = replace(clean, postcode=_postcode_variant(rng, clean.postcode))
    if rng.random() < 0.3:
        record = replace(record, street=_typo(rng, record.street))
    if rng.random() < 0.3:
        record = replace(record, street="", place="")
    if rng.random() < 0.2:
        record = replace(record, house_number_addition=rng.choice(("1", "hs", "2hg")))
    return record


def organisation(rng: random.Random) -> OrganisationRecord:
    name = f"{rng.choice(TRADE_WORDS)}{rng.choice(TRADE_WORDS).lower()} {rng.choice(SECTORS)}"
    return OrganisationRecord(
        kvk=f"{rng.randrange(10_000_000, 99_999_999)}" if rng.random() < 0.6 else "",
        trade_names=(f"{name} B.V.",),
        sector=name.split()[-1],
        address=address(rng),
    )


def organisation_variant(rng: random.Random, clean: OrganisationRecord) -> OrganisationRecord:
    record = clean
    if rng.random() < 0.5:
        record = replace(record, trade_names=(clean.trade_names[0].replace(" B.V.", ""),))
    if rng.random() < 0.3 and clean.kvk:
        record = replace(record, kvk=f"{clean.kvk[:4]}.{clean.kvk[4:]}")
    elif rng.random() < 0.3:
        record = replace(record, kvk="")
    if clean.address is not None:
        record = replace(record, address=address_variant(rng, clean.address))
    return record


def generate(
    n: int, *, seed: int = 7, kinds: tuple[str, ...] = ("person", "address", "organisation")
) -> Iterator[tuple[Record, int]]:
    """About ``n`` records as (record, entity id), in a shuffled order of arrival."""
    rng = random.Random(seed)  # noqa: S311 - sampling, not cryptography
    today = dt.date(2026, 11, 1)
    rows: list[tuple[Record, int]] = []
    shared = [address(rng) for _ in range(max(3, n // 60))]  # households, migrant housing
    entity = 0
    while len(rows) < n:
        entity += 1
        kind = rng.choice(kinds)
        copies = rng.choice((0, 0, 1, 1, 2, 3))
        if kind == "person":
            clean_person = person(rng, today, shared)
            rows.append((clean_person, entity))
            rows += [(person_variant(rng, clean_person, today), entity) for _ in range(copies)]
        elif kind == "address":
            clean_address = address(rng)
            rows.append((clean_address, entity))
            rows += [(address_variant(rng, clean_address), entity) for _ in range(copies)]
        else:
            clean_org = organisation(rng)
            rows.append((clean_org, entity))
            rows += [(organisation_variant(rng, clean_org), entity) for _ in range(copies)]
    rows = rows[:n]
    rng.shuffle(rows)
    yield from rows
