import os
import sys

sys.path.insert(0, os.environ["ONEPLUSMG_EXT_DIR"])
extensions = ["myst_parser", "oneplusmg"]
project = "Registry test"
exclude_patterns = ["_data"]
