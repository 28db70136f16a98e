#!/usr/bin/env bash
# Deploys integrated-auth to Azure Container Apps in one command (after `az login`).
#
#   deploy/deploy.sh                      # demo third-party API included
#   THIRD_PARTY_API_ENDPOINT=https://example.net/api/RandomNumber \
#   THIRD_PARTY_API_KEY_FILE=~/.secrets/api-key deploy/deploy.sh   # your own API
#
# Steps: resource group -> Bicep pass 1 (infrastructure) -> demo API code (zip)
# -> native image built in the registry (az acr build) -> Bicep pass 2 (keys,
# secret grant, container app) -> wait for the revision -> GET /api/v1/getcode
# -> verify that code twice (valid, then not) -> show its entity with your own
# Entra identity.
#
# Every setting is an environment variable; see deploy/README.md ("Parameters").
# Secrets are never put on a command line, printed, or emitted as deployment outputs.
set -euo pipefail
umask 077

# Capture a caller-supplied key and drop it from the environment at once, so no
# child process (az, curl, ...) inherits it.
provided_key="${THIRD_PARTY_API_KEY:-}"
unset THIRD_PARTY_API_KEY

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"

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

SECRET_NAME="third-party-api-key"
INFRA_DEPLOYMENT="integrated-auth-infra"
APP_DEPLOYMENT="integrated-auth-app"
CONTAINERAPPS_API="2024-03-01"
KEYVAULT_API="2023-07-01"

step() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
# Prints a command, then runs it. Only ever used for commands without secrets.
run() {
  printf '    +'
  printf ' %q' "$@"
  printf '\n'
  "$@"
}
is_true() {
  case "$1" in
    true | TRUE | True | 1 | yes | YES | Yes) return 0 ;;
    *) return 1 ;;
  esac
}

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
for ns in Microsoft.App Microsoft.OperationalInsights Microsoft.ContainerRegistry \
  Microsoft.KeyVault Microsoft.Storage Microsoft.ManagedIdentity Microsoft.Web; do
  state="$(az provider show --namespace "${ns}" --query registrationState --output tsv 2>/dev/null || echo NotRegistered)"
  if [[ "${state}" == "Registered" ]]; then
    info "${ns}: Registered"
  else
    run az provider register --namespace "${ns}" --wait
  fi
done

if [[ "${DEPLOY_DEMO_API}" == true ]]; then
  flex_regions="$(az functionapp list-flexconsumption-locations --query '[].name' --output tsv 2>/dev/null || true)"
  if [[ -n "${flex_regions}" ]] && ! grep -qxF "${DEMO_API_LOCATION}" <<<"${flex_regions}"; then
    die "Region '${DEMO_API_LOCATION}' does not offer the Flex Consumption plan; set DEMO_API_LOCATION to one of: $(tr '\n' ' ' <<<"${flex_regions}")"
  fi
fi

step "Resource group ${RESOURCE_GROUP}"
if [[ "$(az group exists --name "${RESOURCE_GROUP}")" == "true" ]]; then
  info "exists ($(az group show --name "${RESOURCE_GROUP}" --query location --output tsv))"
else
  run az group create --name "${RESOURCE_GROUP}" --location "${AZURE_LOCATION}" --tags project=integrated-auth --output none
fi

