#!/usr/bin/env bash
# Install the Debian packages in tests/system-packages.txt that are missing: as root with apt-get
# (failing when an install fails), otherwise stop with the one command that installs them.
set -euo pipefail
list="$(dirname "$0")/system-packages.txt"
missing=()
while read -r package command; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  command -v "$command" >/dev/null 2>&1 || missing+=("$package")
done <"$list"
[[ ${#missing[@]} -eq 0 ]] && exit 0
install="apt-get install -y ${missing[*]}"
if [[ "$(id -u)" -ne 0 ]]; then
  echo "missing system packages for the tests: ${missing[*]}" >&2
  echo "install them with: sudo apt-get update && sudo $install" >&2
  exit 1
fi
echo "installing system packages for the tests: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$install -qq >/dev/null
