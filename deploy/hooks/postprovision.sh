#!/usr/bin/env bash
# azd hook, after `azd provision` (azure.yaml): deploy.sh's step between its two Bicep passes. Pushes the demo
# RandomNumber function's code (zip deploy, remote build) to the function app provisioned by main.bicep, so that
# its host runs before `azd deploy` writes the function key. Nothing to do when you bring your own API.
set -euo pipefail
HOOKS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "${HOOKS_DIR}/../lib.sh"

: "${AZURE_SUBSCRIPTION_ID:?azd sets AZURE_SUBSCRIPTION_ID}"
: "${AZURE_RESOURCE_GROUP:?azd sets AZURE_RESOURCE_GROUP}"
AZURE_DEMO_API_NAME="${AZURE_DEMO_API_NAME:-}"

if [[ -z "${AZURE_DEMO_API_NAME}" ]]; then
  info "Your own third-party API: no demo function to deploy."
  exit 0
fi
require_az "${AZURE_SUBSCRIPTION_ID}"
WORK_DIR="$(mktemp -d)"
trap 'rm -rf -- "${WORK_DIR}"' EXIT

step "Deploying the demo RandomNumber function code to ${AZURE_DEMO_API_NAME} (zip deploy, remote build)"
push_demo_api "${AZURE_SUBSCRIPTION_ID}" "${AZURE_RESOURCE_GROUP}" "${AZURE_DEMO_API_NAME}" "${WORK_DIR}"
