#!/usr/bin/env bash
# azd hook, after `azd down` (azure.yaml): what deploy/teardown.sh does after deleting the resource group. Removes
# this deployment's own app registration (found by its uniqueName, main.bicep's AZURE_AUTH_APP_UNIQUE_NAME) and its
# service principal, and with them every app role assignment to the API: the smoke test's identity's (gone with the
# resource group anyway) and yours (AUTH_GRANT_DEPLOYER). A registration you gave as AUTH_CLIENT_ID is never touched.
# PURGE_APP_REGISTRATION=false keeps it restorable in Entra's deleted items for 30 days (its uniqueName stays taken,
# so the same environment cannot be deployed again until then). Then AUTH_CLIENT_ID and AUTH_APP_ID_URI are cleared,
# so that the next `azd up` makes a new registration instead of using the deleted one.
set -euo pipefail
umask 077
HOOKS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "${HOOKS_DIR}/../lib.sh"

: "${AZURE_ENV_NAME:?azd sets AZURE_ENV_NAME}"
: "${AZURE_SUBSCRIPTION_ID:?azd sets AZURE_SUBSCRIPTION_ID}"
AZURE_AUTH_APP_UNIQUE_NAME="${AZURE_AUTH_APP_UNIQUE_NAME:-}"
AUTH_CLIENT_ID="${AUTH_CLIENT_ID:-}"
PURGE_APP_REGISTRATION="${PURGE_APP_REGISTRATION:-true}"

if [[ -z "${AZURE_AUTH_APP_UNIQUE_NAME}" ]]; then
  info "This environment was never provisioned with an app registration: nothing to remove in Entra ID."
  exit 0
fi
require_az "${AZURE_SUBSCRIPTION_ID}"
command -v azd >/dev/null 2>&1 || die "azd not found on PATH (this script is an azd hook)."
WORK_DIR="$(mktemp -d)"
trap 'rm -rf -- "${WORK_DIR}"' EXIT

step "Entra ID: removing the app registration ${AZURE_AUTH_APP_UNIQUE_NAME} and every app role assignment to it"
own="$(graph_get "/applications(uniqueName='${AZURE_AUTH_APP_UNIQUE_NAME}')?\$select=appId" appId 2>/dev/null || true)"
delete_api_registration "${AZURE_AUTH_APP_UNIQUE_NAME}" "${PURGE_APP_REGISTRATION}" "${WORK_DIR}"
if [[ -n "${own}" && "${AUTH_CLIENT_ID}" == "${own}" ]]; then
  run azd env set --environment "${AZURE_ENV_NAME}" AUTH_CLIENT_ID ""
  run azd env set --environment "${AZURE_ENV_NAME}" AUTH_APP_ID_URI ""
fi
