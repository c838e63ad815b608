"""Listing file texts shared by several test modules."""

# Line 5, column 15 is where `infant-feding` starts.
TYPO_ACTIVITY = """\
id: typo-feeding-cafe
name: Typo Feeding Cafe
description: A feeding cafe whose offer area is misspelt.
status: running
offer_areas: [infant-feding]
venues: [testshire-central-hub]
audience: [parents]
age_range: {min: 0, max: 2}
cost: free
booking: drop-in
schedule: by-appointment
last_reviewed: 2026-10-01
"""
