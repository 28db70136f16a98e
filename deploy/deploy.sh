#!/usr/bin/env bash
# Deploys integrated-auth to Azure Container Apps in one command (after `az login`).
#
#   deploy/deploy.sh                      # demo third-party API included
#   THIRD_PARTY_API_ENDPOINT=https://example.net/api/RandomNumber \
#   THIRD_PARTY_API_KEY_FILE=~/.secrets/api-key deploy/deploy.sh   # your own API
#
# Steps: resource group -> Bicep pass 1 (infrastructure, the smoke test's
# identity) -> Entra ID: the API's app registration, its app roles for that
# identity -> demo API code (zip) -> native image built in the registry (az acr
# build) -> Bicep pass 2 (keys, secret grant, container app, the smoke test's
# job) -> wait for the revision -> GET /api/v1/getcode without a token (401) ->
# the job, as that identity: getcode with its token, verify that code twice
# (valid, then not) -> show its entity with your own Entra identity.
#
# Every setting is an environment variable; see deploy/README.md ("Parameters").
# Secrets are never put on a command line, printed, or emitted as deployment outputs.
# `azd up` runs the same templates and, through deploy/hooks, the same steps
# (docs/deployment.md); this script is for machines without azd.
set -euo pipefail
umask 077

# Capture a caller-supplied key and drop it from the environment at once, so no
# child process (az, curl, ...) inherits it.
provided_key="${THIRD_PARTY_API_KEY:-}"
unset THIRD_PARTY_API_KEY

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
# shellcheck source=lib.sh
. "${SCRIPT_DIR}/lib.sh"

AZURE_LOCATION="${AZURE_LOCATION:-eastus2}"
RESOURCE_GROUP="${RESOURCE_GROUP:-rg-integrated-auth}"
PREFIX="${PREFIX:-intauth}"
IMAGE_TAG="${IMAGE_TAG:-}"
SKIP_BUILD="${SKIP_BUILD:-false}"
MIN_REPLICAS="${MIN_REPLICAS:-1}"
MAX_REPLICAS="${MAX_REPLICAS:-5}"
DEMO_API_LOCATION="${DEMO_API_LOCATION:-${AZURE_LOCATION}}"
THIRD_PARTY_API_ENDPOINT="${THIRD_PARTY_API_ENDPOINT:-}"
THIRD_PARTY_API_KEY_FILE="${THIRD_PARTY_API_KEY_FILE:-}"
ROTATE_API_KEY="${ROTATE_API_KEY:-false}"
GRANT_DEVELOPER_ACCESS="${GRANT_DEVELOPER_ACCESS:-false}"
DEPLOYER_PRINCIPAL_ID="${DEPLOYER_PRINCIPAL_ID:-}"
DEPLOYER_PRINCIPAL_TYPE="${DEPLOYER_PRINCIPAL_TYPE:-}"
READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-900}"
# Who may call (docs/deployment.md, "Who may call it"): empty AUTH_CLIENT_ID = make (or update) this deployment's own
# app registration; a GUID = use that registration as it is.
AUTH_ENABLED="${AUTH_ENABLED:-true}"
AUTH_CLIENT_ID="${AUTH_CLIENT_ID:-}"
AUTH_TENANT_ID="${AUTH_TENANT_ID:-}"
AUTH_APP_ID_URI="${AUTH_APP_ID_URI:-}"
AUTH_GRANT_DEPLOYER="${AUTH_GRANT_DEPLOYER:-false}"

SECRET_NAME="third-party-api-key"
INFRA_DEPLOYMENT="integrated-auth-infra"
APP_DEPLOYMENT="integrated-auth-app"
# main.bicep's name for app.bicep's nested deployment (pass 2), whose outputs hold the app's FQDN.
REVISION_DEPLOYMENT="integrated-auth-revision"

TMP_DIR="$(mktemp -d)"
trap 'rm -rf -- "${TMP_DIR}"' EXIT

