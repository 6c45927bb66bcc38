"""Demo data: an office in Kabupaten Lampung Tengah, its people, waiting households, and parcels
that play every story of the sandbox carrier."""

import random
from dataclasses import dataclass
from datetime import date

from delivery.core.extensions import db
from delivery.intake.csv_file import SourceRow
from delivery.intake.operations import ImportMode, import_documents, mark_ready
from delivery.models import (
    Document,
    DocumentType,
    Office,
    ReceiverPolicy,
    Role,
    User,
    VerificationMethod,
)
from delivery.parcels.packing import pack_household_parcels

DEMO_OFFICE_CODE = "LTG"
DEMO_LOGINS = {
    "staf": ("antar-staf-demo", Role.STAFF, "Rini Susanti"),
    "kurir": ("antar-kurir-demo", Role.COURIER, "Dedi Kurniawan"),
    "admin": ("antar-admin-demo", Role.ADMIN, "Hendra Wijaya"),
}
# Lampung (18), Kabupaten Lampung Tengah (02) as the ministry's decree numbers them; the
# statistics bureau's 18.05 is the decree's Kabupaten Tulang Bawang.
REGENCY_CODE = "1802"

# district, its code in the decree, postal code, villages (as the region list spells them). The
# sandbox carrier picks a parcel's story by the postal code's last digit (1 and 3: delivered;
# 5: not at home, then delivered; 6: three failed attempts, returned; 7: refused; 8: address
# not found; 9: lost), so the packed parcels, one household per district, play every story.
DISTRICTS = [
    ("Terbanggi Besar", "07", "34163", ["Bandar Jaya Timur", "Bandar Jaya Barat", "Yukum Jaya"]),
    ("Anak Tuha", "21", "34161", ["Srikaton", "Jaya Sakti", "Haji Pemanggilan"]),
    ("Gunung Sugih", "04", "34165", ["Gunung Sugih", "Komering Agung", "Seputih Jaya"]),
    ("Seputih Agung", "16", "34166", ["Harapan Rejo", "Endang Rejo", "Dono Arum"]),
    ("Putra Rumbia", "28", "34157", ["Bina Karya Jaya", "Bina Karya Utama", "Bina Karya Sakti"]),
    ("Seputih Surabaya", "12", "34158", ["Gaya Baru VI", "Sumber Katon", "Sri Katon"]),
    ("Bandar Surabaya", "26", "34159", ["Gaya Baru V", "Surabaya Ilir", "Rajawali"]),
]
PACKED_HOUSEHOLDS = range(1, len(DISTRICTS) + 1)  # one per district: every story
READY_HOUSEHOLDS = range(len(DISTRICTS) + 1, len(DISTRICTS) + 3)  # ready, for staff to pack
READY_OR_PACKED = {*PACKED_HOUSEHOLDS, *READY_HOUSEHOLDS}
STREETS = [
    "Jl. Merdeka",
    "Jl. Proklamator",
    "Jl. Lintas Sumatera",
    "Jl. Pendidikan",
    "Jl. Masjid Al-Ikhlas",
    "Jl. Kartini",
    "Dusun Sukamaju",
    "Dusun Karang Anyar",
]
FAMILIES = [
    ("Santoso", ["Budi Santoso", "Sri Wahyuni", "Dimas Santoso"]),
    ("Setiawan", ["Agus Setiawan", "Dewi Lestari"]),
    ("Susilo", ["Joko Susilo", "Siti Aminah", "Rizky Susilo", "Nabila Putri"]),
    ("Sudarma", ["I Wayan Sudarma", "Ni Ketut Ariani", "I Made Suarta"]),
    ("Hidayat", ["Rahmat Hidayat", "Nurhayati"]),
    ("Prasetyo", ["Eko Prasetyo", "Puji Astuti", "Bayu Saputra"]),
    ("Gunawan", ["Hendra Gunawan", "Rina Marlina"]),
    ("Effendi", ["Yusuf Effendi", "Fitri Handayani", "Ikhsan Maulana"]),
    ("Wibowo", ["Teguh Wibowo", "Ratna Juwita"]),
    ("Fauzi", ["Ahmad Fauzi", "Dian Permata Sari", "Muhammad Alif Fauzi"]),
    ("Sutrisno", ["Sutrisno", "Sumarni"]),
    ("Mulyadi", ["Mulyadi", "Lestari Ningsih", "Wahyu Hidayat"]),
    ("Pratama", ["Andi Pratama", "Yuliana Siregar"]),
    ("Rangkuti", ["Fadli Rangkuti", "Ayu Ningtyas", "Zahra Aulia"]),
]
WOMEN = {
    "Sri Wahyuni",
    "Dewi Lestari",
    "Siti Aminah",
    "Nabila Putri",
    "Ni Ketut Ariani",
    "Nurhayati",
    "Puji Astuti",
    "Rina Marlina",
    "Fitri Handayani",
    "Ratna Juwita",
    "Dian Permata Sari",
    "Sumarni",
    "Lestari Ningsih",
    "Yuliana Siregar",
    "Ayu Ningtyas",
    "Zahra Aulia",
}


