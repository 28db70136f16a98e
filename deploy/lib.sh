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
GRAPH_URL="https://graph.microsoft.com/v1.0"
# The API's app roles (deploy/entra/api-application.json): the smoke test's caller gets both.
API_ROLES=(Codes.Issue Codes.Verify)

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

# ------------------------------------------------------------------------------------------------ Entra ID
# The API's app registration is made here, with Microsoft Graph through `az rest` (the Azure CLI's sign-in), not in
# Bicep: docs/decisions/0008-entra-app-registration-and-smoke-caller.md says why. Its definition is data:
# deploy/entra/api-application.json (roles, delegated scope, token version), api-application-expose.json (identifier
# URI and the Azure CLI's pre-authorization, which Graph takes only once the scope exists) and
# api-service-principal.json. The registration is keyed by its uniqueName (main.bicep: AZURE_AUTH_APP_UNIQUE_NAME), so
# re-runs update it instead of adding another.

# auth_enabled VALUE: false only for 'false' (any case), as app.bicep reads AUTH_ENABLED; empty means on.
auth_enabled() {
  [[ "$(tr '[:upper:]' '[:lower:]' <<<"${1:-true}")" != "false" ]]
}

# retry WORK_DIR ATTEMPTS PAUSE COMMAND...: COMMAND until it succeeds (its stdout passes through), or until it is
# refused for want of permission. Entra is eventually consistent: an object made seconds ago can be missing (404), or
# unknown as a principal (400), for a while. The last attempt's error is shown.
retry() {
  local work="$1" attempts="$2" pause="$3" i
  shift 3
  for ((i = 1; i <= attempts; i++)); do
    if "$@" 2>"${work}/retry.err"; then
      return 0
    fi
    # Refused is refused: waiting does not grant a permission.
    if grep -qE 'Authorization_RequestDenied|Insufficient privileges|Forbidden' "${work}/retry.err"; then
      break
    fi
    if ((i < attempts)); then
      # On stderr: callers capture the command's stdout.
      info "(not yet, attempt ${i}/${attempts}; Entra replicates new objects within seconds to minutes)" >&2
      sleep "${pause}"
    fi
  done
  cat "${work}/retry.err" >&2
  return 1
}

# graph_get PATH QUERY: a Graph read, with the JMESPath QUERY, as tsv.
graph_get() {
  az rest --method get --url "${GRAPH_URL}$1" --query "$2" --output tsv
}

# app_role_id SERVICE_PRINCIPAL_ID VALUE: the id of the app role VALUE (fails while the roles have not replicated).
app_role_id() {
  local id
  id="$(graph_get "/servicePrincipals/$1?\$select=appRoles" "appRoles[?value=='$2'].id | [0]")" || return 1
  [[ -n "${id}" && "${id}" != "None" ]] || {
    echo "no app role $2 on service principal $1 (yet)" >&2
    return 1
  }
  printf '%s\n' "${id}"
}

# grant_app_role SERVICE_PRINCIPAL_ID PRINCIPAL_ID ROLE_ID WORK_DIR: one app role assignment, made only when missing.
grant_app_role() {
  local sp="$1" principal="$2" role="$3" work="$4" have
  have="$(graph_get "/servicePrincipals/${sp}/appRoleAssignedTo?\$top=999" \
    "length(value[?principalId=='${principal}' && appRoleId=='${role}'])")" || return 1
  if [[ "${have}" != "0" ]]; then
    return 0
  fi
  printf '{"principalId":"%s","resourceId":"%s","appRoleId":"%s"}\n' "${principal}" "${sp}" "${role}" \
    >"${work}/app-role-assignment.json"
  az rest --method post --url "${GRAPH_URL}/servicePrincipals/${sp}/appRoleAssignedTo" \
    --body "@${work}/app-role-assignment.json" --output none
}

# assign_api_roles SERVICE_PRINCIPAL_ID PRINCIPAL_ID WHO WORK_DIR: PRINCIPAL_ID gets Codes.Issue and Codes.Verify on the
# API (Graph appRoleAssignedTo), each once.
assign_api_roles() {
  local sp="$1" principal="$2" who="$3" work="$4" value role
  for value in "${API_ROLES[@]}"; do
    role="$(retry "${work}" 12 10 app_role_id "${sp}" "${value}")" || return 1
    retry "${work}" 18 10 grant_app_role "${sp}" "${principal}" "${role}" "${work}" || return 1
    info "${value} (${role}): ${who} ${principal}"
  done
}

