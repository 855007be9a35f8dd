#!/usr/bin/env bash
# Adds the entries for new public members of a package project to its PublicAPI.Unshipped.txt (review the diff).
# Usage: eng/update-public-api.sh [src/KlingO1 | src/KlingO1.Testing]   (default: every project under src/)
# Removed or changed members: the old lines the analyzer reports (RS0017) are deleted first.
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
file="$project/PublicAPI.Unshipped.txt"
# Lines naming members that no longer exist: the analyzer quotes each as "Symbol '<line>' is part of the declared API".
dotnet build "$project" -c Release -p:TargetFramework=net10.0 --no-restore 2>&1 \
  | grep -o "RS0017: Symbol '.*' is part of the declared API" | sed "s/^RS0017: Symbol '//;s/' is part of the declared API$//" | sort -u \
  | while IFS= read -r gone; do
      grep -vxF -- "$gone" "$file" > "$file.tmp" || true
      mv "$file.tmp" "$file"
      printf 'Removed from %s: %s\n' "$file" "$gone"
    done || true   # the build fails while entries are missing; that is what this script is for
dotnet msbuild "$project/$(basename "$project").csproj" -p:TargetFramework=net10.0 -t:ResolveAssemblyReferences -getItem:ReferencePath \
  | grep -o '"Identity": "[^"]*"' | sed 's/"Identity": "//;s/"$//' > "$refs"
new=$(dotnet run --project eng/PublicApiGen -c Release -- "$project" "$refs")
if [ -z "$new" ]; then
  echo "$project: PublicAPI files are up to date."
  exit 0
fi
{ head -n 1 "$file"; { tail -n +2 "$file"; printf '%s\n' "$new"; } | sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
printf 'Added to %s:\n%s\n' "$file" "$new"
