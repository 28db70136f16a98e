#!/usr/bin/env bash
# azd hook, after `azd provision` (azure.yaml): deploy.sh's steps between its two Bicep passes.
#   1. Entra ID (deploy/lib.sh, configure_api_registration): the API's app registration with its app roles, its
#      service principal, and Codes.Issue and Codes.Verify for the smoke test's identity (main.bicep made it). Done
#      here, before the image build, so the assignments have those minutes to propagate. The ids go to azd's
#      environment as AUTH_TENANT_ID, AUTH_CLIENT_ID and AUTH_APP_ID_URI, which app.parameters.json passes to the
#      container app. Skipped with AUTH_ENABLED=false.
#   2. Pushes the demo RandomNumber function's code (zip deploy, remote build) to the function app provisioned by
#      main.bicep, so that its host runs before `azd deploy` writes the function key. Nothing to do when you bring your
#      own API.
set -euo pipefail
umask 077
HOOKS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "${HOOKS_DIR}/../lib.sh"

: "${AZURE_ENV_NAME:?azd sets AZURE_ENV_NAME}"
: "${AZURE_SUBSCRIPTION_ID:?azd sets AZURE_SUBSCRIPTION_ID}"
: "${AZURE_RESOURCE_GROUP:?azd sets AZURE_RESOURCE_GROUP}"
: "${AZURE_AUTH_APP_UNIQUE_NAME:?run azd provision first (main.bicep output AZURE_AUTH_APP_UNIQUE_NAME)}"
: "${AZURE_AUTH_APP_DISPLAY_NAME:?run azd provision first (main.bicep output AZURE_AUTH_APP_DISPLAY_NAME)}"
: "${AZURE_SMOKE_TEST_IDENTITY_PRINCIPAL_ID:?run azd provision first (main.bicep output AZURE_SMOKE_TEST_IDENTITY_PRINCIPAL_ID)}"
AZURE_DEMO_API_NAME="${AZURE_DEMO_API_NAME:-}"
AUTH_ENABLED="${AUTH_ENABLED:-true}"
AUTH_CLIENT_ID="${AUTH_CLIENT_ID:-}"
AUTH_TENANT_ID="${AUTH_TENANT_ID:-}"
AUTH_APP_ID_URI="${AUTH_APP_ID_URI:-}"
AUTH_GRANT_DEPLOYER="${AUTH_GRANT_DEPLOYER:-false}"

require_az "${AZURE_SUBSCRIPTION_ID}"
command -v azd >/dev/null 2>&1 || die "azd not found on PATH (this script is an azd hook)."
WORK_DIR="$(mktemp -d)"
trap 'rm -rf -- "${WORK_DIR}"' EXIT

if auth_enabled "${AUTH_ENABLED}"; then
  step "Entra ID: the API's app registration, and the app roles of the smoke test's identity"
  deployer=""
  if is_true "${AUTH_GRANT_DEPLOYER}"; then
    deployer="${AZURE_PRINCIPAL_ID:-}"
    [[ -n "${deployer}" ]] || warn "AUTH_GRANT_DEPLOYER=true, but azd did not say who you are (AZURE_PRINCIPAL_ID)."
  fi
  configure_api_registration "${AZURE_AUTH_APP_UNIQUE_NAME}" "${AZURE_AUTH_APP_DISPLAY_NAME}" \
    "${AZURE_SMOKE_TEST_IDENTITY_PRINCIPAL_ID}" "${deployer}" "${WORK_DIR}"
  run azd env set --environment "${AZURE_ENV_NAME}" AUTH_TENANT_ID "${AUTH_TENANT_ID}"
  run azd env set --environment "${AZURE_ENV_NAME}" AUTH_CLIENT_ID "${AUTH_CLIENT_ID}"
  run azd env set --environment "${AZURE_ENV_NAME}" AUTH_APP_ID_URI "${AUTH_APP_ID_URI}"
else
  info "AUTH_ENABLED=false: no app registration; the app will serve anyone."
fi

if [[ -z "${AZURE_DEMO_API_NAME}" ]]; then
  info "Your own third-party API: no demo function to deploy."
  exit 0
fi
step "Deploying the demo RandomNumber function code to ${AZURE_DEMO_API_NAME} (zip deploy, remote build)"
push_demo_api "${AZURE_SUBSCRIPTION_ID}" "${AZURE_RESOURCE_GROUP}" "${AZURE_DEMO_API_NAME}" "${WORK_DIR}"