# assign_api_roles_hint SERVICE_PRINCIPAL_ID PRINCIPAL_ID: the commands someone who may assign the roles runs instead.
assign_api_roles_hint() {
  local value
  for value in "${API_ROLES[@]}"; do
    info "  ROLE=\$(az rest --method get --url \"${GRAPH_URL}/servicePrincipals/$1?\\\$select=appRoles\" --query \"appRoles[?value=='${value}'].id | [0]\" -o tsv)"
    info "  az rest --method post --url ${GRAPH_URL}/servicePrincipals/$1/appRoleAssignedTo --body \"{\\\"principalId\\\":\\\"$2\\\",\\\"resourceId\\\":\\\"$1\\\",\\\"appRoleId\\\":\\\"\$ROLE\\\"}\""
  done
}

# configure_api_registration UNIQUE_NAME DISPLAY_NAME CALLER_PRINCIPAL_ID DEPLOYER_PRINCIPAL_ID WORK_DIR:
# the API's app registration and who may call it. Reads the settings AUTH_CLIENT_ID, AUTH_TENANT_ID, AUTH_APP_ID_URI
# (any may be empty) and sets all three for the caller (deploy.sh passes them to pass 2; the postprovision hook
# stores them in azd's environment).
#   AUTH_CLIENT_ID empty, or the id of this deployment's own registration (UNIQUE_NAME): the registration is created
#     when missing, else brought in step with deploy/entra/, with its service principal (app role assignment
#     required); CALLER_PRINCIPAL_ID (the smoke test's job identity) gets both app roles, and so does
#     DEPLOYER_PRINCIPAL_ID when not empty (AUTH_GRANT_DEPLOYER=true). Any failure stops the deployment.
#   AUTH_CLIENT_ID of another registration: used as it is, never written; the caller's roles are granted where the
#     signed-in principal may, and otherwise the commands are printed (the pipeline, without Graph permissions).
configure_api_registration() {
  local unique="$1" display="$2" caller="$3" deployer="$4" work="$5"
  local entra own ids object_id app_id sp_id tenant err
  entra="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/entra"
  tenant="$(az account show --query tenantId --output tsv)"
  own="$(graph_get "/applications(uniqueName='${unique}')?\$select=appId" appId 2>/dev/null || true)"

  if [[ -n "${AUTH_CLIENT_ID:-}" && "${AUTH_CLIENT_ID}" != "${own}" ]]; then
    [[ "${AUTH_CLIENT_ID}" =~ ^[0-9a-fA-F-]{36}$ ]] || die "AUTH_CLIENT_ID must be an application (client) id, a GUID (got '${AUTH_CLIENT_ID}')."
    AUTH_TENANT_ID="${AUTH_TENANT_ID:-${tenant}}"
    info "Using the existing registration ${AUTH_CLIENT_ID} (AUTH_CLIENT_ID) in tenant ${AUTH_TENANT_ID}, as it is."
    if ! err="$(az rest --method get --url "${GRAPH_URL}/applications(appId='${AUTH_CLIENT_ID}')?\$select=appId" \
      --output none 2>&1)" && [[ "${err}" == *Request_ResourceNotFound* ]]; then
      die "No application ${AUTH_CLIENT_ID} in tenant ${tenant}. Set AUTH_CLIENT_ID to an existing registration, or empty to have one made."
    fi
    if [[ -z "${AUTH_APP_ID_URI:-}" ]]; then
      AUTH_APP_ID_URI="$(graph_get "/applications(appId='${AUTH_CLIENT_ID}')?\$select=identifierUris" 'identifierUris[0]' \
        2>/dev/null || true)"
      [[ "${AUTH_APP_ID_URI}" != "None" ]] || AUTH_APP_ID_URI=""
    fi
    sp_id="$(graph_get "/servicePrincipals(appId='${AUTH_CLIENT_ID}')?\$select=id" id 2>/dev/null || true)"
    if [[ -z "${sp_id}" || "${sp_id}" == "None" ]]; then
      info "Its service principal is not readable here (no Graph permission, as in the pipeline): the smoke test's"
      info "identity ${caller} must already hold Codes.Issue and Codes.Verify on it (docs/deployment.md)."
    elif ! assign_api_roles "${sp_id}" "${caller}" "smoke test's identity" "${work}"; then
      warn "Could not grant the smoke test's identity ${caller} the API's app roles; an owner of the registration (or a Cloud Application Administrator) can:"
      assign_api_roles_hint "${sp_id}" "${caller}"
    fi
    return 0
  fi

  [[ "${display}" =~ ^[A-Za-z0-9._-]{1,120}$ ]] || die "Unusable display name '${display}' for the app registration."
  [[ "${unique}" =~ ^[a-z0-9-]{1,120}$ ]] || die "Unusable uniqueName '${unique}' for the app registration."
  if [[ -z "${own}" ]]; then
    info "Creating the API's app registration ${display} (uniqueName ${unique}) in tenant ${tenant}."
  else
    info "Bringing the API's app registration ${own} (uniqueName ${unique}) in step with deploy/entra/."
  fi
  sed -e "s/__DISPLAY_NAME__/${display}/" "${entra}/api-application.json" >"${work}/api-application.json"
  if ! run az rest --method patch --url "${GRAPH_URL}/applications(uniqueName='${unique}')" \
    --headers "Prefer=create-if-missing" --body "@${work}/api-application.json" --output none; then
    die "Could not create or update the app registration ${unique} in tenant ${tenant}. Registering applications needs the
       tenant's default user permission or the Application Developer role (docs/deployment.md, \"Who may call it\");
       otherwise set AUTH_CLIENT_ID to a registration made for you, or AUTH_ENABLED=false for a public demo."
  fi
  ids="$(retry "${work}" 12 5 graph_get "/applications(uniqueName='${unique}')?\$select=id,appId" '[id, appId]')" \
    || die "The registration ${unique} cannot be read back."
  read -r object_id app_id <<<"${ids}"

  # The identifier URI needs the appId and the pre-authorization needs the scope to exist: a second update.
  sed -e "s/__APP_ID__/${app_id}/g" "${entra}/api-application-expose.json" >"${work}/api-application-expose.json"
  info "+ az rest --method patch --url ${GRAPH_URL}/applications/${object_id} --body @api-application-expose.json"
  retry "${work}" 12 5 az rest --method patch --url "${GRAPH_URL}/applications/${object_id}" \
    --body "@${work}/api-application-expose.json" --output none \
    || die "Could not set the identifier URI api://${app_id} and pre-authorize the Azure CLI."

  info "+ az rest --method patch --url \"${GRAPH_URL}/servicePrincipals(appId='${app_id}')\" (create if missing)"
  retry "${work}" 12 5 az rest --method patch --url "${GRAPH_URL}/servicePrincipals(appId='${app_id}')" \
    --headers "Prefer=create-if-missing" --body "@${entra}/api-service-principal.json" --output none \
    || die "Could not create or update the service principal of ${app_id}."
  sp_id="$(retry "${work}" 12 5 graph_get "/servicePrincipals(appId='${app_id}')?\$select=id" id)" \
    || die "The service principal of ${app_id} cannot be read back."

  assign_api_roles "${sp_id}" "${caller}" "smoke test's identity" "${work}" \
    || die "Could not grant the smoke test's identity ${caller} the API's app roles."
  if [[ -n "${deployer}" ]]; then
    assign_api_roles "${sp_id}" "${deployer}" "you (AUTH_GRANT_DEPLOYER)" "${work}" \
      || warn "Could not grant you (${deployer}) the API's app roles."
  fi
  AUTH_TENANT_ID="${tenant}"
  AUTH_CLIENT_ID="${app_id}"
  AUTH_APP_ID_URI="api://${app_id}"
  info "AUTH_TENANT_ID=${AUTH_TENANT_ID} AUTH_CLIENT_ID=${AUTH_CLIENT_ID} AUTH_APP_ID_URI=${AUTH_APP_ID_URI}"
}

