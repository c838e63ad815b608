"""The listings folder's layout (SPEC §3): the kinds of listing file and where each lives.

Kept apart from the models so that finding the files loads no schema code.
"""

from __future__ import annotations

# The kinds of listing file, in the order `discover` names them (hubctl.models has a
# model for each, MODEL_BY_KIND).
KINDS = ("authority", "hub", "branch", "activity")
# The folder under listings/<authority>/ that holds each kind (authority.yaml has none).
FOLDER_BY_KIND = {"hub": "hubs", "branch": "branches", "activity": "activities"}
