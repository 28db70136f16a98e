#!/usr/bin/env bash
# azd hook, after `azd deploy` (azure.yaml, service integrated-auth): deploy.sh's last steps. Waits until the latest
# revision is ready, calls GET /api/v1/getcode (retrying while role assignments propagate), verifies that code twice
# (valid, then not) and, when the signed-in principal got Storage Table Data Reader, shows the code's entity.
set -euo pipefail
HOOKS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
. "${HOOKS_DIR}/../lib.sh"

: "${AZURE_SUBSCRIPTION_ID:?azd sets AZURE_SUBSCRIPTION_ID}"
: "${AZURE_RESOURCE_GROUP:?azd sets AZURE_RESOURCE_GROUP}"
: "${AZURE_CONTAINER_APP_NAME:?run azd provision first (main.bicep output AZURE_CONTAINER_APP_NAME)}"
: "${AZURE_CONTAINER_APP_FQDN:?azd deploy sets it (app.bicep output AZURE_CONTAINER_APP_FQDN)}"
: "${AZURE_STORAGE_ACCOUNT_NAME:?run azd provision first (main.bicep output AZURE_STORAGE_ACCOUNT_NAME)}"
: "${AZURE_STORAGE_TABLE_NAME:?run azd provision first (main.bicep output AZURE_STORAGE_TABLE_NAME)}"
READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-900}"

command -v curl >/dev/null 2>&1 || die "curl not found."
require_az "${AZURE_SUBSCRIPTION_ID}"
WORK_DIR="$(mktemp -d)"
trap 'rm -rf -- "${WORK_DIR}"' EXIT

step "Waiting for the latest revision to become ready (up to ${READY_TIMEOUT_SECONDS}s)"
wait_for_revision "${AZURE_SUBSCRIPTION_ID}" "${AZURE_RESOURCE_GROUP}" "${AZURE_CONTAINER_APP_NAME}" \
  "${READY_TIMEOUT_SECONDS}"

# azd grants its signed-in principal (AZURE_PRINCIPAL_ID) the reader roles, as deploy.sh grants you.
smoke_test "${AZURE_CONTAINER_APP_FQDN}" "${AZURE_RESOURCE_GROUP}" "${AZURE_CONTAINER_APP_NAME}" \
  "${AZURE_STORAGE_ACCOUNT_NAME}" "${AZURE_STORAGE_TABLE_NAME}" true "${WORK_DIR}"

step "Done"
info "Service:  https://${AZURE_CONTAINER_APP_FQDN}/api/v1/getcode"
info "Traces:   Application Insights ${AZURE_APPLICATION_INSIGHTS_NAME:-} (Transaction search, or AppRequests/AppDependencies)"
info "Remove:   azd down --purge"
