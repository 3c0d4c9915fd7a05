import os
import sys

sys.path.insert(0, os.environ["ONEPLUSMG_EXT_DIR"])
# No .bib file of its own: the guidelines' entries come from the registry.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "oneplusmg"]
oneplusmg_data_dir = os.environ["ONEPLUSMG_TEST_DATA"]
oneplusmg_today = "2026-11-25"
bibtex_default_style = "plain"
project = "Bibliography test"
