"""The regions of the shipped 1952-1955 map of Europe, which a scenario's ``map`` section colours.

The map asset (``assets/map/europe_1955.json``, built by ``tools/build_map.py``) has
exactly these regions; the loader checks a scenario's region names against them.
"""



def N_(name: str) -> str:
    """Marks a name for the interface's translators (``pybabel extract``); the desktop shows it
    translated. Defined here because the scenario package imports nothing of the front ends."""
    return name


REGIONS: dict[str, str] = {
    "uk": N_("United Kingdom"),
    "ireland": N_("Ireland"),
    "iceland": N_("Iceland"),
    "norway": N_("Norway"),
    "sweden": N_("Sweden"),
    "finland": N_("Finland"),
    "denmark": N_("Denmark"),
    "netherlands": N_("Netherlands"),
    "belgium": N_("Belgium"),
    "luxembourg": N_("Luxembourg"),
    "france": N_("France"),
    "spain": N_("Spain"),
    "portugal": N_("Portugal"),
    "italy": N_("Italy"),
    "switzerland": N_("Switzerland"),
    "austria": N_("Austria"),
    "frg": N_("West Germany (FRG)"),
    "gdr": N_("East Germany (GDR)"),
    "west_berlin": N_("West Berlin"),
    "poland": N_("Poland"),
    "czechoslovakia": N_("Czechoslovakia"),
    "hungary": N_("Hungary"),
    "romania": N_("Romania"),
    "bulgaria": N_("Bulgaria"),
    "albania": N_("Albania"),
    "yugoslavia": N_("Yugoslavia"),
    "greece": N_("Greece"),
    "turkey": N_("Turkey"),
    "ussr": N_("Soviet Union"),
}

#: Blocs a region can be in besides the scenario's own side ids.
EXTRA_BLOCS = ("neutral", "contested")