@dataclass(frozen=True)
class Member:
    name: str
    nik: str
    is_child: bool


def make_nik(district_code: str, born: date, woman: bool, serial: int) -> str:
    """Compose a NIK: region, birth date (day + 40 for women), serial."""
    day = born.day + 40 if woman else born.day
    birth = f"{day:02d}{born.month:02d}{born.year % 100:02d}"
    return f"{REGENCY_CODE}{district_code}{birth}{serial:04d}"


def household_members(rng: random.Random, names: list[str], district_code: str) -> list[Member]:
    """Give each member a plausible birth date and NIK; the last may be a child."""
    members = []
    for position, name in enumerate(names):
        is_child = position >= 2
        year = rng.randint(2010, 2019) if is_child else rng.randint(1960, 1998)
        born = date(year, rng.randint(1, 12), rng.randint(1, 28))
        nik = make_nik(district_code, born, name in WOMEN, rng.randint(1, 9999))
        members.append(Member(name, nik, is_child))
    return members


def documents_for(members: list[Member]) -> list[tuple[DocumentType, Member]]:
    """A new family card for the household, and a card or certificate for each member."""
    documents = [(DocumentType.KK, members[0])]
    for member in members:
        documents.append((DocumentType.KIA if member.is_child else DocumentType.KTP_EL, member))
    return documents


def demo_office() -> Office:
    return Office(
        code=DEMO_OFFICE_CODE,
        name="Disdukcapil Kabupaten Lampung Tengah",
        regency="Kabupaten Lampung Tengah",
        province="Lampung",
        address="Kompleks Perkantoran Pemkab, Jl. Raden Intan No. 1",
        village="Gunung Sugih",
        district="Gunung Sugih",
        postal_code="34165",
        phone="+62 725 529 100",
        opening_hours="Senin–Jumat 08.00–15.00",
        receiver_policy=ReceiverPolicy.HOUSEHOLD,
        verification_method=VerificationMethod.ONE_TIME_CODE,
    )


def load_demo_data() -> bool:
    """Create the demo office, users, documents and parcels; return False if they exist."""
    if db.session.scalar(db.select(Office).filter_by(code=DEMO_OFFICE_CODE)):
        return False
    office = demo_office()
    db.session.add(office)
    for username, (password, role, full_name) in DEMO_LOGINS.items():
        user = User(username=username, role=role, full_name=full_name, office=office)
        user.set_password(password)
        db.session.add(user)
    db.session.commit()
    rows, households = demo_document_rows(office)
    result = import_documents(office, rows, ImportMode.ALL_OR_NOTHING, None, "demo")
    documents = [db.session.get(Document, document_id) for document_id in result.created_ids]
    household_of = list(zip(documents, households, strict=True))

    def of_households(numbers) -> list[Document]:
        return [document for document, number in household_of if number in numbers]

    mark_ready(office, of_households(READY_OR_PACKED), None)
    pack_household_parcels(office, of_households(PACKED_HOUSEHOLDS))
    return True


def demo_document_rows(office: Office) -> tuple[list[SourceRow], list[int]]:
    """The households' documents as intake rows, and each row's household number."""
    rng = random.Random(1805)
    rows, households = [], []
    for number, (_surname, names) in enumerate(FAMILIES, start=1):
        district, code, postal_code, villages = DISTRICTS[number % len(DISTRICTS)]
        members = household_members(rng, names, code)
        kk_number = f"{REGENCY_CODE}{code}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}"
        kk_number += f"{rng.randint(10, 24):02d}{rng.randint(1, 9999):04d}"
        household = {
            "street": f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}",
            "rt": str(rng.randint(1, 12)),
            "rw": str(rng.randint(1, 6)),
            "village": rng.choice(villages),
            "district": district,
            "regency": office.regency,
            "province": office.province,
            "postal_code": postal_code,
            "recipient_name": members[0].name,
            "kk_number": kk_number,
            "recipient_phone": f"08{rng.choice(['12', '13', '21', '52', '57', '77'])}"
            f"{rng.randint(10**7, 10**8 - 1)}",
            "application_ref": f"LTG-2026-{number:04d}",
        }
        for serial, (document_type, member) in enumerate(documents_for(members), start=1):
            prefix = document_type.value.replace("_", "").upper()
            households.append(number)
            rows.append(
                SourceRow(
                    None,
                    household
                    | {
                        "document_type": document_type.value,
                        "holder_nik": member.nik,
                        "holder_name": member.name,
                        "document_number": f"{prefix}-2026-{number:03d}{serial:02d}",
                    },
                )
            )
    return rows, households
