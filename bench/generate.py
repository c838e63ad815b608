"""Generate a synthetic, valid Family Hub listings tree for benchmarks (SPEC §3, §7).

The tree has the layout of ``listings/``::

    OUT/<authority>/authority.yaml
    OUT/<authority>/hubs/<hub-id>.yaml
    OUT/<authority>/branches/<branch-id>.yaml
    OUT/<authority>/activities/<activity-id>.yaml

Output is deterministic: it depends only on the arguments and the seed (a seeded
``random.Random``; no wall clock). The YAML is written from string templates, not
``yaml.dump``, so it reads like hand-written listings and is quick to produce.

Usage::

    python bench/generate.py OUT [--preset national|20k|10k|small] [--authorities N]
        [--hubs-per-authority H] [--branches-per-hub B] [--activities N_TOTAL] [--seed S]
        [--force]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
OFFER_AREAS_FILE = REPO_ROOT / "schema" / "offer-areas.yaml"

# name -> (authorities, hubs per authority, branches per hub, activities in total)
PRESETS: dict[str, tuple[int, int, int, int]] = {
    "national": (150, 8, 2, 100_000),
    # The 20,000-file tree issue 11's targets speak of; bench/run.py's default.
    "20k": (30, 8, 2, 19_250),
    "10k": (15, 8, 2, 10_000),
    "small": (2, 3, 2, 300),
    # A few dozen files: bench/run.py's end-to-end test, in seconds.
    "tiny": (1, 2, 1, 30),
}

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LEN = 80

# --- vocabularies -----------------------------------------------------------------

TOWNS = [
    "Ashby", "Bramford", "Calderbury", "Denholme", "Eastwick", "Fallowfield", "Greyhaven",
    "Harwood", "Ivybridge", "Kestrel", "Langholm", "Marlowe", "Netherby", "Oakham",
    "Pendle", "Quenby", "Redmarsh", "Saltley", "Thornbury", "Upton", "Vale", "Whitmore",
    "Yarrow", "Ambleside", "Birchwood", "Coldharbour", "Dunmore", "Elmstead", "Foxley",
    "Glenfield", "Hollins", "Kingsmead", "Lydford", "Millbrook", "Northam", "Ormsby",
    "Penrose", "Rushden", "Stanwick", "Tamworth", "Wexcombe", "Alderley", "Brackley",
    "Carrow", "Ditton", "Everdon", "Fenwick", "Grantley",
]  # fmt: skip
TOWN_PREFIXES = ["", "North ", "South ", "East ", "West ", "Greater ", "Upper ", "Lower "]

NEIGHBOURHOODS = [
    "Central", "Riverside", "Northgate", "Eastfield", "Westbrook", "Southmead", "Hillside",
    "Parkview", "Meadowbank", "Oakwood", "Ashgrove", "Brookside", "Castlefields", "Dalton",
    "Elmwood", "Fairfield", "Greenhill", "Hawthorn", "Kingsway", "Larchmont", "Moorside",
    "Newtown", "Orchard", "Priory", "Queensway", "Rosehill", "St Marks", "Templefields",
    "Underhill", "Victoria", "Willowbank", "Abbey", "Beacon", "Chapelfield", "Dovecote",
    "Foxhill", "Glebe", "Heathfield", "Ironbridge", "Lowfield",
]  # fmt: skip

STREETS = [
    "Market Street", "High Street", "Church Lane", "Station Road", "Victoria Road",
    "Park Avenue", "Mill Lane", "Queen Street", "London Road", "School Lane",
    "Chapel Street", "Green Lane", "King Street", "Albert Road", "Bridge Street",
]  # fmt: skip

# Real outward codes of England (the inward part is made up).
OUTWARD_CODES = [
    "DE1", "DE21", "DE23", "NG7", "NG5", "LE4", "LE2", "B15", "B23", "M14", "M20", "LS9",
    "LS11", "S10", "S2", "NE6", "BS5", "PL4", "EX2", "NR3", "CB4", "OX4", "YO31", "HU5",
    "ST4", "CV1", "WV10", "BD3", "HD1", "PR1", "L8", "SO14", "PO1", "BN2", "ME7", "CT1",
]  # fmt: skip
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a UK inward code may use

# (suffix for the name, suffix for the id, site_type)
BRANCH_KINDS = [
    ("Children's Centre", "childrens-centre", "childrens-centre"),
    ("Library", "library", "library"),
    ("Health Centre", "health-centre", "health-centre"),
    ("Primary School", "primary-school", "school"),
    ("Community Centre", "community-centre", "community-venue"),
    ("Church Hall", "church-hall", "other"),
]

ACCESSIBILITY = [
    "step-free-access", "accessible-toilet", "baby-changing", "hearing-loop", "parking",
    "pushchair-storage", "quiet-space", "bsl-available",
]  # fmt: skip
AUDIENCE = ["parents-to-be", "parents", "carers", "dads", "children", "young-people", "families"]
EXTRA_LANGUAGES = ["pl", "ur", "pa", "bn", "so", "ro", "ar", "gu", "pt", "cy"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat"]

# Activity names per offer area; an area the generator does not know uses its label.
ACTIVITY_NAMES: dict[str, list[str]] = {
    "infant-feeding": ["Breastfeeding Cafe", "Infant Feeding Drop-in", "Starting Solids Workshop"],
    "perinatal-mental-health": ["Bump and Baby Wellbeing", "Mums Matter", "Baby Bonding Group"],
    "parenting-support": ["Incredible Years", "Parenting Puzzle", "Triple P Group"],
    "early-language": ["Chatter Matters", "Rhyme Time", "Let's Talk Together"],
    "midwifery": ["Antenatal Clinic", "Midwife Drop-in", "Preparing for Birth"],
    "health-visiting": ["Baby Weigh and Play", "Health Visitor Clinic", "Two Year Check"],
    "send-support": ["SEND Stay and Play", "Sensory Play", "Portage Group"],
    "family-support": ["Early Help Drop-in", "Family Worker Surgery", "Family Time"],
    "reducing-parental-conflict": ["Arguing Better", "Parents as Partners", "Us Together"],
    "separated-parents": ["Parenting Apart", "Separated Dads Group"],
    "birth-registration": ["Birth Registration Appointments"],
    "healthy-growth": ["HENRY Healthy Families", "Cook and Eat", "Brushing for Life"],
    "mental-health": ["Wellbeing Walk", "Young Minds Drop-in"],
    "domestic-abuse": ["Freedom Programme", "Domestic Abuse Outreach"],
    "money-advice": ["Money Advice Surgery", "Cost of Living Help"],
    "employment-skills": ["Job Club", "Return to Work Course"],
    "housing": ["Housing Advice Drop-in"],
    "youth": ["Youth Club", "Junior Youth Night"],
    "youth-justice": ["Youth Justice Surgery"],
    "substance-misuse": ["Drug and Alcohol Support"],
    "stop-smoking": ["Stop Smoking Clinic", "Smokefree Pregnancy"],
    "early-education-childcare": ["Funded Childcare Advice", "Pre-school Taster"],
    "play-and-groups": ["Stay and Play", "Baby Sensory", "Toddler Time", "Messy Play"],
    "holiday-activities": ["Holiday Activities and Food", "Summer Fun Club"],
}

DESCRIPTION_OPENERS = [
    "A friendly group for families to meet, play and share ideas.",
    "Relaxed sessions with trained staff and volunteers.",
    "Practical help and a warm welcome, whatever your situation.",
    "Come along to meet other families and get advice from our team.",
    "Small group sessions led by a trained practitioner.",
]
DESCRIPTION_ENDINGS = [
    "Tea and coffee provided.",
    "Siblings are welcome.",
    "Please bring a drink for your child.",
    "Interpreters can be arranged on request.",
    "No need to book for your first visit.",
    "Ask at reception if you need any help.",
]


# --- helpers ----------------------------------------------------------------------


def slugify(text: str) -> str:
    """Turn a display name into a lower-case slug (``St Mark's`` -> ``st-marks``)."""
    text = text.lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def load_offer_areas(path: Path = OFFER_AREAS_FILE) -> tuple[list[str], list[str]]:
    """Read the taxonomy at run time; return (all area ids, required area ids)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    areas = data["areas"]
    ids = [str(a["id"]) for a in areas]
    required = [str(a["id"]) for a in areas if a.get("required") is True]
    return ids, required


class _Ids:
    """Hands out ids that are unique across the whole tree."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, base: str) -> str:
        candidate = base
        n = 2
        while candidate in self.used:
            candidate = f"{base}-{n}"
            n += 1
        if len(candidate) > MAX_ID_LEN or not SLUG_RE.match(candidate):
            raise ValueError(f"generated an invalid id: {candidate!r}")
        self.used.add(candidate)
        return candidate


def _flow(items: Sequence[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _session(rng: random.Random) -> tuple[str, str]:
    """A start and end time, on the quarter hour, between 09:00 and 19:00."""
    start = rng.randrange(9 * 4, 17 * 4) * 15
    length = rng.choice([45, 60, 60, 90, 90, 120, 150])
    return _hhmm(start), _hhmm(start + length)


def _date(rng: random.Random, year: int, first: tuple[int, int], last: tuple[int, int]) -> str:
    """A date between first and last (month, day) of ``year``; days limited to 1-28."""
    month = rng.randint(first[0], last[0])
    lo = first[1] if month == first[0] else 1
    hi = last[1] if month == last[0] else 28
    return f"{year}-{month:02d}-{rng.randint(lo, min(hi, 28)):02d}"


def _last_reviewed(rng: random.Random) -> str:
    return _date(rng, 2026, (6, 1), (11, 20))


def _postcode(rng: random.Random, outward: str) -> str:
    return f"{outward} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def _phone(rng: random.Random) -> str:
    return f"01632 960{rng.randint(0, 999):03d}"


def _accessibility(rng: random.Random) -> list[str]:
    chosen = set(rng.sample(ACCESSIBILITY, rng.randint(1, 4)))
    return [a for a in ACCESSIBILITY if a in chosen]


def _languages(rng: random.Random) -> list[str]:
    if rng.random() < 0.8:
        return ["en"]
    return ["en", *sorted(rng.sample(EXTRA_LANGUAGES, rng.randint(1, 2)))]


# --- templates --------------------------------------------------------------------

SCHEMA_COMMENT = "# yaml-language-server: $schema={rel}schema/{kind}.schema.json\n"


def _authority_yaml(auth_id: str, name: str, ons_code: str) -> str:
    return (
        SCHEMA_COMMENT.format(rel="../../", kind="authority") + f"id: {auth_id}\n"
        f"name: {name}\n"
        f"ons_code: {ons_code}\n"
        f"website: https://www.example.org/{auth_id}/\n"
        f"virtual_hub_url: https://www.example.org/{auth_id}/family-hubs/\n"
    )


def _site_yaml(
    rng: random.Random,
    kind: str,
    site_id: str,
    name: str,
    auth_id: str,
    town: str,
    outward: str,
    centre: tuple[float, float],
    extra: str = "",
) -> str:
    """The text of a hub (kind 'hub') or a branch (kind 'branch', with ``extra`` fields)."""
    lat = centre[0] + rng.uniform(-0.08, 0.08)
    lon = centre[1] + rng.uniform(-0.12, 0.12)
    rules = ['  - {byday: [mon, tue, wed, thu, fri], opens_at: "09:00", closes_at: "17:00"}\n']
    if rng.random() < 0.4:
        rules.append('  - {byday: [sat], opens_at: "10:00", closes_at: "13:00"}\n')
    desc = rng.choice(DESCRIPTION_OPENERS)
    folder = "hubs" if kind == "hub" else "branches"
    return (
        SCHEMA_COMMENT.format(rel="../../../", kind=kind) + f"id: {site_id}\n"
        f"name: {name}\n"
        f"{extra}"
        "status: open\n"
        f"description: {desc}\n"
        "address:\n"
        f"  line1: {rng.randint(1, 180)} {rng.choice(STREETS)}\n"
        f"  town: {town}\n"
        f"  postcode: {_postcode(rng, outward)}\n"
        f"location: {{lat: {lat:.5f}, lon: {lon:.5f}}}\n"
        "opening_hours:\n" + "".join(rules) + "contact:\n"
        f'  phone: "{_phone(rng)}"\n'
        f"  email: {site_id}@example.org\n"
        f"  website: https://www.example.org/{auth_id}/{folder}/{site_id}\n"
        f"accessibility: {_flow(_accessibility(rng))}\n"
        f"languages: {_flow(_languages(rng))}\n"
        f"last_reviewed: {_last_reviewed(rng)}\n"
    )


def _schedule_yaml(rng: random.Random) -> tuple[str, bool]:
    """A schedule block and whether it is by appointment."""
    roll = rng.random()
    if roll < 0.08:
        return "schedule: by-appointment\n", True
    opens, closes = _session(rng)
    if roll < 0.70:  # weekly, sometimes on two days, sometimes in flow style
        days = sorted(rng.sample(range(len(DAYS)), 1 if rng.random() < 0.85 else 2))
        byday = _flow([DAYS[d] for d in days])
        if rng.random() < 0.3:
            text = (
                "schedule:\n"
                f'  - {{freq: weekly, byday: {byday}, opens_at: "{opens}", '
                f'closes_at: "{closes}"}}\n'
            )
        else:
            text = (
                "schedule:\n"
                "  - freq: weekly\n"
                f"    byday: {byday}\n"
                f'    opens_at: "{opens}"\n'
                f'    closes_at: "{closes}"\n'
            )
            if rng.random() < 0.3:
                text += "    term_time_only: true\n"
        return text, False
    if roll < 0.88:  # monthly, nth weekday
        nth = rng.choice(["1", "2", "3", "4", "-1"])
        return (
            "schedule:\n"
            "  - freq: monthly\n"
            f"    byday: [{nth}{rng.choice(DAYS[:5])}]\n"
            f'    opens_at: "{opens}"\n'
            f'    closes_at: "{closes}"\n'
        ), False
    # once, sometimes a short run of dates
    lines = ["schedule:\n"]
    for _ in range(rng.randint(1, 3)):
        lines.append(
            "  - freq: once\n"
            f"    date: {_date(rng, 2027, (1, 1), (12, 28))}\n"
            f'    opens_at: "{opens}"\n'
            f'    closes_at: "{closes}"\n'
        )
    return "".join(lines), False


def _age_range(rng: random.Random, areas: list[str]) -> str:
    start_for_life = {"infant-feeding", "perinatal-mental-health", "midwifery", "health-visiting"}
    if start_for_life.intersection(areas):
        lo, hi = 0, rng.choice([1, 1.5, 2])
        antenatal = "midwifery" in areas or rng.random() < 0.5
    elif "youth" in areas or "youth-justice" in areas:
        lo, hi, antenatal = rng.choice([8, 11, 13]), rng.choice([18, 19]), False
    else:
        lo = rng.choice([0, 0, 0, 1, 2, 3, 5])
        hi = rng.choice([2, 4, 5, 11, 19, 25])
        if hi < lo:
            lo, hi = hi, lo
        antenatal = lo == 0 and rng.random() < 0.2
    return f"age_range: {{min: {lo}, max: {hi}, antenatal: {'true' if antenatal else 'false'}}}\n"


def _activity_yaml(
    rng: random.Random,
    act_id: str,
    name: str,
    auth_id: str,
    areas: list[str],
    venues: list[str],
    status: str,
) -> str:
    schedule, by_appointment = _schedule_yaml(rng)
    if by_appointment:
        booking = rng.choice(["booking-required", "referral"])
    else:
        booking = rng.choice(["drop-in", "drop-in", "booking-required", "referral"])
    if rng.random() < 0.85:
        cost = "cost: free\n"
    else:
        amount = rng.choice(["1", "1.5", "2", "2.5", "3", "5", "25"])
        cost = f"cost: {{amount: {amount}, per: {rng.choice(['session', 'course', 'month'])}}}\n"
    audience = set(rng.sample(AUDIENCE, rng.randint(1, 3)))
    desc = f"{rng.choice(DESCRIPTION_OPENERS)} {rng.choice(DESCRIPTION_ENDINGS)}"
    text = (
        SCHEMA_COMMENT.format(rel="../../../", kind="activity") + f"id: {act_id}\n"
        f"name: {name}\n"
        f"description: {desc}\n"
        f"status: {status}\n"
        f"offer_areas: {_flow(areas)}\n"
        f"venues: {_flow(venues)}\n"
    )
    if not venues:
        text += f"online: {{url: https://www.example.org/{auth_id}/online/{act_id}}}\n"
    text += (
        f"audience: {_flow([a for a in AUDIENCE if a in audience])}\n"
        + _age_range(rng, areas)
        + cost
        + f"booking: {booking}\n"
        + schedule
        + f"last_reviewed: {_last_reviewed(rng)}\n"
    )
    roll = rng.random()
    if roll < 0.5:
        text += f'contact:\n  phone: "{_phone(rng)}"\n  email: {auth_id}-hubs@example.org\n'
        if roll < 0.2:
            text += f"  website: https://www.example.org/{auth_id}/activities/{act_id}\n"
    text += f"languages: {_flow(_languages(rng))}\n"
    if venues or rng.random() < 0.3:
        text += f"accessibility: {_flow(_accessibility(rng))}\n"
    return text


# --- the tree ---------------------------------------------------------------------


def _authority_names(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """``n`` distinct (authority name, main town) pairs."""
    combos = [(p + t, t) for t in TOWNS for p in TOWN_PREFIXES]
    rng.shuffle(combos)
    names = combos[:n]
    for i in range(len(names), n):  # more than the word lists give: number them
        name, town = combos[i % len(combos)]
        names.append((f"{name} {i // len(combos) + 1}", town))
    return names


def _split(total: int, parts: int) -> list[int]:
    base, rest = divmod(total, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


def generate_tree(
    out_dir: Path,
    authorities: int,
    hubs_per_authority: int,
    branches_per_hub: int,
    activities: int,
    seed: int = 1,
) -> dict[str, int]:
    """Write a valid listings tree under ``out_dir`` and return the counts of each kind.

    ``activities`` is the total across the tree, spread evenly over the authorities.
    Each authority's first activities are running, have venues and between them
    cover every ``required: true`` area of ``schema/offer-areas.yaml``, so the tree
    has no coverage gaps as long as each authority gets at least one activity.
    The same arguments always give byte-identical files.
    """
    if authorities < 1 or hubs_per_authority < 1:
        raise ValueError("need at least one authority and one hub per authority")
    if branches_per_hub < 0 or activities < 0:
        raise ValueError("branch and activity counts cannot be negative")
    rng = random.Random(seed)
    area_ids, required = load_offer_areas()
    optional_areas = [a for a in area_ids if a not in required]
    ids = _Ids()
    counts = {"authorities": 0, "hubs": 0, "branches": 0, "activities": 0, "files": 0}
    out_dir.mkdir(parents=True, exist_ok=True)

    def write(path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8", newline="\n")
        counts["files"] += 1

    per_authority = _split(activities, authorities)
    for a_index, (auth_name, town) in enumerate(_authority_names(rng, authorities)):
        auth_id = ids.take(slugify(auth_name))
        auth_dir = out_dir / auth_id
        for sub in ("hubs", "branches", "activities"):
            (auth_dir / sub).mkdir(parents=True, exist_ok=True)
        ons_code = f"E{6 + a_index % 4:02d}{a_index + 1:06d}"
        write(auth_dir / "authority.yaml", _authority_yaml(auth_id, auth_name, ons_code))
        counts["authorities"] += 1

        centre = (rng.uniform(50.8, 54.8), rng.uniform(-3.3, 1.2))
        outwards = rng.sample(OUTWARD_CODES, 3)
        nbhds = rng.sample(NEIGHBOURHOODS, min(len(NEIGHBOURHOODS), hubs_per_authority))
        nbhds += [f"District {i + 1}" for i in range(len(nbhds), hubs_per_authority)]
        spare = [n for n in NEIGHBOURHOODS if n not in nbhds]

        sites: list[str] = []
        for h_index, nbhd in enumerate(nbhds):
            hub_id = ids.take(f"{auth_id}-{slugify(nbhd)}-family-hub")
            outward = outwards[h_index % len(outwards)]
            write(
                auth_dir / "hubs" / f"{hub_id}.yaml",
                _site_yaml(
                    rng, "hub", hub_id, f"{nbhd} Family Hub", auth_id, town, outward, centre
                ),
            )
            counts["hubs"] += 1
            sites.append(hub_id)
            for b_index in range(branches_per_hub):
                label, id_suffix, site_type = BRANCH_KINDS[(h_index + b_index) % len(BRANCH_KINDS)]
                place = (
                    spare[(h_index * branches_per_hub + b_index) % len(spare)] if spare else nbhd
                )
                branch_id = ids.take(f"{auth_id}-{slugify(place)}-{id_suffix}")
                extra = f"hub: {hub_id}\nsite_type: {site_type}\n"
                write(
                    auth_dir / "branches" / f"{branch_id}.yaml",
                    _site_yaml(
                        rng,
                        "branch",
                        branch_id,
                        f"{place} {label}",
                        auth_id,
                        town,
                        outward,
                        centre,
                        extra,
                    ),
                )
                counts["branches"] += 1
                sites.append(branch_id)

        n_acts = per_authority[a_index]
        n_cover = min(len(required), n_acts)
        for k in range(n_acts):
            if k < n_cover:  # coverage activities: running, at a venue, required areas
                areas = required[k::n_cover]
                status = "running"
                online_only = False
            else:
                first = rng.choice(area_ids)
                areas = [first]
                if rng.random() < 0.3:
                    second = rng.choice(optional_areas or area_ids)
                    if second != first:
                        areas.append(second)
                roll = rng.random()
                status = "running" if roll < 0.9 else ("paused" if roll < 0.97 else "ended")
                online_only = rng.random() < 0.03
            names = ACTIVITY_NAMES.get(areas[0]) or [areas[0].replace("-", " ").capitalize()]
            name = rng.choice(names)
            venues = [] if online_only else rng.sample(sites, 1 if rng.random() < 0.8 else 2)
            act_id = ids.take(f"{auth_id}-{slugify(name)}-{k + 1}")
            write(
                auth_dir / "activities" / f"{act_id}.yaml",
                _activity_yaml(rng, act_id, name, auth_id, areas, venues, status),
            )
            counts["activities"] += 1
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(
        description="Generate a synthetic, valid Family Hub listings tree (SPEC §3)."
    )
    parser.add_argument("out", type=Path, help="folder to write the tree into")
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="national: 150 authorities, 1,200 hubs, 2,400 branches, 100,000 activities; "
        "20k: 30 authorities, 19,250 activities (20,000 files); "
        "10k: 15 authorities, 120 hubs, 240 branches, 10,000 activities; "
        "small: 2 authorities, 300 activities; tiny: 35 files "
        "(explicit options override the preset)",
    )
    parser.add_argument("--authorities", type=int)
    parser.add_argument("--hubs-per-authority", type=int)
    parser.add_argument("--branches-per-hub", type=int)
    parser.add_argument("--activities", type=int, help="activities in total across the tree")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--force", action="store_true", help="delete OUT first if it exists and is not empty"
    )
    args = parser.parse_args(argv)

    auth, hubs, branches, acts = PRESETS[args.preset or "national"]
    auth = auth if args.authorities is None else args.authorities
    hubs = hubs if args.hubs_per_authority is None else args.hubs_per_authority
    branches = branches if args.branches_per_hub is None else args.branches_per_hub
    acts = acts if args.activities is None else args.activities

    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"error: {out} is not empty (use --force to replace it)", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    if acts < auth * len(load_offer_areas()[1]):
        print(
            "note: fewer activities than an authority needs to cover every required area; "
            "some authorities will show coverage gaps",
            file=sys.stderr,
        )
    started = time.perf_counter()
    try:
        counts = generate_tree(out, auth, hubs, branches, acts, seed=args.seed)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(
        f"wrote {counts['files']:,} files to {out}: {counts['authorities']:,} authorities, "
        f"{counts['hubs']:,} hubs, {counts['branches']:,} branches, "
        f"{counts['activities']:,} activities in {elapsed:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
