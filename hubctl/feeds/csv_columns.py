"""The columns of the five CSV tables of the README's Published feeds, each defined once.

`csv_tables` lists the tables in publishing order, each with its `Column`s: name,
Table Schema type, description, constraints, the model fields it carries and how
to get its value from a listing. The writer (`csv_tables.render_csv_tables`) and
the Data Package (`datapackage`) are both built from these specs, so the files and
their description cannot drift apart.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from hubctl.feeds.csv_spec import (
    ACCESSIBILITY,
    BYDAY,
    EMAIL,
    LANGUAGES,
    PHONE,
    POSTCODE,
    SLUG,
    URL,
    Column,
    Table,
    activity_rows,
    bounds,
    choices,
    choices_of,
    field_column,
    list_of,
    listing_rows,
    model_pattern,
    one_of,
    rule_column,
    session_rows,
)
from hubctl.feeds.schedule_text import RULE_TEXT_FIELDS, rules_text
from hubctl.field_types import AgeRange, OnsCode
from hubctl.models import (
    Activity,
    Audience,
    Branch,
    Cost,
    CoverageWaiver,
    DeliveryPartner,
    Hub,
    Location,
    ScheduleRule,
    Site,
)
from hubctl.profile_models import Requirement
from hubctl.taxonomy import Taxonomy

REVIEWED = "When the steward last checked the listing."


def _owner_columns(what: str) -> tuple[Column, ...]:
    """id, then the authority the listing belongs to."""
    return (
        field_column("id", "id", f"The {what}'s id.", required=True, pattern=SLUG),
        Column(
            "authority",
            "string",
            f"Id of the authority the {what} belongs to (a row of authorities.csv).",
            lambda row: row.authority,
            required=True,
            pattern=SLUG,
        ),
    )


def _contact_columns(whose: str) -> tuple[Column, ...]:
    return (
        field_column("contact_phone", "contact.phone", f"{whose} phone, as typed.", pattern=PHONE),
        field_column("contact_email", "contact.email", f"{whose} email address.", pattern=EMAIL),
        field_column("contact_website", "contact.website", f"{whose} web page.", pattern=URL),
    )


def _site_columns(what: str, model: type[Site], extra: tuple[Column, ...]) -> tuple[Column, ...]:
    """The columns of hubs.csv, or of branches.csv with `extra` after authority."""
    return (
        *_owner_columns(what),
        *extra,
        field_column("name", "name", f"The {what}'s name.", required=True),
        field_column(
            "status",
            "status",
            "Whether the site is open.",
            required=True,
            enum=choices_of(model, "status"),
        ),
        field_column("description", "description", f"About the {what}."),
        field_column("address_line1", "address.line1", "First address line.", required=True),
        field_column("address_line2", "address.line2", "Second address line."),
        field_column("address_town", "address.town", "Town.", required=True),
        field_column(
            "address_postcode", "address.postcode", "UK postcode.", required=True, pattern=POSTCODE
        ),
        field_column(
            "lat", "location.lat", "Latitude, WGS84.", "number", **bounds(Location, "lat")
        ),
        field_column(
            "lon", "location.lon", "Longitude, WGS84.", "number", **bounds(Location, "lon")
        ),
        Column(
            "opening_hours",
            "string",
            "Opening hours: rules separated by ;, each `<days> <opens>-<closes>` followed, "
            "when set, by `term-time only`, `from <date>`, `to <date>` and a note in "
            "parentheses. Days are mon,tue,... (weekly), 1tue,-1fri,... (monthly: first "
            "Tuesday, last Friday) or one YYYY-MM-DD date (once); times are 24-hour UK local.",
            lambda row: rules_text(row.listing.opening_hours),
            covers=tuple(f"opening_hours.{name}" for name in RULE_TEXT_FIELDS),
        ),
        *_contact_columns(f"The {what}'s"),
        field_column(
            "accessibility", "accessibility", "Features, ;-separated.", pattern=ACCESSIBILITY
        ),
        field_column(
            "languages", "languages", "BCP 47 language tags, ;-separated.", pattern=LANGUAGES
        ),
        field_column("last_reviewed", "last_reviewed", REVIEWED, "date", required=True),
    )


def _authority_columns() -> tuple[Column, ...]:
    return (
        field_column(
            "id",
            "id",
            "The authority's id (its folder under listings/).",
            required=True,
            pattern=SLUG,
        ),
        field_column("name", "name", "The authority's name.", required=True),
        field_column(
            "ons_code", "ons_code", "ONS code.", required=True, pattern=model_pattern(OnsCode)
        ),
        field_column("website", "website", "Its family hubs web page.", required=True, pattern=URL),
        field_column("virtual_hub_url", "virtual_hub_url", "Its online family hub.", pattern=URL),
        *_contact_columns("The authority's"),
        field_column(
            "coverage_extra_required",
            "coverage.extra_required",
            "Offer-area ids it requires besides the taxonomy's required ones, ;-separated.",
            pattern=list_of(SLUG),
        ),
        Column(
            "coverage_waived",
            "string",
            "Required offer areas it need not cover, each `<area id>: <reason>`, ;-separated; "
            "a waiver of one hub reads `<area id> at <hub id>: <reason>`, one with an expiry "
            "`<area id> until <YYYY-MM-DD>: <reason>` (both: `at` first).",
            lambda row: (
                [_waiver_text(w) for w in row.listing.coverage.waived]
                if row.listing.coverage
                else None
            ),
            covers=tuple(f"coverage.waived.{name}" for name in CoverageWaiver.model_fields),
        ),
        field_column(
            "coverage_profile",
            "coverage.profile",
            "The requirement profile it is held to (schema/requirements/<id>.yaml); empty: "
            "the taxonomy's required areas.",
            pattern=SLUG,
        ),
        Column(
            "coverage_requirements",
            "string",
            "Its own requirements, as a JSON array of the objects under coverage.requirements "
            "in authority.yaml (area, level, scope, modes, ages, applies_from, source, "
            "illustrative, note); empty when it has none.",
            lambda row: (
                _requirements_json(row.listing.coverage.requirements)
                if row.listing.coverage and row.listing.coverage.requirements
                else None
            ),
            covers=tuple(sorted(_model_paths(Requirement, "coverage.requirements."))),
        ),
    )


def _waiver_text(waiver: CoverageWaiver) -> str:
    where = f" at {waiver.hub}" if waiver.hub else ""
    until = f" until {waiver.expires.isoformat()}" if waiver.expires else ""
    return f"{waiver.area}{where}{until}: {waiver.reason}"


def _requirements_json(requirements: list[Requirement]) -> str:
    documents = [r.model_dump(mode="json", exclude_none=True) for r in requirements]
    return json.dumps(documents, ensure_ascii=False, separators=(",", ":"))


def _model_paths(model: type[BaseModel], prefix: str) -> set[str]:
    """Dotted paths of every leaf field of `model` (nested models walked)."""
    paths: set[str] = set()
    for name, info in model.model_fields.items():
        nested = [
            arg
            for arg in (getattr(info.annotation, "__args__", None) or (info.annotation,))
            if isinstance(arg, type) and issubclass(arg, BaseModel)
        ]
        if nested:
            for inner in nested:
                paths |= _model_paths(inner, f"{prefix}{name}.")
        else:
            paths.add(prefix + name)
    return paths


def _activity_columns(taxonomy: Taxonomy) -> tuple[Column, ...]:
    label_by_id = {area.id: area.label for area in taxonomy.areas}
    area_ids = tuple(label_by_id)
    return (
        *_owner_columns("activity"),
        field_column("name", "name", "The activity's name.", required=True),
        field_column("description", "description", "What happens.", required=True),
        field_column(
            "status",
            "status",
            "Whether it is running.",
            required=True,
            enum=choices_of(Activity, "status"),
        ),
        field_column(
            "offer_areas",
            "offer_areas",
            "Offer-area ids from the taxonomy (schema/offer-areas.yaml), ;-separated.",
            required=True,
            pattern=list_of(one_of(area_ids)),
        ),
        Column(
            "offer_area_labels",
            "string",
            "The offer areas' labels from the taxonomy, in the same order, ;-separated.",
            lambda row: [label_by_id.get(area, area) for area in row.listing.offer_areas],
        ),
        Column(
            "venues",
            "string",
            "Ids of the open hubs and branches where it runs now, ;-separated; empty when "
            "only online or by telephone, or when every venue is closed.",
            lambda row: [v for v in row.listing.venues if v not in row.closed_venues],
            covers=("venues",),
            pattern=list_of(SLUG),
        ),
        Column(
            "closed_venues",
            "string",
            "Ids of its venues left out of venues because the hub or branch is closed or "
            "temporarily closed, ;-separated; nothing is held there. The listing's venues "
            "are both columns together.",
            lambda row: list(row.closed_venues),
            covers=("venues",),
            pattern=list_of(SLUG),
        ),
        field_column("online_url", "online.url", "Where its online sessions happen.", pattern=URL),
        field_column(
            "telephone", "telephone", "Phone of a telephone service, as typed.", pattern=PHONE
        ),
        field_column(
            "audience",
            "audience",
            "Who it is for, ;-separated.",
            required=True,
            pattern=list_of(one_of(choices(Audience))),
        ),
        field_column(
            "age_min",
            "age_range.min",
            "Youngest age served in years (1.5 = 18 months).",
            "number",
            required=True,
            **bounds(AgeRange, "min"),
        ),
        field_column(
            "age_max",
            "age_range.max",
            "Oldest age served in years.",
            "number",
            required=True,
            **bounds(AgeRange, "max"),
        ),
        field_column(
            "antenatal",
            "age_range.antenatal",
            "Whether it serves pregnancy.",
            "boolean",
            required=True,
        ),
        Column(
            "cost",
            "string",
            "free, or charge (then cost_amount and cost_per say how much).",
            lambda row: "free" if row.listing.cost == "free" else "charge",
            covers=("cost",),
            required=True,
            enum=("free", "charge"),
        ),
        field_column(
            "cost_amount",
            "cost.amount",
            "The charge in GBP; empty when free.",
            "number",
            minimum=bounds(Cost, "amount")["minimum"],
        ),
        field_column(
            "cost_per",
            "cost.per",
            "What the charge is for; empty when free.",
            enum=choices_of(Cost, "per"),
        ),
        field_column(
            "booking",
            "booking",
            "How to join.",
            required=True,
            enum=choices_of(Activity, "booking"),
        ),
        Column(
            "schedule",
            "string",
            "by-appointment, self-paced (online, at any time), or its schedule rules in the "
            "compact form of hubs.csv's "
            "opening_hours; each rule is also a row of sessions.csv, unless every venue "
            "is closed and it is neither online nor by telephone.",
            lambda row: (
                row.listing.schedule
                if isinstance(row.listing.schedule, str)
                else rules_text(row.listing.schedule)
            ),
            covers=("schedule",),
            required=True,
        ),
        *_contact_columns("Contact"),
        field_column(
            "languages", "languages", "BCP 47 language tags, ;-separated.", pattern=LANGUAGES
        ),
        field_column(
            "accessibility", "accessibility", "Features, ;-separated.", pattern=ACCESSIBILITY
        ),
        field_column("valid_from", "valid_from", "First day it runs, if bounded.", "date"),
        field_column("valid_to", "valid_to", "Last day it runs, if bounded.", "date"),
        field_column("last_reviewed", "last_reviewed", REVIEWED, "date", required=True),
        # Added after the others, so every earlier column keeps its position.
        field_column(
            "delivered_by_name",
            "delivered_by.name",
            "The organisation delivering it for the authority (an NHS trust, a charity ...); "
            "empty when the authority delivers it itself.",
        ),
        field_column(
            "delivered_by_type",
            "delivered_by.type",
            "What kind of organisation delivers it; empty when the authority does.",
            enum=choices_of(DeliveryPartner, "type"),
        ),
        field_column(
            "delivered_by_website",
            "delivered_by.website",
            "The delivering organisation's website.",
            pattern=URL,
        ),
    )


def _session_columns() -> tuple[Column, ...]:
    return (
        Column(
            "session_id",
            "string",
            "This rule's id: <activity id>-<position>.",
            lambda row: f"{row.listing.id}-{row.position}",
            required=True,
            pattern=f"{SLUG}-[1-9][0-9]*",
        ),
        Column(
            "activity_id",
            "string",
            "Id of the activity (a row of activities.csv).",
            lambda row: row.listing.id,
            required=True,
            pattern=SLUG,
        ),
        Column(
            "position",
            "integer",
            "Position of the rule in the activity's schedule, from 1.",
            lambda row: row.position,
            required=True,
            minimum=1,
        ),
        rule_column("freq", "How often.", required=True, enum=choices_of(ScheduleRule, "freq")),
        rule_column(
            "byday",
            "Days, ;-separated: mon, tue ... (weekly); 1tue (first Tuesday), -1fri (last "
            "Friday) ... (monthly); empty for once. A code column: never formula-escaped.",
            pattern=BYDAY,
            code=True,
        ),
        rule_column("date", "The date of a once rule.", "date"),
        rule_column("opens_at", "Start, 24-hour HH:MM, UK local time.", "time", required=True),
        rule_column("closes_at", "End, 24-hour HH:MM, UK local time.", "time", required=True),
        rule_column(
            "term_time_only", "Whether it runs in school terms only.", "boolean", required=True
        ),
        rule_column("valid_from", "First day this rule applies, if bounded.", "date"),
        rule_column("valid_to", "Last day this rule applies, if bounded.", "date"),
        rule_column("note", "A note about this rule."),
    )


def csv_tables(taxonomy: Taxonomy) -> tuple[Table, ...]:
    """The five tables in publishing order; the offer-area columns follow `taxonomy`."""
    belongs = ("authority", "authorities", "id")
    branch_extra = (
        field_column(
            "hub", "hub", "Id of its hub (a row of hubs.csv).", required=True, pattern=SLUG
        ),
        field_column(
            "site_type",
            "site_type",
            "What kind of site.",
            required=True,
            enum=choices_of(Branch, "site_type"),
        ),
    )
    return (
        Table(
            "authorities",
            "authority",
            "Local authorities, one row each, sorted by id.",
            _authority_columns(),
            listing_rows("authority"),
            "id",
        ),
        Table(
            "hubs",
            "hub",
            "Family hubs (main buildings), one row each, sorted by id.",
            _site_columns("hub", Hub, ()),
            listing_rows("hub"),
            "id",
            (belongs,),
        ),
        Table(
            "branches",
            "branch",
            "Branch sites of the hubs, one row each, sorted by id.",
            _site_columns("branch", Branch, branch_extra),
            listing_rows("branch"),
            "id",
            (belongs, ("hub", "hubs", "id")),
        ),
        Table(
            "activities",
            "activity",
            "Activities, one row each, sorted by id.",
            _activity_columns(taxonomy),
            activity_rows,
            "id",
            (belongs,),
        ),
        Table(
            "sessions",
            "activity",
            "One row per schedule rule of each activity, by activity id then position; each "
            "session is held at the activity's venues (open sites only), online or by "
            "telephone. An activity by appointment or self-paced has no rows (its schedule "
            "in activities.csv says so), nor has one that can be attended nowhere "
            "now (every venue closed, and neither online nor by telephone).",
            _session_columns(),
            session_rows,
            "session_id",
            (("activity_id", "activities", "id"),),
        ),
    )