# delete_api_registration UNIQUE_NAME PURGE WORK_DIR: removes this deployment's own registration (found by its
# uniqueName; a registration given as AUTH_CLIENT_ID never has it) and its service principal, and with them every app
# role assignment to the API. PURGE=true also deletes both from Entra's deleted items, which would otherwise keep the
# uniqueName taken for 30 days.
delete_api_registration() {
  local unique="$1" purge="$2" work="$3" ids object_id app_id sp_id id
  ids="$(graph_get "/applications(uniqueName='${unique}')?\$select=id,appId" '[id, appId]' 2>/dev/null)" || ids=""
  if [[ -z "${ids}" ]]; then
    info "No app registration ${unique} (or none this sign-in can see): nothing to remove in Entra ID."
    return 0
  fi
  read -r object_id app_id <<<"${ids}"
  sp_id="$(graph_get "/servicePrincipals(appId='${app_id}')?\$select=id" id 2>/dev/null || true)"
  if [[ -n "${sp_id}" && "${sp_id}" != "None" ]]; then
    run az rest --method delete --url "${GRAPH_URL}/servicePrincipals/${sp_id}" \
      || warn "Could not delete the service principal ${sp_id}; deleting the registration removes it too."
  fi
  run az rest --method delete --url "${GRAPH_URL}/applications/${object_id}" \
    || die "Could not delete the app registration ${app_id} (${unique})."
  if is_true "${purge}"; then
    for id in "${object_id}" "${sp_id}"; do
      [[ -n "${id}" && "${id}" != "None" ]] || continue
      info "+ az rest --method delete --url ${GRAPH_URL}/directory/deletedItems/${id}"
      retry "${work}" 6 10 az rest --method delete --url "${GRAPH_URL}/directory/deletedItems/${id}" \
        || warn "Could not purge ${id} from the deleted items; it is removed by Entra after 30 days."
    done
  else
    info "Kept in Entra's deleted items for 30 days (restorable; its uniqueName stays taken until then)."
  fi
}

