"""The regions of the shipped 1952-1955 map of Europe, which a scenario's ``map`` section colours.

The map asset (``assets/map/europe_1955.json``, built by ``tools/build_map.py``) has
exactly these regions; the loader checks a scenario's region names against them.
"""

REGIONS: dict[str, str] = {
    "uk": "United Kingdom",
    "ireland": "Ireland",
    "iceland": "Iceland",
    "norway": "Norway",
    "sweden": "Sweden",
    "finland": "Finland",
    "denmark": "Denmark",
    "netherlands": "Netherlands",
    "belgium": "Belgium",
    "luxembourg": "Luxembourg",
    "france": "France",
    "spain": "Spain",
    "portugal": "Portugal",
    "italy": "Italy",
    "switzerland": "Switzerland",
    "austria": "Austria",
    "frg": "West Germany (FRG)",
    "gdr": "East Germany (GDR)",
    "west_berlin": "West Berlin",
    "poland": "Poland",
    "czechoslovakia": "Czechoslovakia",
    "hungary": "Hungary",
    "romania": "Romania",
    "bulgaria": "Bulgaria",
    "albania": "Albania",
    "yugoslavia": "Yugoslavia",
    "greece": "Greece",
    "turkey": "Turkey",
    "ussr": "Soviet Union",
}

#: Blocs a region can be in besides the scenario's own side ids.
EXTRA_BLOCS = ("neutral", "contested")
