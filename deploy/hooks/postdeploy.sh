#!/usr/bin/env bash
# azd hook, after `azd deploy` (azure.yaml, service integrated-auth): deploy.sh's last steps. Waits until the latest
# revision is ready; with authentication on, GET /api/v1/getcode without a token must be a 401 problem; then the smoke
# test's caller, a Container Apps job running as the identity granted Codes.Issue and Codes.Verify, gets a code with
# its own token (retrying while the assignments propagate) and verifies it twice: valid, then not (deploy/lib.sh,
# smoke_test). When the signed-in principal got Storage Table Data Reader, the code's entity is shown.
set -euo pipefail
umask 077
HOOKS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "${HOOKS_DIR}/../lib.sh"

: "${AZURE_SUBSCRIPTION_ID:?azd sets AZURE_SUBSCRIPTION_ID}"
: "${AZURE_RESOURCE_GROUP:?azd sets AZURE_RESOURCE_GROUP}"
: "${AZURE_CONTAINER_APP_NAME:?run azd provision first (main.bicep output AZURE_CONTAINER_APP_NAME)}"
: "${AZURE_CONTAINER_APP_FQDN:?azd deploy sets it (app.bicep output AZURE_CONTAINER_APP_FQDN)}"
: "${AZURE_STORAGE_ACCOUNT_NAME:?run azd provision first (main.bicep output AZURE_STORAGE_ACCOUNT_NAME)}"
: "${AZURE_STORAGE_TABLE_NAME:?run azd provision first (main.bicep output AZURE_STORAGE_TABLE_NAME)}"
: "${AZURE_SMOKE_TEST_JOB_NAME:?run azd provision first (main.bicep output AZURE_SMOKE_TEST_JOB_NAME)}"
READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-900}"
AUTH_ENABLED="${AUTH_ENABLED:-true}"
AUTH_CLIENT_ID="${AUTH_CLIENT_ID:-}"
AUTH_APP_ID_URI="${AUTH_APP_ID_URI:-}"

command -v curl >/dev/null 2>&1 || die "curl not found."
require_az "${AZURE_SUBSCRIPTION_ID}"
WORK_DIR="$(mktemp -d)"
trap 'rm -rf -- "${WORK_DIR}"' EXIT

step "Waiting for the latest revision to become ready (up to ${READY_TIMEOUT_SECONDS}s)"
wait_for_revision "${AZURE_SUBSCRIPTION_ID}" "${AZURE_RESOURCE_GROUP}" "${AZURE_CONTAINER_APP_NAME}" \
  "${READY_TIMEOUT_SECONDS}"

# azd grants its signed-in principal (AZURE_PRINCIPAL_ID) the reader roles, as deploy.sh grants you.
smoke_test "${AZURE_SUBSCRIPTION_ID}" "${AZURE_RESOURCE_GROUP}" "${AZURE_CONTAINER_APP_NAME}" \
  "${AZURE_CONTAINER_APP_FQDN}" "${AZURE_SMOKE_TEST_JOB_NAME}" "${AUTH_ENABLED}" \
  "${AZURE_STORAGE_ACCOUNT_NAME}" "${AZURE_STORAGE_TABLE_NAME}" true "${WORK_DIR}"

step "Done"
info "Service:  https://${AZURE_CONTAINER_APP_FQDN}/api/v1/getcode"
if auth_enabled "${AUTH_ENABLED}"; then
  print_token_commands "${AZURE_CONTAINER_APP_FQDN}" "${AUTH_APP_ID_URI:-${AUTH_CLIENT_ID}}" \
    "${AZURE_SMOKE_TEST_IDENTITY_CLIENT_ID:-}"
fi
info "Traces:   Application Insights ${AZURE_APPLICATION_INSIGHTS_NAME:-} (Transaction search, or AppRequests/AppDependencies)"
info "Remove:   azd down --purge (its postdown hook also removes the app registration)"