# ---------------------------------------------------------------------------------------------- smoke test
# run_smoke_job SUBSCRIPTION RESOURCE_GROUP JOB TIMEOUT_SECONDS WORK_DIR: starts the smoke test's caller (a Container
# Apps job, modules/smoke-test-job.bicep) and waits for its execution's end: 0 when it succeeded.
run_smoke_job() {
  local job_id="/subscriptions/$1/resourceGroups/$2/providers/Microsoft.App/jobs/$3" timeout="$4" work="$5"
  local deadline execution="" status name
  deadline=$((SECONDS + timeout))
  az rest --method get --url "${job_id}/executions?api-version=${CONTAINERAPPS_API}" --query 'value[].name' \
    --output tsv >"${work}/executions.before" 2>/dev/null || : >"${work}/executions.before"
  info "+ az rest --method post --url ${job_id}/start?api-version=${CONTAINERAPPS_API}"
  execution="$(az rest --method post --url "${job_id}/start?api-version=${CONTAINERAPPS_API}" --query name \
    --output tsv)" || die "Could not start the job $3."
  [[ "${execution}" != "None" ]] || execution=""
  while [[ -z "${execution}" ]]; do
    # The start was accepted (202) without naming the execution: it is the one that was not there before.
    while IFS= read -r name; do
      if [[ -n "${name}" ]] && ! grep -qxF "${name}" "${work}/executions.before"; then
        execution="${name}"
      fi
    done < <(az rest --method get --url "${job_id}/executions?api-version=${CONTAINERAPPS_API}" \
      --query 'value[].name' --output tsv 2>/dev/null || true)
    [[ -n "${execution}" ]] && break
    ((SECONDS < deadline)) || die "The job $3 was started, but no new execution appeared."
    sleep 5
  done
  info "Execution ${execution} (the image is pulled first; the caller retries while the app roles propagate)"
  while :; do
    status="$(az rest --method get --url "${job_id}/executions/${execution}?api-version=${CONTAINERAPPS_API}" \
      --query properties.status --output tsv 2>/dev/null || echo Unknown)"
    case "${status}" in
      Succeeded)
        info "Execution ${execution}: Succeeded"
        return 0
        ;;
      Failed | Stopped | Degraded)
        warn "Execution ${execution}: ${status}"
        return 1
        ;;
    esac
    if ((SECONDS >= deadline)); then
      warn "Execution ${execution}: still ${status} after ${timeout}s"
      return 1
    fi
    info "Execution ${execution}: ${status}"
    sleep 15
  done
}