# ------------------------------------------------------------------ checks
step "Checking prerequisites and parameters"
command -v az >/dev/null 2>&1 || die "Azure CLI (az) not found; install it and run 'az login'."
command -v curl >/dev/null 2>&1 || die "curl not found."
[[ "${PREFIX}" =~ ^[a-z][a-z0-9]{2,7}$ ]] || die "PREFIX must be 3-8 lowercase letters/digits starting with a letter (got '${PREFIX}')."
[[ "${MIN_REPLICAS}" =~ ^[0-9]+$ && "${MAX_REPLICAS}" =~ ^[0-9]+$ ]] || die "MIN_REPLICAS and MAX_REPLICAS must be integers."
(( MIN_REPLICAS <= MAX_REPLICAS && MAX_REPLICAS >= 1 )) || die "Need 0 <= MIN_REPLICAS <= MAX_REPLICAS and MAX_REPLICAS >= 1."
if is_true "${SKIP_BUILD}" && [[ -z "${IMAGE_TAG}" ]]; then
  die "SKIP_BUILD=true needs IMAGE_TAG set to an image tag already in the registry."
fi
if ! is_true "${SKIP_BUILD}" && [[ ! -f "${REPO_ROOT}/docker/Dockerfile.native" ]]; then
  die "${REPO_ROOT}/docker/Dockerfile.native not found."
