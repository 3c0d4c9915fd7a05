#!/usr/bin/env bash
# Make sure the system packages a target needs are present.
#
#   scripts/system-deps.sh latex     TeX for `make latexpdf` (xelatex, latexmk, fonts, poppler)
#   scripts/system-deps.sh browser   Chromium, Node.js and Java for the browser tests and checkers
#   scripts/system-deps.sh all       both
#
# As root on a Debian-like system the missing packages are installed with apt-get; otherwise the
# script stops with one line naming the packages to install. Nothing is ever skipped silently:
# a target that needs a package either gets it or fails with that line.
set -euo pipefail

latex_packages="latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex xindy fonts-freefont-otf tex-gyre poppler-utils"
# Java runs the Nu HTML Checker (vnu.jar, from npm); with Java present, vnu-jar's install step
# downloads no runtime of its own.
browser_packages="chromium nodejs npm default-jre-headless"

case "${1:-all}" in
  latex) wanted="$latex_packages" ;;
  browser) wanted="$browser_packages" ;;
  all) wanted="$latex_packages $browser_packages time" ;;  # GNU time: the benchmarks' peak memory
  *) echo "usage: $0 latex|browser|all" >&2; exit 2 ;;
esac

missing=()
# Packages whose command is enough (Node.js may come from another source than Debian's package,
# and any Java runtime will do).
declare -A command_of=([latexmk]=latexmk [texlive-xetex]=xelatex [xindy]=xindy
  [poppler-utils]=pdftotext [chromium]=chromium [nodejs]=node [npm]=npm [default-jre-headless]=java)
have_dpkg=$(command -v dpkg-query >/dev/null 2>&1 && echo yes || echo no)
for pkg in $wanted; do
  cmd=${command_of[$pkg]:-}
  if [[ "$pkg" == nodejs || "$pkg" == npm || "$pkg" == default-jre-headless || "$have_dpkg" == no ]]; then
    [[ -z "$cmd" ]] || command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  else
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
  fi
done

[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "Missing system packages: ${missing[*]} (install them with: sudo apt-get install ${missing[*]})" >&2
exit 1