# smoke_test SUBSCRIPTION RESOURCE_GROUP APP FQDN JOB AUTH_ENABLED STORAGE_ACCOUNT TABLE_NAME SHOW_ENTITY WORK_DIR:
# with authentication on, GET getcode without a token must be a 401 problem with WWW-Authenticate: Bearer; then the
# smoke test's caller (the job, as the identity granted Codes.Issue and Codes.Verify) gets a code with its token,
# retrying while the assignments propagate, and verifies it twice: valid, then not.
smoke_test() {
  local subscription="$1" group="$2" app="$3" fqdn="$4" job="$5" auth="$6" account="$7" table="$8" show_entity="$9"
  local work="${10}"
  local url="https://${fqdn}/api/v1/getcode" status attempt started
  if auth_enabled "${auth}"; then
    step "Calling GET ${url} without a token: a 401 problem is expected"
    for attempt in $(seq 1 12); do
      status="$(curl -sS --max-time 30 -D "${work}/headers" -o "${work}/response" -w '%{http_code}' "${url}" \
        || echo 000)"
      [[ "${status}" == "401" || "${status}" == "200" ]] && break
      info "attempt ${attempt}: HTTP ${status}; retrying in 15s"
      sleep 15
    done
    case "${status}" in
      401)
        grep -qi '^content-type:[[:space:]]*application/problem+json' "${work}/headers" \
          || die "The 401 is not an RFC 9457 problem (Content-Type: $(grep -i '^content-type:' "${work}/headers" | tr -d '\r'))."
        grep -qi '^www-authenticate:[[:space:]]*bearer' "${work}/headers" \
          || die "The 401 has no WWW-Authenticate: Bearer header."
        info "HTTP 401, application/problem+json, $(grep -i '^www-authenticate:' "${work}/headers" | tr -d '\r' | cut -c1-120)"
        ;;
      200) die "GET ${url} answered 200 without a token: the app does not check tokens (AUTH_ENABLED in its settings?)." ;;
      *) die "No 401 from ${url} (last: HTTP ${status}). Logs: az containerapp logs show -g ${group} -n ${app}" ;;
    esac
  else
    info "AUTH_ENABLED=false: anyone may call; the caller below calls without a token."
  fi

  step "The smoke test's caller: Container Apps job ${job}, as its own managed identity"
  info "(getcode with its token, then verify that code twice: valid, then not)"
  started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if ! run_smoke_job "${subscription}" "${group}" "${job}" "${SMOKE_TEST_TIMEOUT_SECONDS:-1200}" "${work}"; then
    info "Its log, once Log Analytics has it (a few minutes), in the workspace's Logs:"
    info "  ContainerAppConsoleLogs_CL | where ContainerJobName_s == '${job}' | project TimeGenerated, Log_s"
    info "The app's: az containerapp logs show -g ${group} -n ${app}"
    die "The smoke test failed."
  fi
  info "A code issued to the caller's token was valid once, then not: tokens, roles, the table and its roles work."
  if is_true "${show_entity}"; then
    info "Codes issued since ${started} (Storage Table Data Reader, no account key):"
    az storage entity query --auth-mode login --account-name "${account}" --table-name "${table}" \
      --filter "Timestamp ge datetime'${started}'" --query 'items' --output jsonc 2>/dev/null \
      || info "(not readable yet: role propagation can take a few minutes)"
  fi
}

# print_token_commands FQDN APP_ID_URI CALLER_CLIENT_ID: how a caller gets a token and calls the API.
print_token_commands() {
  info "Call it (a principal holding Codes.Issue; users through the Azure CLI, which the registration pre-authorizes):"
  info "  TOKEN=\$(az account get-access-token --resource $2 --query accessToken -o tsv)"
  info "  curl -H \"Authorization: Bearer \$TOKEN\" https://$1/api/v1/getcode"
  info "  On Azure, as a user-assigned identity (Azure CLI 2.73+): az login --identity --client-id <its client id>,"
  info "  then the same; or DefaultAzureCredential with the scope $2/.default. The smoke test's identity: $3."
}
