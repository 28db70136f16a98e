#!/usr/bin/env bash
# azd hook, before `azd deploy` deploys the revision (azure.yaml, service integrated-auth): deploy.sh's "Deciding
# whether to write the third-party API key". Its answer goes to the azd environment as WRITE_THIRD_PARTY_API_KEY,
# which app.parameters.json passes to app.bicep; azd reloads its environment after every hook.
#
#   Demo API     the key is written (a fresh GUID made inside ARM, never on this machine) when the secret does not
#                exist yet, or when ROTATE_API_KEY=true.
#   Your own API the key comes from the file THIRD_PARTY_API_KEY_FILE (first line) and is written here, through an
#                ARM deployment of modules/keyvault-secret.bicep with a parameters file readable only by you, never
#                on a command line and never in the azd environment. Without that file the secret must exist.
# Key Vault's data plane is never used: the secret's existence is checked through ARM (metadata only).
# It also stops a deployment that would start the app with authentication on and no app registration to check
# tokens against (the postprovision hook sets AUTH_CLIENT_ID).
set -euo pipefail
umask 077
HOOKS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEPLOY_DIR="$(cd "${HOOKS_DIR}/.." && pwd)"
# shellcheck source=../lib.sh
. "${DEPLOY_DIR}/lib.sh"

: "${AZURE_ENV_NAME:?azd sets AZURE_ENV_NAME}"
: "${AZURE_SUBSCRIPTION_ID:?azd sets AZURE_SUBSCRIPTION_ID}"
: "${AZURE_RESOURCE_GROUP:?azd sets AZURE_RESOURCE_GROUP}"
: "${AZURE_KEY_VAULT_ID:?run azd provision first (main.bicep output AZURE_KEY_VAULT_ID)}"
: "${AZURE_KEY_VAULT_NAME:?run azd provision first (main.bicep output AZURE_KEY_VAULT_NAME)}"
: "${AZURE_KEY_VAULT_SECRET_NAME:?run azd provision first (main.bicep output AZURE_KEY_VAULT_SECRET_NAME)}"
AZURE_DEMO_API_NAME="${AZURE_DEMO_API_NAME:-}"
ROTATE_API_KEY="${ROTATE_API_KEY:-false}"
THIRD_PARTY_API_KEY_FILE="${THIRD_PARTY_API_KEY_FILE:-}"
AUTH_ENABLED="${AUTH_ENABLED:-true}"
AUTH_CLIENT_ID="${AUTH_CLIENT_ID:-}"
AUTH_TENANT_ID="${AUTH_TENANT_ID:-}"

command -v azd >/dev/null 2>&1 || die "azd not found on PATH (this script is an azd hook)."
require_az "${AZURE_SUBSCRIPTION_ID}"

if auth_enabled "${AUTH_ENABLED}"; then
  [[ -n "${AUTH_CLIENT_ID}" && -n "${AUTH_TENANT_ID}" ]] \
    || die "AUTH_CLIENT_ID or AUTH_TENANT_ID is empty: run azd provision (its postprovision hook makes the app registration), set them to an existing registration, or set AUTH_ENABLED=false."
  info "Tokens for ${AUTH_CLIENT_ID} (${AUTH_APP_ID_URI:-no identifier URI}) in tenant ${AUTH_TENANT_ID}"
fi

step "Deciding whether to write the third-party API key"
has_secret=false
if secret_exists "${AZURE_KEY_VAULT_ID}" "${AZURE_KEY_VAULT_SECRET_NAME}"; then
  has_secret=true
fi
info "Secret ${AZURE_KEY_VAULT_SECRET_NAME} exists in the vault: ${has_secret}"

write=false
if [[ -n "${AZURE_DEMO_API_NAME}" ]]; then
  if [[ "${has_secret}" == false ]] || is_true "${ROTATE_API_KEY}"; then
    write=true
    info "A new random key is generated inside the ARM deployment (newGuid()); it is set as the"
    info "demo API's function key and stored in the vault, and never leaves Azure."
  else
    info "Keeping the existing secret (set ROTATE_API_KEY=true to replace it)."
  fi
elif [[ -n "${THIRD_PARTY_API_KEY_FILE}" ]]; then
  [[ -r "${THIRD_PARTY_API_KEY_FILE}" ]] || die "THIRD_PARTY_API_KEY_FILE '${THIRD_PARTY_API_KEY_FILE}' is not readable."
  api_key=""
  IFS= read -r api_key <"${THIRD_PARTY_API_KEY_FILE}" || true
  api_key="${api_key%$'\r'}"
  [[ -n "${api_key}" ]] || die "THIRD_PARTY_API_KEY_FILE is empty."
  [[ "${api_key}" != *[[:cntrl:]]* ]] || die "The key contains control characters."
  WORK_DIR="$(mktemp -d)"
  trap 'rm -rf -- "${WORK_DIR}"' EXIT
  # JSON-escape backslashes and quotes; printf is a builtin, so the value never appears in any argv.
  escaped="${api_key//\\/\\\\}"
  escaped="${escaped//\"/\\\"}"
  printf '{"contentVersion":"1.0.0.0","parameters":{"secretValue":{"value":"%s"}}}\n' \
    "${escaped}" >"${WORK_DIR}/secret.parameters.json"
  escaped=""
  api_key=""
  step "Writing your key from THIRD_PARTY_API_KEY_FILE to ${AZURE_KEY_VAULT_NAME}/${AZURE_KEY_VAULT_SECRET_NAME} (ARM, no data-plane role)"
  run az deployment group create --subscription "${AZURE_SUBSCRIPTION_ID}" \
    --resource-group "${AZURE_RESOURCE_GROUP}" \
    --name integrated-auth-own-api-key \
    --template-file "${DEPLOY_DIR}/modules/keyvault-secret.bicep" \
    --parameters "vaultName=${AZURE_KEY_VAULT_NAME}" "secretName=${AZURE_KEY_VAULT_SECRET_NAME}" \
    --parameters "@${WORK_DIR}/secret.parameters.json" \
    --output none
  rm -f -- "${WORK_DIR}/secret.parameters.json"
elif [[ "${has_secret}" == false ]]; then
  die "Your own API (THIRD_PARTY_API_ENDPOINT) needs its key: set THIRD_PARTY_API_KEY_FILE to a file holding it."
else
  info "Keeping the existing secret (set THIRD_PARTY_API_KEY_FILE to replace it)."
fi

run azd env set --environment "${AZURE_ENV_NAME}" WRITE_THIRD_PARTY_API_KEY "${write}"
