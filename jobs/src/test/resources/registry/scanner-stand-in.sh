#!/usr/bin/env bash
# Stands in for grype (<ref> -o json) and trivy (image --format json --quiet <ref>) in the registry
# tests, which cannot install either. It prints a real report from ../shared/fixtures/, chosen by
# the repository of the reference it is given: the file "map" beside this script has lines
# "<repository> <fixture path>", the file "fixtures" the fixtures folder. Repositories named
# *hang*, *fail* or *garbage* make it hang, exit 1, or print something that is not JSON.
# Every call is appended to calls.log beside it, one argument per field, tab-separated.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
(IFS=$'\t'; echo "$*") >> "$here/calls.log"
if [ "${1:-}" = "image" ]; then ref="${!#}"; else ref="${1:-}"; fi
name="${ref%%@*}"
repository="${name#*/}"
case "$repository" in
  *hang*)
    sleep 300 &
    echo $! > "$here/hang.pid"
    wait
    ;;
  *fail*)
    echo "1 error occurred: GET https://$ref: UNAUTHORIZED: user assay with password ${GRYPE_REGISTRY_AUTH_PASSWORD:-none} refused" >&2
    exit 1
    ;;
  *garbage*)
    echo "Scanning image... done. this is not { json"
    exit 0
    ;;
esac
fixture="$(awk -v r="$repository" '$1 == r { print $2 }' "$here/map")"
if [ -z "$fixture" ]; then
  echo "no fixture mapped for $repository" >&2
  exit 2
fi
cat "$(cat "$here/fixtures")/$fixture"