# ------------------------------------------------------------------ pass 1
common_params=(
  --parameters "@${SCRIPT_DIR}/main.parameters.json"
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
ACR_NAME="$(output_of "${INFRA_DEPLOYMENT}" registryName)"
KEY_VAULT_ID="$(output_of "${INFRA_DEPLOYMENT}" keyVaultId)"
STORAGE_ACCOUNT="$(output_of "${INFRA_DEPLOYMENT}" storageAccountName)"
QUEUE_NAME="$(output_of "${INFRA_DEPLOYMENT}" queueName)"
TABLE_NAME="$(output_of "${INFRA_DEPLOYMENT}" tableName)"
DEMO_API_NAME="$(output_of "${INFRA_DEPLOYMENT}" demoApiName)"
CONTAINER_APP_NAME="$(output_of "${INFRA_DEPLOYMENT}" containerAppName)"
info "Registry ${ACR_NAME}, vault ${KEY_VAULT_ID##*/}, storage ${STORAGE_ACCOUNT}/${QUEUE_NAME}, app ${CONTAINER_APP_NAME}"

# ---------------------------------------------------------- demo API code
if [[ "${DEPLOY_DEMO_API}" == true ]]; then
  step "Deploying the demo RandomNumber function code to ${DEMO_API_NAME} (zip deploy, remote build)"
  zip_file="${TMP_DIR}/demo-api.zip"
  demo_files=(function_app.py host.json requirements.txt)
  if command -v zip >/dev/null 2>&1; then
    (cd "${SCRIPT_DIR}/demo-api" && zip -q "${zip_file}" "${demo_files[@]}")
  elif command -v python3 >/dev/null 2>&1; then
    (cd "${SCRIPT_DIR}/demo-api" && python3 -m zipfile -c "${zip_file}" "${demo_files[@]}")
  else
    die "Need 'zip' or 'python3' to package deploy/demo-api."
  fi
  run az functionapp deployment source config-zip \
    --resource-group "${RESOURCE_GROUP}" --name "${DEMO_API_NAME}" \
    --src "${zip_file}" --build-remote true --timeout 900 --output none
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
secret_exists=false
if az rest --method get --url "${KEY_VAULT_ID}/secrets/${SECRET_NAME}?api-version=${KEYVAULT_API}" \
  --query name --output tsv >/dev/null 2>&1; then
  secret_exists=true
fi
info "Secret ${SECRET_NAME} exists in the vault: ${secret_exists}"

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
elif [[ "${secret_exists}" == false ]] || is_true "${ROTATE_API_KEY}"; then
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
step "Bicep pass 2/2: API key + vault secret (if needed), Key Vault Secrets User, container app"
run az deployment group create \
  --resource-group "${RESOURCE_GROUP}" \
  --name "${APP_DEPLOYMENT}" \
  --template-file "${SCRIPT_DIR}/main.bicep" \
  "${common_params[@]}" \
  "deployApp=true" \
  "imageTag=${IMAGE_TAG}" \
  "writeThirdPartyApiKey=${write_key}" \
  ${key_params[@]+"${key_params[@]}"} \
  --output none
rm -f -- "${TMP_DIR}/secret.parameters.json"

APP_FQDN="$(output_of "${APP_DEPLOYMENT}" containerAppFqdn)"
APP_ID="/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.App/containerApps/${CONTAINER_APP_NAME}"

# ------------------------------------------------------ wait for revision
step "Waiting for the latest revision to become ready (up to ${READY_TIMEOUT_SECONDS}s)"
app_prop() {
  az rest --method get --url "${APP_ID}?api-version=${CONTAINERAPPS_API}" \
    --query "properties.$1" --output tsv
}
deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
while :; do
  latest="$(app_prop latestRevisionName)"
  ready="$(app_prop latestReadyRevisionName)"
  state="$(az rest --method get --url "${APP_ID}/revisions/${latest}?api-version=${CONTAINERAPPS_API}" \
    --query "properties.runningState" --output tsv 2>/dev/null || echo unknown)"
  info "revision ${latest}: ${state}; latest ready: ${ready:-none}"
  if [[ -n "${latest}" && "${latest}" == "${ready}" ]]; then
    break
  fi
  if [[ "${state}" == "Failed" ]]; then
    die "Revision ${latest} failed. Logs: az containerapp logs show -g ${RESOURCE_GROUP} -n ${CONTAINER_APP_NAME} --type system"
  fi
  if (( SECONDS >= deadline )); then
    die "Timed out. Check: az containerapp revision list -g ${RESOURCE_GROUP} -n ${CONTAINER_APP_NAME} -o table"
  fi
  sleep 15
done

# ------------------------------------------------------------- smoke test
URL="https://${APP_FQDN}/api/v1/getcode"
step "Calling GET ${URL}"
info "(retries for a few minutes: new role assignments can take that long to propagate)"
body=""
for attempt in $(seq 1 20); do
  status="$(curl -sS --max-time 30 -o "${TMP_DIR}/response" -w '%{http_code}' "${URL}" || echo 000)"
  if [[ "${status}" == "200" ]]; then
    body="$(cat "${TMP_DIR}/response")"
    break
  fi
  info "attempt ${attempt}: HTTP ${status}; retrying in 15s"
  sleep 15
done
[[ -n "${body}" ]] || die "No HTTP 200 from ${URL}. Logs: az containerapp logs show -g ${RESOURCE_GROUP} -n ${CONTAINER_APP_NAME}"
info "Response: ${body}"
code="$(sed -n 's/.*"code"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' <<<"${body}")"

# ------------------------------------------------------------- verify it
# The consumer in the app takes the code's message within a second (and hides
# it until the code expires), so a peek would not find it. The code's life is
# checked instead: valid once, then not.
if [[ -n "${code}" ]]; then
  VERIFY_URL="https://${APP_FQDN}/api/v1/codes/verify"
  step "Verifying ${code} twice: POST ${VERIFY_URL}"
  first="$(curl -sS --max-time 30 -H 'Content-Type: application/json' -d "{\"code\":\"${code}\"}" "${VERIFY_URL}" || true)"
  second="$(curl -sS --max-time 30 -H 'Content-Type: application/json' -d "{\"code\":\"${code}\"}" "${VERIFY_URL}" || true)"
  info "first:  ${first}"
  info "second: ${second}"
  if [[ "${first}" == *'"valid":true'* && "${second}" == *'"valid":false'* ]]; then
    info "Valid once, then not: the table and its roles work."
  else
    warn "Expected valid once, then not. Logs: az containerapp logs show -g ${RESOURCE_GROUP} -n ${CONTAINER_APP_NAME}"
  fi
  if [[ -n "${DEPLOYER_PRINCIPAL_ID}" ]]; then
    info "The code's entity (Storage Table Data Reader, no account key):"
    az storage entity query --auth-mode login --account-name "${STORAGE_ACCOUNT}" --table-name "${TABLE_NAME}" \
      --filter "PartitionKey eq '${code}'" --query 'items' --output jsonc 2>/dev/null \
      || info "(not readable yet: role propagation can take a few minutes)"
  fi
fi

step "Done"
info "Service:  https://${APP_FQDN}/api/v1/getcode"
info "Verify:   curl -H 'Content-Type: application/json' -d '{\"code\":\"...\"}' https://${APP_FQDN}/api/v1/codes/verify"
info "Queue:    az storage message peek --auth-mode login --account-name ${STORAGE_ACCOUNT} --queue-name ${QUEUE_NAME} --num-messages 32"
info "Poison:   az storage message peek --auth-mode login --account-name ${STORAGE_ACCOUNT} --queue-name ${QUEUE_NAME}-poison --num-messages 32"
info "Codes:    az storage entity query --auth-mode login --account-name ${STORAGE_ACCOUNT} --table-name ${TABLE_NAME}"
info "Remove:   RESOURCE_GROUP=${RESOURCE_GROUP} ${SCRIPT_DIR}/teardown.sh"
