# shellcheck shell=bash
# Steps shared by deploy.sh and azd's hooks (deploy/hooks/*.sh), so that `azd up` and deploy.sh run the same
# commands. Sourced, never run; every function takes the subscription explicitly, because azd's environment may
# name another subscription than the Azure CLI's default one.

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

CONTAINERAPPS_API="2024-03-01"
KEYVAULT_API="2023-07-01"

# require_az SUBSCRIPTION: the Azure CLI is there and signed in to a tenant that sees SUBSCRIPTION.
require_az() {
  command -v az >/dev/null 2>&1 || die "Azure CLI (az) not found; install it and run 'az login'."
  az account show --subscription "$1" --output none 2>/dev/null \
    || die "The Azure CLI cannot see subscription '$1'. Run 'az login' (azd hooks use the Azure CLI's sign-in)."
}

# register_providers SUBSCRIPTION: registers the resource providers the templates use (no-op when registered; a
# warning, not a failure, when the signed-in principal may not register them).
register_providers() {
  local subscription="$1" ns state
  for ns in Microsoft.App Microsoft.OperationalInsights Microsoft.Insights Microsoft.ContainerRegistry \
    Microsoft.KeyVault Microsoft.Storage Microsoft.ManagedIdentity Microsoft.Web; do
    state="$(az provider show --subscription "${subscription}" --namespace "${ns}" \
      --query registrationState --output tsv 2>/dev/null || echo NotRegistered)"
    if [[ "${state}" == "Registered" ]]; then
      info "${ns}: Registered"
    elif ! run az provider register --subscription "${subscription}" --namespace "${ns}" --wait; then
      # A principal scoped to the resource group cannot register providers; the deployment says so if it matters.
      warn "Could not register ${ns}; someone with a subscription-level role can: az provider register --namespace ${ns}"
    fi
  done
}

# check_flex_region SUBSCRIPTION REGION: the demo API's region offers Flex Consumption (skipped if the list is empty).
check_flex_region() {
  local regions
  regions="$(az functionapp list-flexconsumption-locations --subscription "$1" --query '[].name' --output tsv \
    2>/dev/null || true)"
  if [[ -n "${regions}" ]] && ! grep -qxF "$2" <<<"${regions}"; then
    die "Region '$2' does not offer the Flex Consumption plan; set DEMO_API_LOCATION to one of: $(tr '\n' ' ' <<<"${regions}")"
  fi
}

# push_demo_api SUBSCRIPTION RESOURCE_GROUP FUNCTION_APP WORK_DIR: zip-deploys deploy/demo-api with a remote build.
push_demo_api() {
  local subscription="$1" group="$2" name="$3" work="$4"
  local src zip_file
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/demo-api"
  zip_file="${work}/demo-api.zip"
  local demo_files=(function_app.py host.json requirements.txt)
  rm -f -- "${zip_file}"
  if command -v zip >/dev/null 2>&1; then
    (cd "${src}" && zip -q "${zip_file}" "${demo_files[@]}")
  elif command -v python3 >/dev/null 2>&1; then
    (cd "${src}" && python3 -m zipfile -c "${zip_file}" "${demo_files[@]}")
  else
    die "Need 'zip' or 'python3' to package deploy/demo-api."
  fi
  run az functionapp deployment source config-zip --subscription "${subscription}" \
    --resource-group "${group}" --name "${name}" \
    --src "${zip_file}" --build-remote true --timeout 900 --output none
}

# secret_exists KEY_VAULT_ID SECRET_NAME: the secret exists (ARM metadata only, never the value).
secret_exists() {
  az rest --method get --url "$1/secrets/$2?api-version=${KEYVAULT_API}" --query name --output tsv >/dev/null 2>&1
}

# wait_for_revision SUBSCRIPTION RESOURCE_GROUP APP TIMEOUT_SECONDS: until latestReadyRevisionName == latestRevisionName.
wait_for_revision() {
  local app_id="/subscriptions/$1/resourceGroups/$2/providers/Microsoft.App/containerApps/$3"
  local deadline=$((SECONDS + $4)) latest ready state
  while :; do
    latest="$(az rest --method get --url "${app_id}?api-version=${CONTAINERAPPS_API}" \
      --query properties.latestRevisionName --output tsv)"
    ready="$(az rest --method get --url "${app_id}?api-version=${CONTAINERAPPS_API}" \
      --query properties.latestReadyRevisionName --output tsv)"
    state="$(az rest --method get --url "${app_id}/revisions/${latest}?api-version=${CONTAINERAPPS_API}" \
      --query "properties.runningState" --output tsv 2>/dev/null || echo unknown)"
    info "revision ${latest}: ${state}; latest ready: ${ready:-none}"
    if [[ -n "${latest}" && "${latest}" == "${ready}" ]]; then
      return 0
    fi
    if [[ "${state}" == "Failed" ]]; then
      die "Revision ${latest} failed. Logs: az containerapp logs show -g $2 -n $3 --type system"
    fi
    if ((SECONDS >= deadline)); then
      die "Timed out. Check: az containerapp revision list -g $2 -n $3 -o table"
    fi
    sleep 15
  done
}

# smoke_test FQDN RESOURCE_GROUP APP STORAGE_ACCOUNT TABLE_NAME SHOW_ENTITY WORK_DIR:
# GET getcode (retrying while role assignments propagate), then verify that code twice: valid, then not.
smoke_test() {
  local fqdn="$1" group="$2" app="$3" account="$4" table="$5" show_entity="$6" work="$7"
  local url="https://${fqdn}/api/v1/getcode" body="" status attempt code first second verify_url
  step "Calling GET ${url}"
  info "(retries for a few minutes: new role assignments can take that long to propagate)"
  for attempt in $(seq 1 20); do
    status="$(curl -sS --max-time 30 -o "${work}/response" -w '%{http_code}' "${url}" || echo 000)"
    if [[ "${status}" == "200" ]]; then
      body="$(cat "${work}/response")"
      break
    fi
    info "attempt ${attempt}: HTTP ${status}; retrying in 15s"
    sleep 15
  done
  [[ -n "${body}" ]] || die "No HTTP 200 from ${url}. Logs: az containerapp logs show -g ${group} -n ${app}"
  info "Response: ${body}"
  code="$(sed -n 's/.*"code"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' <<<"${body}")"
  [[ -n "${code}" ]] || die "No code in the response."

  # The consumer in the app takes the code's message within a second (and hides
  # it until the code expires), so a peek would not find it. The code's life is
  # checked instead: valid once, then not.
  verify_url="https://${fqdn}/api/v1/codes/verify"
  step "Verifying ${code} twice: POST ${verify_url}"
  first="$(curl -sS --max-time 30 -H 'Content-Type: application/json' -d "{\"code\":\"${code}\"}" "${verify_url}" || true)"
  second="$(curl -sS --max-time 30 -H 'Content-Type: application/json' -d "{\"code\":\"${code}\"}" "${verify_url}" || true)"
  info "first:  ${first}"
  info "second: ${second}"
  if [[ "${first}" == *'"valid":true'* && "${second}" == *'"valid":false'* ]]; then
    info "Valid once, then not: the table and its roles work."
  else
    warn "Expected valid once, then not. Logs: az containerapp logs show -g ${group} -n ${app}"
  fi
  if is_true "${show_entity}"; then
    info "The code's entity (Storage Table Data Reader, no account key):"
    az storage entity query --auth-mode login --account-name "${account}" --table-name "${table}" \
      --filter "PartitionKey eq '${code}'" --query 'items' --output jsonc 2>/dev/null \
      || info "(not readable yet: role propagation can take a few minutes)"
  fi
}
