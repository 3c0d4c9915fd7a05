import os
import sys

sys.path.insert(0, os.environ["ONEPLUSMG_EXT_DIR"])
extensions = ["myst_parser", "oneplusmg"]
oneplusmg_data_dir = os.environ["ONEPLUSMG_TEST_DATA"]
oneplusmg_today = "2026-11-25"
templates_path = ["_templates"]
project = "Funding test"