fi
if [[ -n "${THIRD_PARTY_API_ENDPOINT}" ]]; then
  [[ "${THIRD_PARTY_API_ENDPOINT}" == https://* ]] || die "THIRD_PARTY_API_ENDPOINT must be an https:// URL."
  DEPLOY_DEMO_API=false
else
  DEPLOY_DEMO_API=true
fi
if [[ -n "${AUTH_CLIENT_ID}" && ! "${AUTH_CLIENT_ID}" =~ ^[0-9a-fA-F-]{36}$ ]]; then
  die "AUTH_CLIENT_ID must be an application (client) id, a GUID (got '${AUTH_CLIENT_ID}')."
fi
if [[ -n "${THIRD_PARTY_API_KEY_FILE}" && ! -r "${THIRD_PARTY_API_KEY_FILE}" ]]; then
  die "THIRD_PARTY_API_KEY_FILE '${THIRD_PARTY_API_KEY_FILE}' is not readable."
fi
if [[ -z "${IMAGE_TAG}" ]]; then
  git_sha="$(git -C "${REPO_ROOT}" rev-parse --short=12 HEAD 2>/dev/null || echo local)"
  IMAGE_TAG="${git_sha}-$(date -u +%Y%m%d%H%M%S)"
fi

az account show --output none 2>/dev/null || die "Not signed in. Run 'az login' (and 'az account set --subscription <id>')."
SUBSCRIPTION_ID="$(az account show --query id --output tsv)"
info "Subscription:    $(az account show --query name --output tsv) (${SUBSCRIPTION_ID})"
info "Resource group:  ${RESOURCE_GROUP} (${AZURE_LOCATION})"
info "Prefix:          ${PREFIX}"
info "Image tag:       ${IMAGE_TAG}$(is_true "${SKIP_BUILD}" && echo ' (existing, build skipped)')"
info "Replicas:        ${MIN_REPLICAS}..${MAX_REPLICAS}"
if ! auth_enabled "${AUTH_ENABLED}"; then
  info "Callers:         anyone (AUTH_ENABLED=false)"
elif [[ -n "${AUTH_CLIENT_ID}" ]]; then
  info "Callers:         Entra ID tokens for ${AUTH_CLIENT_ID} (AUTH_CLIENT_ID; made by this deployment, or yours as it is)"
else
  info "Callers:         Entra ID tokens for this deployment's own app registration (made or updated after pass 1)"
fi
if [[ "${DEPLOY_DEMO_API}" == true ]]; then
  info "Third-party API: demo RandomNumber Functions app in ${DEMO_API_LOCATION}"
else
  info "Third-party API: ${THIRD_PARTY_API_ENDPOINT} (your own; demo API not deployed)"
fi

# The signed-in identity gets Storage Queue Data Reader on the queues and Storage
# Table Data Reader on the codes' table (to look at the result) and, with
# GRANT_DEVELOPER_ACCESS=true, the laptop roles.
if [[ -z "${DEPLOYER_PRINCIPAL_ID}" ]]; then
  user_type="$(az account show --query user.type --output tsv)"
  if [[ "${user_type}" == "user" ]]; then
    DEPLOYER_PRINCIPAL_ID="$(az ad signed-in-user show --query id --output tsv 2>/dev/null || true)"
    DEPLOYER_PRINCIPAL_TYPE="${DEPLOYER_PRINCIPAL_TYPE:-User}"
  else
    sp_app_id="$(az account show --query user.name --output tsv)"
    DEPLOYER_PRINCIPAL_ID="$(az ad sp show --id "${sp_app_id}" --query id --output tsv 2>/dev/null || true)"
    DEPLOYER_PRINCIPAL_TYPE="${DEPLOYER_PRINCIPAL_TYPE:-ServicePrincipal}"
  fi
fi
DEPLOYER_PRINCIPAL_TYPE="${DEPLOYER_PRINCIPAL_TYPE:-User}"
if [[ -n "${DEPLOYER_PRINCIPAL_ID}" ]]; then
  info "Deployer:        ${DEPLOYER_PRINCIPAL_TYPE} ${DEPLOYER_PRINCIPAL_ID}"
else
  warn "Could not resolve your Entra object id (set DEPLOYER_PRINCIPAL_ID); the entity query at the end will be skipped."
fi

# ------------------------------------------------------- providers + group
step "Registering resource providers (no-op when already registered)"
register_providers "${SUBSCRIPTION_ID}"

if [[ "${DEPLOY_DEMO_API}" == true ]]; then
  check_flex_region "${SUBSCRIPTION_ID}" "${DEMO_API_LOCATION}"
fi

step "Resource group ${RESOURCE_GROUP}"
if [[ "$(az group exists --name "${RESOURCE_GROUP}")" == "true" ]]; then
  info "exists ($(az group show --name "${RESOURCE_GROUP}" --query location --output tsv))"
else
  run az group create --name "${RESOURCE_GROUP}" --location "${AZURE_LOCATION}" --tags project=integrated-auth --output none
fi

# ------------------------------------------------------------------ pass 1
common_params=(
  --parameters "@${SCRIPT_DIR}/deploy.parameters.json"
  --parameters
  "prefix=${PREFIX}"
  "location=${AZURE_LOCATION}"
  "minReplicas=${MIN_REPLICAS}"
  "maxReplicas=${MAX_REPLICAS}"
  "deployDemoApi=${DEPLOY_DEMO_API}"
  "demoApiLocation=${DEMO_API_LOCATION}"
  "thirdPartyApiEndpoint=${THIRD_PARTY_API_ENDPOINT}"
  "deployerPrincipalId=${DEPLOYER_PRINCIPAL_ID}"
  "deployerPrincipalType=${DEPLOYER_PRINCIPAL_TYPE}"
  "grantDeveloperAccess=$(is_true "${GRANT_DEVELOPER_ACCESS}" && echo true || echo false)"
)

step "Bicep pass 1/2: registry, identity, Key Vault, queue, role grants, demo API (no container app yet)"
run az deployment group create \
  --resource-group "${RESOURCE_GROUP}" \
  --name "${INFRA_DEPLOYMENT}" \
  --template-file "${SCRIPT_DIR}/main.bicep" \
  "${common_params[@]}" \
  "deployApp=false" \
  --output none

output_of() {
  az deployment group show --resource-group "${RESOURCE_GROUP}" --name "$1" \
    --query "properties.outputs.$2.value" --output tsv
}
ACR_NAME="$(output_of "${INFRA_DEPLOYMENT}" AZURE_CONTAINER_REGISTRY_NAME)"
KEY_VAULT_ID="$(output_of "${INFRA_DEPLOYMENT}" AZURE_KEY_VAULT_ID)"
STORAGE_ACCOUNT="$(output_of "${INFRA_DEPLOYMENT}" AZURE_STORAGE_ACCOUNT_NAME)"
QUEUE_NAME="$(output_of "${INFRA_DEPLOYMENT}" AZURE_STORAGE_QUEUE_NAME)"
TABLE_NAME="$(output_of "${INFRA_DEPLOYMENT}" AZURE_STORAGE_TABLE_NAME)"
DEMO_API_NAME="$(output_of "${INFRA_DEPLOYMENT}" AZURE_DEMO_API_NAME)"
CONTAINER_APP_NAME="$(output_of "${INFRA_DEPLOYMENT}" AZURE_CONTAINER_APP_NAME)"
SMOKE_TEST_PRINCIPAL_ID="$(output_of "${INFRA_DEPLOYMENT}" AZURE_SMOKE_TEST_IDENTITY_PRINCIPAL_ID)"
SMOKE_TEST_CLIENT_ID="$(output_of "${INFRA_DEPLOYMENT}" AZURE_SMOKE_TEST_IDENTITY_CLIENT_ID)"
SMOKE_TEST_JOB_NAME="$(output_of "${INFRA_DEPLOYMENT}" AZURE_SMOKE_TEST_JOB_NAME)"
AUTH_APP_UNIQUE_NAME="$(output_of "${INFRA_DEPLOYMENT}" AZURE_AUTH_APP_UNIQUE_NAME)"
AUTH_APP_DISPLAY_NAME="$(output_of "${INFRA_DEPLOYMENT}" AZURE_AUTH_APP_DISPLAY_NAME)"
info "Registry ${ACR_NAME}, vault ${KEY_VAULT_ID##*/}, storage ${STORAGE_ACCOUNT}/${QUEUE_NAME}, app ${CONTAINER_APP_NAME}"

# ------------------------------------------------------------- Entra ID
# Before the image build, so that the smoke test's app role assignments have its minutes to propagate.
if auth_enabled "${AUTH_ENABLED}"; then
  step "Entra ID: the API's app registration, and the app roles of the smoke test's identity"
  grant_deployer=""
  if is_true "${AUTH_GRANT_DEPLOYER}"; then
    grant_deployer="${DEPLOYER_PRINCIPAL_ID}"
    [[ -n "${grant_deployer}" ]] || warn "AUTH_GRANT_DEPLOYER=true, but your object id is unknown (set DEPLOYER_PRINCIPAL_ID)."
  fi
  configure_api_registration "${AUTH_APP_UNIQUE_NAME}" "${AUTH_APP_DISPLAY_NAME}" "${SMOKE_TEST_PRINCIPAL_ID}" \
    "${grant_deployer}" "${TMP_DIR}"
else
  info "AUTH_ENABLED=false: no app registration; the app will serve anyone."
fi

# ---------------------------------------------------------- demo API code
if [[ "${DEPLOY_DEMO_API}" == true ]]; then
  step "Deploying the demo RandomNumber function code to ${DEMO_API_NAME} (zip deploy, remote build)"
  push_demo_api "${SUBSCRIPTION_ID}" "${RESOURCE_GROUP}" "${DEMO_API_NAME}" "${TMP_DIR}"
fi

# ------------------------------------------------------------ image build
if is_true "${SKIP_BUILD}"; then
  step "Skipping the image build; using ${ACR_NAME}.azurecr.io/integrated-auth:${IMAGE_TAG}"
else
  step "Building the native image in ${ACR_NAME} with ACR Tasks (no local Docker); this takes several minutes"
  (cd "${REPO_ROOT}" && run az acr build \
    --registry "${ACR_NAME}" \
    --image "integrated-auth:${IMAGE_TAG}" \
    --file docker/Dockerfile.native \
    --platform linux/amd64 \
    --timeout 3600 \
    .)
fi

# ------------------------------------------------------------- API key
step "Deciding whether to write the third-party API key"
has_secret=false
if secret_exists "${KEY_VAULT_ID}" "${SECRET_NAME}"; then
  has_secret=true
fi
info "Secret ${SECRET_NAME} exists in the vault: ${has_secret}"

write_key=false
key_params=()
api_key="${provided_key}"
provided_key=""
if [[ -z "${api_key}" && -n "${THIRD_PARTY_API_KEY_FILE}" ]]; then
  IFS= read -r api_key <"${THIRD_PARTY_API_KEY_FILE}" || true
  api_key="${api_key%$'\r'}"
  [[ -n "${api_key}" ]] || die "THIRD_PARTY_API_KEY_FILE is empty."
fi
if [[ -n "${api_key}" ]]; then
  write_key=true
  info "Using the key you supplied (file or THIRD_PARTY_API_KEY)."
elif [[ "${has_secret}" == false ]] || is_true "${ROTATE_API_KEY}"; then
  write_key=true
  if [[ "${DEPLOY_DEMO_API}" == true ]]; then
    info "A new random key is generated inside the ARM deployment (newGuid()); it is set as the"
    info "demo API's function key and stored in the vault, and never leaves Azure."
  else
    (exec </dev/tty) 2>/dev/null || die "No key supplied and no terminal: set THIRD_PARTY_API_KEY_FILE or THIRD_PARTY_API_KEY."
    IFS= read -r -s -p "Enter the key for ${THIRD_PARTY_API_ENDPOINT} (input hidden): " api_key </dev/tty || true
    printf '\n' >&2
    [[ -n "${api_key}" ]] || die "Empty key."
  fi
else
  info "Keeping the existing secret (set ROTATE_API_KEY=true to replace it)."
fi

if [[ -n "${api_key}" ]]; then
  [[ "${api_key}" != *[[:cntrl:]]* ]] || die "The key contains control characters."
  # JSON-escape backslashes and quotes, then write a parameters file readable
  # only by you (umask 077, private mktemp dir, removed by the EXIT trap).
  # printf is a shell builtin, so the value never appears in any argv.
  escaped="${api_key//\\/\\\\}"
  escaped="${escaped//\"/\\\"}"
  printf '{"contentVersion":"1.0.0.0","parameters":{"thirdPartyApiKey":{"value":"%s"}}}\n' \
    "${escaped}" >"${TMP_DIR}/secret.parameters.json"
  escaped=""
  api_key=""
  key_params=(--parameters "@${TMP_DIR}/secret.parameters.json")
fi

# ------------------------------------------------------------------ pass 2
step "Bicep pass 2/2: API key + vault secret (if needed), Key Vault Secrets User, container app, smoke test job"
run az deployment group create \
  --resource-group "${RESOURCE_GROUP}" \
  --name "${APP_DEPLOYMENT}" \
  --template-file "${SCRIPT_DIR}/main.bicep" \
  "${common_params[@]}" \
  "deployApp=true" \
  "imageTag=${IMAGE_TAG}" \
  "writeThirdPartyApiKey=${write_key}" \
  "authEnabled=$(auth_enabled "${AUTH_ENABLED}" && echo true || echo false)" \
  "authTenantId=${AUTH_TENANT_ID}" \
  "authClientId=${AUTH_CLIENT_ID}" \
  "authAppIdUri=${AUTH_APP_ID_URI}" \
  ${key_params[@]+"${key_params[@]}"} \
  --output none
rm -f -- "${TMP_DIR}/secret.parameters.json"

APP_FQDN="$(output_of "${REVISION_DEPLOYMENT}" AZURE_CONTAINER_APP_FQDN)"

# ------------------------------------------------------ wait for revision
step "Waiting for the latest revision to become ready (up to ${READY_TIMEOUT_SECONDS}s)"
wait_for_revision "${SUBSCRIPTION_ID}" "${RESOURCE_GROUP}" "${CONTAINER_APP_NAME}" "${READY_TIMEOUT_SECONDS}"

# ------------------------------------------------- smoke test, verify it
show_entity=false
if [[ -n "${DEPLOYER_PRINCIPAL_ID}" ]]; then
  show_entity=true
fi
smoke_test "${SUBSCRIPTION_ID}" "${RESOURCE_GROUP}" "${CONTAINER_APP_NAME}" "${APP_FQDN}" "${SMOKE_TEST_JOB_NAME}" \
  "${AUTH_ENABLED}" "${STORAGE_ACCOUNT}" "${TABLE_NAME}" "${show_entity}" "${TMP_DIR}"

step "Done"
info "Service:  https://${APP_FQDN}/api/v1/getcode"
if auth_enabled "${AUTH_ENABLED}"; then
  info "Auth:     AUTH_TENANT_ID=${AUTH_TENANT_ID} AUTH_CLIENT_ID=${AUTH_CLIENT_ID} AUTH_APP_ID_URI=${AUTH_APP_ID_URI}"
  print_token_commands "${APP_FQDN}" "${AUTH_APP_ID_URI:-${AUTH_CLIENT_ID}}" "${SMOKE_TEST_CLIENT_ID}"
  info "Verify:   curl -H \"Authorization: Bearer \$TOKEN\" -H 'Content-Type: application/json' -d '{\"code\":\"...\"}' https://${APP_FQDN}/api/v1/codes/verify"
else
  info "Verify:   curl -H 'Content-Type: application/json' -d '{\"code\":\"...\"}' https://${APP_FQDN}/api/v1/codes/verify"
fi
info "Queue:    az storage message peek --auth-mode login --account-name ${STORAGE_ACCOUNT} --queue-name ${QUEUE_NAME} --num-messages 32"
info "Poison:   az storage message peek --auth-mode login --account-name ${STORAGE_ACCOUNT} --queue-name ${QUEUE_NAME}-poison --num-messages 32"
info "Codes:    az storage entity query --auth-mode login --account-name ${STORAGE_ACCOUNT} --table-name ${TABLE_NAME}"
info "Remove:   RESOURCE_GROUP=${RESOURCE_GROUP} ${SCRIPT_DIR}/teardown.sh"
