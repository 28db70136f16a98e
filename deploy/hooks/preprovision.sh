#!/usr/bin/env bash
# azd hook, before `azd provision` (azure.yaml): what deploy.sh does before its first Bicep pass. Registers the
# resource providers the templates use and, in demo mode, checks that the demo API's region offers Flex Consumption.
# azd runs it with its environment's values as variables; it uses the Azure CLI's sign-in.
set -euo pipefail
HOOKS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "${HOOKS_DIR}/../lib.sh"

: "${AZURE_SUBSCRIPTION_ID:?azd sets AZURE_SUBSCRIPTION_ID}"
: "${AZURE_LOCATION:?azd sets AZURE_LOCATION}"
THIRD_PARTY_API_ENDPOINT="${THIRD_PARTY_API_ENDPOINT:-}"
DEMO_API_LOCATION="${DEMO_API_LOCATION:-}"

require_az "${AZURE_SUBSCRIPTION_ID}"
if [[ -n "${THIRD_PARTY_API_ENDPOINT}" && "${THIRD_PARTY_API_ENDPOINT}" != https://* ]]; then
  die "THIRD_PARTY_API_ENDPOINT must be an https:// URL."
fi

step "Registering resource providers (no-op when already registered)"
register_providers "${AZURE_SUBSCRIPTION_ID}"

if [[ -z "${THIRD_PARTY_API_ENDPOINT}" ]]; then
  check_flex_region "${AZURE_SUBSCRIPTION_ID}" "${DEMO_API_LOCATION:-${AZURE_LOCATION}}"
fi
