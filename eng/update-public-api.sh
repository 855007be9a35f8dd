#!/usr/bin/env bash
# Adds the entries for new public members of a package project to its PublicAPI.Unshipped.txt (review the diff).
# Usage: eng/update-public-api.sh [src/KlingO1 | src/KlingO1.Testing]   (default: every project under src/)
# Removed or changed members (RS0017) are not handled: delete their old lines by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  for p in src/*/; do "$0" "${p%/}"; done
  exit 0
fi
project=${1%/}
refs=$(mktemp)
trap 'rm -f "$refs"' EXIT
dotnet restore "$project" >/dev/null
dotnet msbuild "$project/$(basename "$project").csproj" -p:TargetFramework=net10.0 -t:ResolveAssemblyReferences -getItem:ReferencePath \
  | grep -o '"Identity": "[^"]*"' | sed 's/"Identity": "//;s/"$//' > "$refs"
new=$(dotnet run --project eng/PublicApiGen -c Release -- "$project" "$refs")
if [ -z "$new" ]; then
  echo "$project: PublicAPI files are up to date."
  exit 0
fi
file="$project/PublicAPI.Unshipped.txt"
{ head -n 1 "$file"; { tail -n +2 "$file"; printf '%s\n' "$new"; } | sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
printf 'Added to %s:\n%s\n' "$file" "$new"
